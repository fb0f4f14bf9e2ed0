// Loading and training a GAN on digits in the worker, alike for the DCGAN and pix2pix: fresh networks when
// the settings that make them change, training until paused, each report's losses drawn and the digits of
// the section's shown inputs handed back to it.

import type { EngineClient } from "../../engine/client";
import type { DatasetId, DigitGanKind, DigitGanSpec, EngineBackend } from "../../engine/protocol";
import { formatted, text } from "../../i18n";
import { button, h } from "../../ui/dom";
import { notify, reason } from "../../ui/notices";
import { LossCurves } from "./view";

/** Iterations a Train trains unless paused, and between two updates of the shown digits. */
const TRAIN_ITERATIONS = 100_000;
const IMAGES_EVERY = 10;

export interface DigitGanSection {
  spec: () => DigitGanSpec;
  backend: () => EngineBackend;
  dataset: () => DatasetId;
  /** Training chunks of 10 000 images. */
  chunks: () => number;
  /** Fresh networks were made: the section draws its inputs anew. */
  made: () => Promise<void> | void;
  /** The generator inputs whose digits are shown while training. */
  shown: () => Float32Array;
  /** The shown inputs' digits, after `iterations` iterations. */
  images: (images: Float32Array, iterations: number) => void;
  /** Training paused (or reached its end). */
  paused: () => Promise<void> | void;
}

export class DigitGanTrainer {
  iterations = 0;
  readonly status: HTMLElement;
  readonly trainButton: HTMLButtonElement;
  readonly pauseButton: HTMLButtonElement;
  readonly lossChart: HTMLCanvasElement;
  private readonly losses: LossCurves;
  /** The settings the worker's networks were made with; none before (or after a failed) load. */
  private made: string | undefined;
  private training: AbortController | undefined;

  constructor(
    private readonly engine: EngineClient,
    /** The lab's visit: once the attendee has left, failures are no longer worth a notice. */
    private readonly visit: AbortSignal,
    private readonly kind: DigitGanKind,
    trainLabel: string,
    private readonly section: DigitGanSection,
  ) {
    this.status = h(
      "p",
      { class: "note", role: "status", "data-testid": `${kind}-status` },
      text.gan.digitsStart,
    );
    this.lossChart = h("canvas", { class: "chart", "data-testid": `${kind}-losses` });
    this.losses = new LossCurves(kind === "pix2pix");
    this.trainButton = button(`${kind}-train`, trainLabel, { primary: true });
    this.pauseButton = button(`${kind}-pause`, text.controls.pause, { disabled: true });
    this.trainButton.addEventListener("click", () => void this.train());
    this.pauseButton.addEventListener("click", () => this.training?.abort());
  }

  /** Whether the worker holds networks for the section's settings. */
  get ready(): boolean {
    return this.made !== undefined;
  }

  private network(): string {
    const s = this.section;
    return JSON.stringify([s.spec(), s.dataset(), s.backend(), s.chunks()]);
  }

  private async load(): Promise<boolean> {
    this.status.textContent = text.gan.digitsLoading;
    try {
      const { trainImages } = await this.engine.call("gan/digits-load", {
        backend: this.section.backend(),
        spec: this.section.spec(),
        baseUrl: new URL("data/", document.baseURI).href,
        dataset: this.section.dataset(),
        trainChunks: this.section.chunks(),
      });
      this.made = this.network();
      this.iterations = 0;
      this.losses.clear();
      await this.section.made();
      this.status.textContent = text.gan.digitsReady(formatted(trainImages));
      return true;
    } catch (error) {
      this.made = undefined;
      if (!this.visit.aborted) this.status.textContent = text.gan.notMade(reason(error));
      return false;
    }
  }

  async train(): Promise<void> {
    if (this.made !== this.network() && !(await this.load())) return;
    const controller = new AbortController();
    this.training = controller;
    this.trainButton.disabled = true;
    this.pauseButton.disabled = false;
    const start = this.iterations;
    try {
      await this.engine.call(
        "gan/digits-train",
        {
          kind: this.kind,
          iterations: TRAIN_ITERATIONS,
          imagesEvery: IMAGES_EVERY,
          inputs: this.section.shown(),
        },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            this.iterations = start + progress.iterations;
            this.losses.add(progress.losses);
            this.status.textContent = text.gan.digitsProgress(formatted(this.iterations));
            this.losses.draw(this.lossChart);
            if (progress.images) this.section.images(progress.images, this.iterations);
          },
        },
      );
      this.status.textContent = text.gan.digitsPaused(formatted(this.iterations));
      await this.section.paused();
    } catch (error) {
      if (!this.visit.aborted) notify(text.app.failed(text.gan.training, reason(error)));
    } finally {
      this.trainButton.disabled = false;
      this.pauseButton.disabled = true;
    }
  }

  /** The digits `inputs` make; a failure is said in the page, and gives none. */
  async generate(inputs: Float32Array): Promise<Float32Array | undefined> {
    try {
      return await this.engine.call("gan/digits-generate", { kind: this.kind, inputs });
    } catch (error) {
      if (!this.visit.aborted) notify(text.app.failed(text.gan.training, reason(error)));
      return undefined;
    }
  }

  leave(): void {
    this.training?.abort();
  }
}
