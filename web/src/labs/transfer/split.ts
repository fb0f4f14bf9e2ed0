// Which of the attendee's images are held out for validation: the newest share of each class's images (at
// least one, and never all), because frames filmed in one go look alike, and a validation image should not
// be the twin of a training one. The CLI's `transfer` holds out the last quarter by file name the same way.

export interface Recorded {
  id: number;
  classId: number;
  addedAt: number;
}

/** How many of a class's `count` images are held out at `share`. */
export function heldOutCount(count: number, share: number): number {
  if (count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * share)));
}

/** The ids of the images held out at `share`. */
export function heldOut(examples: readonly Recorded[], share: number): Set<number> {
  const byClass = new Map<number, Recorded[]>();
  for (const example of examples)
    byClass.set(example.classId, [...(byClass.get(example.classId) ?? []), example]);
  const held = new Set<number>();
  for (const members of byClass.values()) {
    const newestFirst = [...members].sort((a, b) => b.addedAt - a.addedAt);
    for (const example of newestFirst.slice(0, heldOutCount(members.length, share))) held.add(example.id);
  }
  return held;
}
