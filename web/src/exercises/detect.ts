// The detection lab's sheet: the largest input size that keeps the camera at 10 frames per second, what the
// score and overlap thresholds trade, and which backend runs the detector fastest here.

import { text } from "../i18n";
import { INPUT_SIZES } from "../labs/detect/settings";
import type { DetectLabState, PhotoRun } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.detect;

/** Frames per second the task calls fluent. */
const FLUENT_FPS = 10;

/** The pairs of runs on one photo with one model at one size that `same` accepts. */
function pairs(s: DetectLabState, same: (a: PhotoRun, b: PhotoRun) => boolean): [PhotoRun, PhotoRun][] {
  const runs = s.photoRuns;
  return runs.flatMap((a) =>
    runs
      .filter((b) => b.photo === a.photo && b.model === a.model && b.size === a.size && same(a, b))
      .map((b): [PhotoRun, PhotoRun] => [a, b]),
  );
}

/**
 * Two detections of one photo with `held` the same and `varied` higher in the second, whose box count went
 * down (`fewer`) or up.
 */
const traded =
  (varied: "confidence" | "nmsIou", held: "confidence" | "nmsIou", fewer: boolean) => (s: DetectLabState) =>
    pairs(
      s,
      (a, b) =>
        Math.abs(a[held] - b[held]) < 1e-6 &&
        a[varied] < b[varied] &&
        (fewer ? a.boxes > b.boxes : a.boxes < b.boxes),
    ).length > 0;

export const detectSheet: Sheet<"detect"> = {
  lab: "detect",
  tasks: [
    {
      id: "largest-fluent-size",
      start: "model=tiny-face&size=224&backend=simd",
      check: (s) => {
        const fps = new Map<number, number>(
          INPUT_SIZES.flatMap((size) => {
            const measured = s.cameraFps[`${s.model} ${size} ${s.backend}`];
            return measured === undefined ? [] : [[size, measured] as const];
          }),
        );
        if (fps.size === 0) return missing(words().startCamera);
        const fluent = [...fps].filter(([, perSecond]) => perSecond >= FLUENT_FPS).map(([size]) => size);
        // Even the smallest size is too slow here: that is this laptop's answer too.
        if (fluent.length === 0)
          return fps.has(INPUT_SIZES[0]) ? solved : missing(words().trySmaller(INPUT_SIZES[0]));
        const largest = Math.max(...fluent);
        const next = INPUT_SIZES[(INPUT_SIZES as readonly number[]).indexOf(largest) + 1];
        return next === undefined || fps.has(next)
          ? solved
          : missing(words().tryLarger(largest, fps.get(largest) ?? 0, next));
      },
    },
    {
      id: "score-threshold",
      start: "model=yolo-fastest-1.1&backend=simd",
      // A higher score threshold keeps fewer boxes.
      check: (s) => (traded("confidence", "nmsIou", true)(s) ? solved : missing(words().scoreTrade)),
    },
    {
      id: "overlap-threshold",
      start: "model=yolo-fastest-1.1&backend=simd&conf=0.1",
      // A higher overlap threshold suppresses less, so keeps more boxes.
      check: (s) => (traded("nmsIou", "confidence", false)(s) ? solved : missing(words().overlapTrade)),
    },
    {
      id: "fastest-backend",
      start: "model=tiny-face&backend=simd",
      check: (s) =>
        pairs(s, (a, b) => a.backend !== b.backend).length > 0 ? solved : missing(words().otherBackend),
    },
  ],
};
