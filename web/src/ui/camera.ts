// The webcam: opened with getUserMedia, its failures turned into what the attendee can do about them (each lab
// words them for itself: what else it can work on). Frames stay in this browser: the page reads them into the
// engine worker and nowhere else.

/** A camera that could not be opened, with a message for the page. */
export class CameraError extends Error {}

/** What a lab says when the camera cannot be opened, for each reason. */
export interface CameraMessages {
  cameraInsecure: string;
  cameraRefused: string;
  cameraMissing: string;
  cameraBusy: string;
  cameraFailed: (message: string) => string;
}

export async function openCamera(video: HTMLVideoElement, t: CameraMessages): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError(t.cameraInsecure);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError" || name === "SecurityError") throw new CameraError(t.cameraRefused);
    if (name === "NotFoundError" || name === "OverconstrainedError") throw new CameraError(t.cameraMissing);
    if (name === "NotReadableError") throw new CameraError(t.cameraBusy);
    throw new CameraError(t.cameraFailed(error instanceof Error ? error.message : String(error)));
  }
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  return stream;
}

export function closeCamera(video: HTMLVideoElement, stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
  video.srcObject = null;
}
