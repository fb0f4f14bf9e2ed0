// A lab's picture: the webcam, a sample the site serves or the attendee's own photo (a file, or one dropped on
// the stage), shown on a stage with an overlay for what the lab draws over it. The camera runs a loop of the
// lab's own: one frame in flight at a time, so a slow backend drops frames instead of falling behind (latest
// frame wins). Frames and photos stay in this browser.

import { notify } from "./notices";
import { CameraError, closeCamera, openCamera, type CameraMessages } from "./camera";
import { h, labelled } from "./dom";
import { actions as buttonRow } from "./lab-layout";

/** The longest side a photo keeps on the way in: a 24-megapixel photo would only grow the engine's memory. */
const MAX_PHOTO_SIDE = 1600;
/** Frames the frame rate averages over. */
export const FPS_WINDOW = 10;

/** The stream's frames per second, once two frames were shown; `settled` once a whole window was. */
export interface FrameRate {
  fps?: number;
  settled: boolean;
}

/** Sample picture `name`, as the site serves it (under `samples/`). */
export async function samplePicture(name: string): Promise<Blob> {
  const response = await fetch(new URL(`samples/${name}`, document.baseURI));
  if (!response.ok) throw new Error(`samples/${name}: ${response.status}`);
  return response.blob();
}

export interface PictureWords extends CameraMessages {
  waiting: string;
  startCamera: string;
  stopCamera: string;
  sample: (name: string) => string;
  photo: string;
  privacy: string;
  unreadableImage: (name: string) => string;
  notAnImage: (name: string) => string;
}

export interface PictureHandlers {
  /** Whether the lab takes frames now (its model is ready); the loop waits until it does. */
  ready(): boolean;
  /** One camera frame: the lab reads it from the video and looks at it; the next waits for this one. */
  frame(video: HTMLVideoElement): Promise<void>;
  /** A photo (or sample) is on show, the camera stopped: the lab looks at it. */
  photo(): Promise<void>;
  /** A frame or a photo failed; false stops the camera. */
  failure(error: unknown): boolean;
  /** The camera started or stopped. */
  streaming?(on: boolean): void;
}

const nextAnimationFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function downscaled(image: ImageBitmap): Promise<ImageBitmap> {
  const scale = MAX_PHOTO_SIDE / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  const smaller = await createImageBitmap(image, {
    resizeWidth: Math.round(image.width * scale),
    resizeHeight: Math.round(image.height * scale),
    resizeQuality: "high",
  });
  image.close();
  return smaller;
}

/**
 * The picture's stage and controls, test ids prefixed with `prefix` (e.g. `detect-camera-start`), for the
 * page's `visit`: once it is over no camera starts and the loop ends.
 */
