// The pictures a served network is looked at on where there is no test set: the sample photos the site
// serves, and the pictures of the transfer lab's set that this browser kept.

import { loadSet } from "../storage/transfer-set";
import { samplePicture } from "./picture-source";

/** The sample photos the site serves (under `samples/`). */
export const SAMPLE_PICTURES = ["chelsea.png", "dog.jpg", "astronaut.png"] as const;

/** The samples, then at most `kept` of the transfer lab's pictures; a picture that cannot be had is left out. */
export async function pictureSet(kept: number): Promise<Blob[]> {
  const blobs: Blob[] = [];
  for (const name of SAMPLE_PICTURES) {
    const blob = await samplePicture(name).catch(() => undefined);
    if (blob) blobs.push(blob);
  }
  const set = await loadSet().catch(() => undefined);
  blobs.push(...(set?.examples ?? []).slice(0, kept).map((e) => e.image));
  return blobs;
}
