// Long series made drawable: the range of any number of values, and a thinned copy that draws the same.
// No DOM here, so the tests run it in Node.

/** The smallest and largest finite value, in one pass: spreading a long series into Math.max overflows the stack. */
export function extent(values: Iterable<number>): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}

/**
 * At most about 2 · `columns` points that draw like all of `values`: each column keeps its lowest and its
 * highest value, in index order, so spikes survive; the last value always stays. Non-finite values are dropped.
 */
export function decimate(values: number[], columns: number): { index: number; value: number }[] {
  const point = (index: number) => ({ index, value: values[index] });
  if (values.length <= 2 * columns)
    return values.map((_, i) => point(i)).filter((p) => Number.isFinite(p.value));
  const kept: { index: number; value: number }[] = [];
  const perColumn = values.length / columns;
  for (let column = 0; column < columns; column++) {
    const from = Math.floor(column * perColumn);
    const to = Math.min(values.length, Math.floor((column + 1) * perColumn));
    let low = -1;
    let high = -1;
    for (let i = from; i < to; i++) {
      if (!Number.isFinite(values[i])) continue;
      if (low < 0 || values[i] < values[low]) low = i;
      if (high < 0 || values[i] > values[high]) high = i;
    }
    if (low < 0) continue;
    for (const index of [...new Set([low, high])].sort((a, b) => a - b)) kept.push(point(index));
  }
  const last = values.length - 1;
  if (Number.isFinite(values[last]) && kept.at(-1)?.index !== last) kept.push(point(last));
  return kept;
}
