// Where the detection overlay puts each box's label: a plain function of rectangles, tested on its own.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Where a box's label goes: above the box's top-left corner, inside the frame (moved in from an edge), and
 * below labels already placed that it would cover, so crowded boxes keep every label readable.
 */
export function labelSpot(label: Rect, frameWidth: number, frameHeight: number, placed: Rect[]): Rect {
  const x = Math.max(0, Math.min(label.x, frameWidth - label.width));
  let y = label.y >= label.height ? label.y - label.height : label.y;
  for (let moved = true; moved;) {
    moved = false;
    for (const other of placed) {
      if (overlaps({ ...label, x, y }, other)) {
        y = other.y + other.height;
        moved = true;
      }
    }
  }
  return { ...label, x, y: Math.min(y, frameHeight - label.height) };
}
