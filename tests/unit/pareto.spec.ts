// The compression lab's Pareto front, against fronts worked out by hand.
import { expect, test } from "@playwright/test";
import { paretoFront } from "../../web/src/labs/compress/pareto";

test("the front keeps the settings nothing beats on both size and accuracy, smallest first", () => {
  const points = [
    { bytes: 37000, accuracy: 0.986 }, // 0: float32, the most accurate: on the front
    { bytes: 19000, accuracy: 0.986 }, // 1: float16, as accurate and smaller: beats 0
    { bytes: 9800, accuracy: 0.985 }, // 2: int8 + Huffman: on the front
    { bytes: 15000, accuracy: 0.56 }, // 3: rank 4, beaten by 2 on both
    { bytes: 2500, accuracy: 0.84 }, // 4: the smallest: on the front
    { bytes: 5400, accuracy: 0.985 }, // 5: 4-bit, as accurate as 2 and smaller: beats 2
    { bytes: 5400, accuracy: 0.985 }, // 6: the same again: one of the two
  ];
  expect(paretoFront(points)).toEqual([4, 5, 1]);
  expect(paretoFront([])).toEqual([]);
  expect(paretoFront([{ bytes: 1, accuracy: 0 }])).toEqual([0]);
});
