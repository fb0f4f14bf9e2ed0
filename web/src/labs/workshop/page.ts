// The workshop leader's page (#/workshop): the deck's agenda as a timeline of labs and sheets, the site's
// address as a QR code for the projector, how to run the day without internet, an attendee's progress
// export, and the class overview built from the exported files.

import {
  loadProgress,
  progressFile,
  readProgressFile,
  taskKey,
  type ProgressFile,
} from "../../exercises/progress";
import { SHEETS } from "../../exercises/sheets";
import { text } from "../../i18n";
import type { Page } from "../../router";
import { downloadFile, h } from "../../ui/dom";
import { PARTS, type Block } from "./agenda";
import { classOverview } from "./overview";
import { drawQrCode } from "./qr";

const NAME_KEY = "playground.attendee";

/** "1:05" for 65 minutes. */
const clock = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;

export const workshopPage: Page = (container) => {
  const t = text.workshop;
  const progress = loadProgress();

  function solvedHere(lab: keyof typeof SHEETS): number {
    return SHEETS[lab].tasks.filter((task) => progress[taskKey(lab, task.id)]?.solvedAt !== undefined).length;
  }

  function blockItem(block: Block, start: number): HTMLElement {
    const words = t.blocks[block.id];
    return h(
      "li",
      { class: "agenda-block", "data-testid": `workshop-block-${block.id}` },
      h("span", { class: "agenda-time" }, `${clock(start)}–${clock(start + block.minutes)}`),
      h("strong", {}, words.title),
      block.labs.length === 0
        ? h("p", { class: "note", "data-testid": `workshop-no-lab-${block.id}` }, words.note ?? t.noLabYet)
        : h(
            "ul",
            {},
            ...block.labs.map((lab) =>
              h(
                "li",
                {},
                h("a", { href: `#/${lab}` }, text.home.labs[lab].title),
                ` — ${t.sheetProgress(solvedHere(lab), SHEETS[lab].tasks.length)}`,
              ),
            ),
            words.note ? h("li", { class: "note" }, words.note) : undefined,
          ),
    );
  }

  const agenda = PARTS.map((blocks, part) => {
    let start = 0;
    const items = blocks.map((block) => {
      const item = blockItem(block, start);
      start += block.minutes;
      return item;
    });
    return h("section", {}, h("h2", {}, t.parts[part]), h("ol", { class: "agenda" }, ...items));
  });

  // --- The site's address, to scan from the projector -----------------------------------------------------
  const siteUrl = new URL(".", document.baseURI).href;
  const qr = h("canvas", {
    class: "qr",
    "data-testid": "workshop-qr",
    role: "img",
    "aria-label": t.qrLabel(siteUrl),
  });
  drawQrCode(qr, siteUrl);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(location.hostname);

  // --- An attendee's progress, exported ----------------------------------------------------------------------
  const nameInput = h("input", {
    type: "text",
    "data-testid": "workshop-name",
    value: localStorage.getItem(NAME_KEY) ?? "",
    size: 24,
  });
  nameInput.addEventListener("change", () => localStorage.setItem(NAME_KEY, nameInput.value.trim()));
  const exportButton = h(
    "button",
    {
      type: "button",
      "data-testid": "workshop-export",
      onclick: () => {
        const name = nameInput.value.trim() || t.anonymous;
        const file = progressFile(name, loadProgress());
        downloadFile(
          JSON.stringify(file),
          `progress-${name.replace(/[^\p{L}\p{N}-]+/gu, "_")}.json`,
          "application/json",
        );
      },
    },
    t.export,
  );

  // --- The class overview, from many exported files -------------------------------------------------------------
  const importInput = h("input", {
    type: "file",
    accept: ".json,application/json",
    multiple: true,
    "data-testid": "workshop-import",
  });
  const refused = h("p", { class: "note error", "data-testid": "workshop-refused", hidden: true });
  const overview = h(
    "div",
    { class: "overview-scroll", "data-testid": "workshop-overview" },
    h("p", { class: "hint" }, t.overviewEmpty),
  );
  importInput.addEventListener("change", () => void importFiles([...(importInput.files ?? [])]));

  async function importFiles(files: File[]) {
    const read = await Promise.all(
      files.map(async (file) => ({
        name: file.name,
        progress: readProgressFile(await file.text().catch(() => "")),
      })),
    );
    const good = read.flatMap((r) => (r.progress ? [r.progress] : []));
    const bad = read.filter((r) => !r.progress).map((r) => r.name);
    refused.hidden = bad.length === 0;
    refused.textContent = bad.length ? t.refused(bad) : "";
    const attendees: ProgressFile[] = good.sort((a, b) => a.name.localeCompare(b.name));
    overview.replaceChildren(
      attendees.length ? classOverview(attendees) : h("p", { class: "hint" }, t.overviewEmpty),
    );
  }

  container.append(
    h(
      "div",
      { class: "workshop-columns" },
      // The QR code beside the title, so that a projector shows it on the first screen.
      h("div", {}, h("h1", {}, t.title), h("p", { class: "intro" }, t.intro), ...agenda),
      h(
        "section",
        { class: "share" },
        h("h2", {}, t.shareTitle),
        qr,
        h("p", { class: "site-url", "data-testid": "workshop-url" }, siteUrl),
        h("p", { class: "hint" }, local ? t.localAddress : t.shareHint),
      ),
    ),
    h(
      "section",
      { "data-testid": "workshop-offline" },
      h("h2", {}, t.offlineTitle),
      ...t.offline.map(([paragraph, command]) =>
        h("div", {}, h("p", {}, paragraph), command ? h("pre", {}, command) : undefined),
      ),
    ),
    h(
      "section",
      {},
      h("h2", {}, t.progressTitle),
      h("p", { class: "hint" }, t.progressHint),
      h("div", { class: "toolbar" }, h("label", {}, t.yourName, " ", nameInput), exportButton),
    ),
    h(
      "section",
      {},
      h("h2", {}, t.overviewTitle),
      h("p", { class: "hint" }, t.overviewHint),
      h("label", {}, t.importFiles, " ", importInput),
      refused,
      overview,
    ),
  );
  return () => {};
};
