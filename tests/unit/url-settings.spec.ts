// The address codec every lab's settings go through: hand-picked addresses and what they must read as.
import { expect, test } from "@playwright/test";
import type { Fields } from "../../web/src/ui/url-settings";

test.beforeAll(() => {
  // What the i18n module reads of the browser when it loads.
  for (const [name, value] of Object.entries({
    location: { search: "" },
    navigator: { languages: ["en"] },
  })) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
});

interface Settings {
  rate: number;
  seed: number;
  kind: "a" | "b";
  on: boolean;
  layers: number[];
}

async function codec() {
  const { field, readSettings, encodeSettings } = await import("../../web/src/ui/url-settings");
  const fields: Fields<Settings> = {
    rate: field.number("lr", 0.3, { min: 1e-4, max: 10, step: 0.01 }),
    seed: field.number("seed", 1, { min: 0, max: 100, step: 1 }),
    kind: field.choice<Settings["kind"]>("kind", ["a", "b"], "a"),
    on: field.flag("on"),
    layers: field.custom(
      "layers",
      [4, 4],
      (raw) => (raw === "" ? [] : raw.split(",").map(Number)),
      (layers: number[]) => layers.join(","),
    ),
  };
  return {
    read: (address: string) => readSettings<Settings>(fields, new URLSearchParams(address)),
    encode: (settings: Settings) => String(encodeSettings<Settings>(fields, settings)),
  };
}

test("an empty address reads as every field's default", async () => {
  const { read } = await codec();
  expect(read("")).toEqual({ rate: 0.3, seed: 1, kind: "a", on: false, layers: [4, 4] });
});

test("values the fields would refuse fall back to the default, valid ones are taken", async () => {
  const { read } = await codec();
  expect(read("lr=5&seed=7&kind=b&on=1&layers=2,3")).toEqual({
    rate: 5,
    seed: 7,
    kind: "b",
    on: true,
    layers: [2, 3],
  });
  // Out of range, not a number, empty, not whole, not an option, not a flag.
  expect(read("lr=11&seed=1.5&kind=c&on=yes")).toEqual({
    rate: 0.3,
    seed: 1,
    kind: "a",
    on: false,
    layers: [4, 4],
  });
  expect(read("lr=abc&seed=").rate).toBe(0.3);
  expect(read("seed=").seed).toBe(1);
  expect(read("lr=0.00001").rate).toBe(0.3);
  // An empty list is a value of its own (no hidden layer), unlike an absent one.
  expect(read("layers=").layers).toEqual([]);
});

test("written settings read back as themselves", async () => {
  const { read, encode } = await codec();
  const settings: Settings = { rate: 0.05, seed: 42, kind: "b", on: true, layers: [] };
  expect(encode(settings)).toBe("lr=0.05&seed=42&kind=b&on=1&layers=");
  expect(read(encode(settings))).toEqual(settings);
});

test("the CNN lab's blocks field reads convolutions and Fire modules, and writes them back alike", async () => {
  const { parseBlocks, formatBlocks } = await import("../../web/src/labs/cnn/settings");
  expect(parseBlocks("8, F16,32")).toEqual([
    { filters: 8, fire: false },
    { filters: 16, fire: true },
    { filters: 32, fire: false },
  ]);
  expect(formatBlocks(parseBlocks("8,f16") ?? [])).toBe("8,f16");
  expect(parseBlocks("")).toEqual([]);
  for (const bad of ["8,,16", "f", "ff8", "8.5", "0", "f0", "1e2", "-4", "8,x"]) {
    expect(parseBlocks(bad), bad).toBeUndefined();
  }
});
