// Boots the page: one engine worker for the whole session, the header, the environment dialog, the routes.

import { EngineClient, type EngineState } from "./engine/client";
import { language, text } from "./i18n";
import { backendsLab } from "./labs/backends/page";
import { cnnLab } from "./labs/cnn/page";
import { codePage } from "./labs/code/page";
import { detectLab } from "./labs/detect/page";
import { transferLab } from "./labs/transfer/page";
import { insideLab } from "./labs/inside/page";
import { compressLab } from "./labs/compress/page";
import { autoencoderLab } from "./labs/autoencoder/page";
import { ganLab } from "./labs/gan/page";
import { rnnLab } from "./labs/rnn/page";
import { home, LAB_ROUTES } from "./labs/home";
import { mlpLab } from "./labs/mlp/page";
import { perceptronLab } from "./labs/perceptron/page";
import { workshopPage } from "./labs/workshop/page";
import { currentRoute, startRouter, type Page } from "./router";
import { byId, h } from "./ui/dom";
import { renderEnvironment } from "./ui/environment-panel";
import { notify } from "./ui/notices";
import "./styles.css";

const PRESENTER_KEY = "playground.presenter";
const engine = new EngineClient();
engine.onRestart((reason) => notify(text.app.engineRestarted(reason)));
engine.onStateChange(showEngineState);

const environmentPage: Page = (container) => {
  renderEnvironment(container, engine, "h1");
  return () => {};
};
const notFound: Page = (container) => {
  container.append(h("p", {}, text.app.notFound(location.hash)), h("a", { href: "#/" }, text.app.home));
  return () => {};
};

function setUpHeader() {
  document.documentElement.lang = language;
  byId("brand").textContent = text.app.title;
  const dialog = byId<HTMLDialogElement>("environment-dialog");
  const button = byId("environment-button");
  button.textContent = text.app.environment;
  button.addEventListener("click", () => {
    renderEnvironment(dialog, engine, "h2");
    dialog.append(
      h(
        "button",
        { type: "button", "data-testid": "environment-close", onclick: () => dialog.close() },
        text.app.close,
      ),
    );
    dialog.showModal();
  });
  setUpPresenterMode();
  byId("nav").append(
    h("a", { href: "#/", "data-route": "" }, text.app.home),
    ...LAB_ROUTES.map((route) =>
      h("a", { href: `#/${route}`, "data-route": route }, text.home.labs[route].title),
    ),
    h("a", { href: "#/workshop", "data-route": "workshop" }, text.app.workshop),
  );
  window.addEventListener("hashchange", markCurrentPage);
  markCurrentPage();
}

/** The engine loads when a lab first needs it: the header says so while it downloads and compiles. */
function showEngineState(engineState: EngineState) {
  const status = byId("engine-status");
  status.dataset.state = engineState.state;
  status.hidden = engineState.state !== "loading";
  status.textContent = engineState.state === "loading" ? text.app.loadingEngine : "";
  if (engineState.state === "failed") notify(text.app.engineUnavailable(engineState.reason));
}

/** Presenter mode (larger text and visuals for the back row) is kept per browser, like a display setting. */
function setUpPresenterMode() {
  const button = byId("presenter-button");
  button.textContent = text.app.presenter;
  const apply = (on: boolean) => {
    document.documentElement.classList.toggle("presenter", on);
    button.setAttribute("aria-pressed", String(on));
  };
  apply(localStorage.getItem(PRESENTER_KEY) === "1");
  button.addEventListener("click", () => {
    const on = !document.documentElement.classList.contains("presenter");
    localStorage.setItem(PRESENTER_KEY, on ? "1" : "0");
    apply(on);
  });
}

/** The nav marks where the user is (for the eye and for screen readers); each page has its own tab title. */
function markCurrentPage() {
  const { path } = currentRoute();
  for (const link of byId("nav").querySelectorAll<HTMLAnchorElement>("a[data-route]")) {
    if (link.dataset.route === path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const lab = (LAB_ROUTES as readonly string[]).includes(path)
    ? text.home.labs[path as (typeof LAB_ROUTES)[number]].title
    : path === "environment"
      ? text.environment.title
      : undefined;
  document.title = lab ? `${lab} · ${text.app.title}` : text.app.title;
}

setUpHeader();
startRouter(
  {
    "": home,
    perceptron: perceptronLab,
    mlp: mlpLab,
    cnn: cnnLab,
    detect: detectLab,
    transfer: transferLab,
    inside: insideLab,
    compress: compressLab,
    autoencoder: autoencoderLab,
    gan: ganLab,
    rnn: rnnLab,
    backends: backendsLab,
    code: codePage,
    workshop: workshopPage,
    environment: environmentPage,
  },
  notFound,
  byId("app"),
  engine,
);

// Offline once loaded: the service worker precaches the application at its first visit, and keeps the
// datasets and models a lab fetched (written by scripts/service-worker.mjs at build time).
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js").catch((error: unknown) => {
    console.warn("offline support is unavailable:", error);
  });
}

// For workshop scripts and tests: the same engine the labs use, from the browser console, and engines forced
// to one wasm build ("simd128" or "relaxed-simd"), so each build can be checked in this browser.
const forced = new Map<string, EngineClient>();
const engineWithBuild = (build: string) => {
  if (!forced.has(build)) forced.set(build, new EngineClient(build));
  return forced.get(build);
};
Object.assign(window, { playground: { engine, engineWithBuild } });
