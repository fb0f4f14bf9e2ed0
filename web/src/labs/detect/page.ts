// The detection lab (#/detect): pretrained YOLO-family detectors on webcam frames or photos, on the
// attendee's own laptop. Frames go from the camera (or a photo) to the engine worker as ImageBitmaps and
// come back as boxes; only one frame is in flight at a time, so a slow backend drops frames instead of
// falling behind (latest frame wins). Nothing leaves the browser.

import type { EngineClient } from "../../engine/client";
import type { DetectorInfo, EngineBackend, FrameResult, ServedModel } from "../../engine/protocol";
import { detectSheet } from "../../exercises/detect";
import type { PhotoRun } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { formatted, text, whyNoWebgpu } from "../../i18n";
import type { Page } from "../../router";
import { h } from "../../ui/dom";
import { environment } from "../../ui/environment-panel";
import { failureReporter, notify, reportFailure } from "../../ui/notices";
import { pictureSource, type FrameRate } from "../../ui/picture-source";
import { drawOverlay } from "./overlay";
import { readSettings, writeSettings } from "../../ui/url-settings";
import { FIELDS } from "./settings";
import { detectView, SAMPLES } from "./view";

/** Photo detections kept for the exercise sheet. */
const PHOTO_RUNS_KEPT = 100;

