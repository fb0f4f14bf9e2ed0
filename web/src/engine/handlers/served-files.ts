// Fetching a served model's files (static-models/<folder>/) in the worker, for the core to load.

import { download } from "../download";
import type { ServedModel } from "../protocol";

async function fetchBytes(url: URL): Promise<Uint8Array> {
  return new Uint8Array(await (await download(url)).arrayBuffer());
}

/** Every file a served model is made of, by name: the shards a tfjs manifest names included. */
export async function fetchServedFiles(base: URL, model: ServedModel): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const get = async (name: string) => (files[name] = await fetchBytes(new URL(name, base)));
  const json = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;
  type Groups = { paths: string[] }[];
  const shards = (groups: Groups) => Promise.all(groups.flatMap((group) => group.paths).map(get));
  switch (model.files.kind) {
    case "darknet":
      await Promise.all([model.files.cfg, model.files.weights, model.files.names].map(get));
      break;
    case "tiny-face":
      await shards(json<Groups>(await get(model.files.manifest)));
      break;
    case "layers-model":
      await get(model.files.labels);
      await shards(json<{ weightsManifest: Groups }>(await get(model.files.model)).weightsManifest);
      break;
  }
  return files;
}