export function pictureSource(
  prefix: string,
  samples: readonly string[],
  words: PictureWords,
  handlers: PictureHandlers,
  visit: AbortSignal,
) {
  const video = h("video", { class: "camera-media", "data-testid": `${prefix}-video` });
  const stillCanvas = h("canvas", { class: "camera-media hidden", "data-testid": `${prefix}-still` });
  const overlay = h("canvas", { class: "camera-overlay", "data-testid": `${prefix}-overlay` });
  // Until a camera or a photo shows, the stage keeps its place (4:3) and says what will appear there.
  const stage = h(
    "div",
    { class: "camera-stage empty", "data-testid": `${prefix}-stage` },
    video,
    stillCanvas,
    overlay,
    h("p", { class: "camera-waiting", "data-testid": `${prefix}-waiting` }, words.waiting),
  );
  const cameraMessage = h("p", { class: "note error hidden", "data-testid": `${prefix}-camera-message` });
  const startButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": `${prefix}-camera-start` },
    words.startCamera,
  );
  const stopButton = h(
    "button",
    { type: "button", "data-testid": `${prefix}-camera-stop`, disabled: true },
    words.stopCamera,
  );
  const fileInput = h("input", { type: "file", accept: "image/*", "data-testid": `${prefix}-file` });
  const sampleButtons = samples.map((name) =>
    h("button", { type: "button", "data-testid": `${prefix}-sample-${name}` }, words.sample(name)),
  );

  let stream: MediaStream | undefined;
  /** Bumped to stop the camera loop. */
  let cameraRun = 0;
  let still: ImageBitmap | undefined;
  /** When the last frames of the stream were shown, at most FPS_WINDOW. */
  const frameTimes: number[] = [];

  function showMedia(kind: "video" | "still") {
    overlay.getContext("2d")?.clearRect(0, 0, overlay.width, overlay.height);
    video.classList.toggle("hidden", kind !== "video");
    stillCanvas.classList.toggle("hidden", kind !== "still");
    // The webcam shows the attendee as a mirror does; a photo is shown as it is.
    stage.classList.toggle("mirrored", kind === "video");
    stage.classList.remove("empty");
  }

  async function cameraLoop(run: number) {
    while (run === cameraRun && !visit.aborted) {
      if (!handlers.ready() || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
        await nextAnimationFrame();
        continue;
      }
      try {
        await handlers.frame(video);
      } catch (error) {
        if (!handlers.failure(error)) stopCamera();
      }
    }
  }

  async function startCamera() {
    cameraMessage.classList.add("hidden");
    let opened: MediaStream;
    try {
      opened = await openCamera(video, words);
    } catch (error) {
      say(error instanceof CameraError ? error.message : String(error));
      return;
    }
    // The user may have left while the browser asked for the camera: its light must not stay on.
    if (visit.aborted) return closeCamera(video, opened);
    stream = opened;
    still?.close();
    still = undefined;
    showMedia("video");
    startButton.disabled = true;
    stopButton.disabled = false;
    frameTimes.length = 0;
    handlers.streaming?.(true);
    void cameraLoop(++cameraRun);
  }

  function stopCamera() {
    cameraRun++;
    closeCamera(video, stream);
    const was = stream !== undefined;
    stream = undefined;
    startButton.disabled = false;
    stopButton.disabled = true;
    frameTimes.length = 0;
    if (was) handlers.streaming?.(false);
  }

  function say(message: string) {
    cameraMessage.textContent = message;
    cameraMessage.classList.remove("hidden");
  }

  /** Shows `image` as the picture (the camera stopped); the picture keeps it. */
  function showStill(image: ImageBitmap) {
    stopCamera();
    still?.close();
    still = image;
    stillCanvas.width = image.width;
    stillCanvas.height = image.height;
    stillCanvas.getContext("2d")?.drawImage(image, 0, 0);
    showMedia("still");
  }

  async function showPhoto(source: Blob, name: string) {
    let image: ImageBitmap;
    try {
      image = await downscaled(await createImageBitmap(source));
    } catch {
      notify(words.unreadableImage(name));
      return;
    }
    showStill(image);
    await handlers.photo();
  }

  function takeFile(file: File | undefined) {
    if (!file) return;
    if (!file.type.startsWith("image/")) {
      notify(words.notAnImage(file.name));
      return;
    }
    void showPhoto(file, file.name).catch(handlers.failure);
  }

  startButton.addEventListener("click", () => void startCamera());
  stopButton.addEventListener("click", stopCamera);
  fileInput.addEventListener("change", () => takeFile(fileInput.files?.[0]));
  stage.addEventListener("dragover", (event) => event.preventDefault());
  stage.addEventListener("drop", (event) => {
    event.preventDefault();
    takeFile(event.dataTransfer?.files[0]);
  });
  samples.forEach((name, i) =>
    sampleButtons[i].addEventListener("click", () => {
      void samplePicture(name)
        .then((blob) => showPhoto(blob, name))
        .catch(handlers.failure);
    }),
  );

  return {
    stage,
    video,
    stillCanvas,
    overlay,
    /** The source's controls, for the lab's "picture" group. */
    controls: [
      buttonRow(startButton, stopButton),
      buttonRow(...sampleButtons),
      h("div", { class: "wide" }, labelled(words.photo, fileInput)),
      h("div", { class: "wide" }, cameraMessage, h("p", { class: "hint" }, words.privacy)),
    ],
    /** Whether the camera runs. */
    streaming: () => stream !== undefined,
    /** The photo on show, if one is. */
    still: () => still,
    showStill,
    stopCamera,
    /**
     * Counts a frame the lab has shown: the stream's frames per second over its last FPS_WINDOW frames, once
     * there are two (`settled` once the window is full); a photo has none.
     */
    frameShown(): FrameRate {
      if (!stream) frameTimes.length = 0;
      else frameTimes.push(performance.now());
      if (frameTimes.length > FPS_WINDOW) frameTimes.shift();
      const span = frameTimes[frameTimes.length - 1] - frameTimes[0];
      const fps = frameTimes.length > 1 ? ((frameTimes.length - 1) * 1000) / span : undefined;
      return { fps, settled: frameTimes.length === FPS_WINDOW };
    },
    /** Starts the frame rate afresh (the lab's model changed). */
    restartRate: () => (frameTimes.length = 0),
    /** Says something about the camera beside its buttons. */
    say,
    dispose() {
      stopCamera();
      still?.close();
    },
  };
}

export type Picture = ReturnType<typeof pictureSource>;
