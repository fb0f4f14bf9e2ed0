// The Pareto front of the tried settings: those no other setting beats on size and accuracy at once.

export interface Tried {
  bytes: number;
  accuracy: number;
}

/** Whether `a` is at least as small and as accurate as `b`, and better in one of the two. */
const dominates = (a: Tried, b: Tried) =>
  a.bytes <= b.bytes && a.accuracy >= b.accuracy && (a.bytes < b.bytes || a.accuracy > b.accuracy);

/** The indices of the points on the front, smallest file first (one of two equal points). */
export function paretoFront(points: readonly Tried[]): number[] {
  const front = points
    .map((point, index) => ({ point, index }))
    .filter(({ point, index }) =>
      points.every(
        (other, j) =>
          !dominates(other, point) &&
          !(j < index && other.bytes === point.bytes && other.accuracy === point.accuracy),
      ),
    );
  return front.sort((a, b) => a.point.bytes - b.point.bytes).map(({ index }) => index);
}