export const detectLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.detect;
  const settings = readSettings(FIELDS, query);
  let info: DetectorInfo | undefined;
  /** False while a model loads or is laid out: frames wait. */
  let ready = false;

  let catalogue: ServedModel[] = [];
  let framesDone = 0;
  /** The detector the engine is set up with (settings change before it is). */
  let configured: { model: string; size: number; backend: EngineBackend } | undefined;
  /** What the exercise sheet checks: the camera's frame rates and the detections on photos. */
  const cameraFps: Record<string, number> = {};
  const photoRuns: PhotoRun[] = [];
  /** Counts the photos shown, so the sheet compares detections of one photo. */
  let photosShown = 0;
  const exercises = sheetPanel(detectSheet, text.exercises.detect.tasks, visit);
  const picture = pictureSource(
    "detect",
    SAMPLES,
    t,
    {
      ready: () => ready,
      frame: async (video) => {
        const started = performance.now();
        const frame = await createImageBitmap(video);
        await detectFrame(frame, performance.now() - started);
      },
      photo: async () => {
        photosShown++;
        await redetect();
      },
      failure: (error) => failure(error),
    },
    visit,
  );
  const {
    status,
    provenance,
    boxesList,
    readouts,
    modelSelect,
    backendSelect,
    confidenceInput,
    nmsInput,
    customInputs,
    customButton,
  } = detectView(
    container,
    settings,
    {
      configure: () => changed(configure),
      redetect: () => changed(redetect),
    },
    picture,
    exercises.element,
  );

  // --- The model -----------------------------------------------------------------------------------------------

  /** Runs `step` after a settings change, with the URL updated; failures are reported, not thrown. */
  function changed(step: () => Promise<void>) {
    writeSettings(FIELDS, settings);
    void step().catch(failure);
  }

  /**
   * Reports a failure, unless it was the GPU going away: the engine then moved the detector to SIMD, and
   * the page follows (the camera goes on). Whether the lab can go on.
   */
  const failure = failureReporter(backendSelect, () => {
    settings.backend = "simd";
    writeSettings(FIELDS, settings);
    showReady();
  })(t.title);

  async function loadModel() {
    if (visit.aborted) return;
    ready = false;
    status.textContent = t.loadingModel;
    const served = catalogue.find((d) => d.id === settings.model);
    if (served) {
      const baseUrl = new URL("static-models/", document.baseURI).href;
      info = await engine.call("detect/load-served", { baseUrl, id: served.id });
      if (visit.aborted) return;
      provenance.textContent = t.provenance(served.origin, served.licence);
    }
    showThresholds();
    await configure();
  }

  /** The fields show the thresholds in use: the user's, else the loaded model's own defaults. */
  function showThresholds() {
    const { confidence, nmsIou } = thresholds();
    // The defaults arrive as float32: 0.4 would show as 0.4000000059604645.
    confidenceInput.value = String(Math.round(confidence * 100) / 100);
    nmsInput.value = String(Math.round(nmsIou * 100) / 100);
    // Their sliders follow what the fields show.
    for (const input of [confidenceInput, nmsInput]) input.dispatchEvent(new Event("input"));
  }

  async function configure() {
    if (!info || visit.aborted) return;
    ready = false;
    const size = settings.size || info.defaultSize;
    status.textContent = t.preparing(size, settings.backend);
    delete status.dataset.ready;
    await engine.call("detect/configure", { backend: settings.backend, size });
    if (visit.aborted) return;
    configured = { model: settings.model, size, backend: settings.backend };
    publishMeasured();
    ready = true;
    showReady();
    picture.restartRate();
    await redetect();
  }

  /** The status line: which model runs at which size on which backend. */
  function showReady() {
    if (!info) return;
    const size = settings.size || info.defaultSize;
    status.textContent = t.ready(
      modelSelect.selectedOptions[0]?.textContent ?? settings.model,
      size,
      settings.backend,
    );
    status.dataset.ready = `${settings.model} ${size} ${settings.backend}`;
  }

  const thresholds = () => ({
    confidence: Number.isFinite(settings.confidence)
      ? settings.confidence
      : (info?.defaults.confidence ?? 0.5),
    nmsIou: Number.isFinite(settings.nmsIou) ? settings.nmsIou : (info?.defaults.nmsIou ?? 0.45),
  });

  // --- Frames --------------------------------------------------------------------------------------------------

  async function detectFrame(image: ImageBitmap, grabMs: number): Promise<FrameResult> {
    const used = thresholds();
    const result = await engine.call(
      "detect/frame",
      { image, ...used, grids: settings.grid },
      { transfer: [image] },
    );
    record(result, used, show(result, grabMs));
    return result;
  }

  /** Keeps what the frame measured for the exercise sheet, and publishes it. */
  function record(result: FrameResult, used: { confidence: number; nmsIou: number }, rate: FrameRate) {
    if (!configured) return;
    const { model, size, backend } = configured;
    if (rate.fps !== undefined && rate.settled) cameraFps[`${model} ${size} ${backend}`] = rate.fps;
    if (!picture.streaming()) {
      const run = { photo: photosShown, ...configured, ...used };
      photoRuns.push({ ...run, boxes: result.detections.length, networkMs: result.times.networkMs });
      photoRuns.splice(0, photoRuns.length - PHOTO_RUNS_KEPT);
    }
    publishMeasured();
  }

  function publishMeasured() {
    if (configured)
      exercises.publish({ ...configured, cameraFps: { ...cameraFps }, photoRuns: [...photoRuns] });
  }

  /** Shows the frame's boxes and times; returns the frames per second of the stream, if it is one. */
  function show(result: FrameResult, grabMs: number): FrameRate {
    drawOverlay(
      picture.overlay,
      result.width,
      result.height,
      result.detections,
      result.grids,
      picture.streaming(),
    );
    boxesList.replaceChildren(
      ...result.detections.map((d) =>
        h(
          "li",
          { "data-class": d.class, "data-score": d.score, "data-box": d.boxXywh.join(",") },
          t.boxLine(d.class, d.score, d.boxXywh),
        ),
      ),
    );
    boxesList.dataset.frame = String(++framesDone);
    const ms = (value: number) => `${formatted(value, 1)} ms`;
    readouts.capture.textContent = ms(grabMs + result.times.captureMs);
    readouts.preprocess.textContent = ms(result.times.preprocessMs);
    readouts.network.textContent = ms(result.times.networkMs);
    readouts.decode.textContent = ms(result.times.decodeMs);
    readouts.memory.textContent = `${formatted(result.wasmBytes / 2 ** 20, 1)} MB`;
    readouts.memory.dataset.value = String(result.wasmBytes);
    readouts.frames.textContent = String(framesDone);
    const rate = picture.frameShown();
    if (rate.fps !== undefined) {
      readouts.fps.textContent = formatted(rate.fps, 1);
      readouts.fps.dataset.value = String(rate.fps);
    } else {
      readouts.fps.textContent = "–";
      delete readouts.fps.dataset.value;
    }
    return rate;
  }

  /** Detects again in the photo on show (after a setting changed); the camera loop picks changes up itself. */
  async function redetect() {
    const still = picture.still();
    if (!still || picture.streaming() || !ready || visit.aborted) return;
    const started = performance.now();
    const copy = await createImageBitmap(still);
    await detectFrame(copy, performance.now() - started);
  }

  // --- Wiring ----------------------------------------------------------------------------------------------------

  modelSelect.addEventListener("change", () => {
    settings.model = modelSelect.value;
    changed(loadModel);
  });
  customButton.addEventListener("click", () => void loadCustom().catch(reportFailure(t.customTitle)));

  async function loadCustom() {
    const [cfg, weights, names] = customInputs.map((input) => input.files?.[0]);
    if (!cfg || !weights || !names) {
      notify(t.customMissing);
      return;
    }
    const previous = status.textContent;
    status.textContent = t.loadingModel;
    const bytes = new Uint8Array(await weights.arrayBuffer());
    try {
      info = await engine.call(
        "detect/load-darknet",
        { cfg: await cfg.text(), weights: bytes, names: await names.text() },
        { transfer: [bytes.buffer] },
      );
    } catch (error) {
      // The detector loaded before stays in place.
      status.textContent = previous;
      throw error;
    }
    modelSelect.querySelector('option[value="custom"]')?.remove();
    modelSelect.append(h("option", { value: "custom" }, t.customModel(cfg.name)));
    modelSelect.value = settings.model = "custom";
    provenance.textContent = t.customProvenance;
    writeSettings(FIELDS, settings);
    showThresholds();
    await configure();
  }

  void (async () => {
    catalogue = await engine.call("detect/catalogue", undefined);
    modelSelect.append(...catalogue.map((d) => h("option", { value: d.id }, t.modelTitles[d.id] ?? d.title)));
    if (!catalogue.some((d) => d.id === settings.model)) settings.model = catalogue[0].id;
    modelSelect.value = settings.model;
    const env = await environment(engine);
    if (!env.webgpu.available) {
      backendSelect.querySelector<HTMLOptionElement>('option[value="webgpu"]')?.setAttribute("disabled", "");
      if (settings.backend === "webgpu") {
        settings.backend = backendSelect.value = "simd";
        notify(t.noWebgpu(whyNoWebgpu(env.webgpu)), "info");
      }
    }
    await loadModel();
  })().catch(failure);

  return () => {
    picture.dispose();
  };
};
