// Box labels in the detection overlay: inside the frame, and never over one another (hand-placed cases).
import { expect, test } from "@playwright/test";
import { labelSpot } from "../../web/src/labs/detect/labels";

const label = (x: number, y: number) => ({ x, y, width: 100, height: 20 });

test("a label sits above its box, or inside it at the top edge", () => {
  expect(labelSpot(label(50, 80), 640, 480, [])).toEqual({ x: 50, y: 60, width: 100, height: 20 });
  // A box touching the top: the label goes inside the box instead of off the frame.
  expect(labelSpot(label(50, 5), 640, 480, [])).toEqual({ x: 50, y: 5, width: 100, height: 20 });
});

test("a label at the right edge moves left into the frame", () => {
  expect(labelSpot(label(600, 80), 640, 480, []).x).toBe(540);
});

test("labels of boxes at the same spot stack instead of covering each other", () => {
  const first = labelSpot(label(50, 80), 640, 480, []);
  const second = labelSpot(label(60, 82), 640, 480, [first]);
  expect(second.y).toBe(first.y + 20);
  // A third one below both, even when the first placement would hit the second label only.
  const third = labelSpot(label(55, 81), 640, 480, [first, second]);
  expect(third.y).toBe(second.y + 20);
  // Labels that do not overlap stay where they are.
  expect(labelSpot(label(300, 80), 640, 480, [first, second]).y).toBe(60);
});

test("a label never leaves the bottom of the frame", () => {
  const placed = [{ x: 0, y: 460, width: 640, height: 20 }];
  expect(labelSpot(label(50, 475), 640, 480, placed).y).toBe(460);
});
