// Boots the page: one engine worker for the whole session, the header, the environment dialog, the routes.

import { EngineClient } from "./engine/client";
import { language, text } from "./i18n";
import { backendsLab } from "./labs/backends/page";
import { cnnLab } from "./labs/cnn/page";
import { detectLab } from "./labs/detect/page";
import { home, LAB_ROUTES } from "./labs/home";
import { mlpLab } from "./labs/mlp";
import { perceptronLab } from "./labs/perceptron";
import { startRouter, type Page } from "./router";
import { byId, h } from "./ui/dom";
import { renderEnvironment } from "./ui/environment-panel";
import { notify } from "./ui/notices";
import "./styles.css";

const engine = new EngineClient();
engine.onRestart((reason) => notify(text.app.engineRestarted(reason)));
engine.whenReady().catch((error: unknown) => notify(text.app.engineUnavailable(String(error))));

const environmentPage: Page = (container) => {
  renderEnvironment(container, engine);
  return () => {};
};
const notFound: Page = (container) => {
  container.append(h("p", {}, text.app.notFound(location.hash)), h("a", { href: "#/" }, text.app.home));
  return () => {};
};

function setUpHeader() {
  document.documentElement.lang = language;
  document.title = text.app.title;
  byId("brand").textContent = text.app.title;
  const dialog = byId<HTMLDialogElement>("environment-dialog");
  const button = byId("environment-button");
  button.textContent = text.app.environment;
  button.addEventListener("click", () => {
    renderEnvironment(dialog, engine);
    dialog.append(
      h(
        "button",
        { type: "button", "data-testid": "environment-close", onclick: () => dialog.close() },
        text.app.close,
      ),
    );
    dialog.showModal();
  });
  byId("nav").append(
    h("a", { href: "#/" }, text.app.home),
    ...LAB_ROUTES.map((route) => h("a", { href: `#/${route}` }, text.home.labs[route].title)),
  );
}

setUpHeader();
startRouter(
  {
    "": home,
    perceptron: perceptronLab,
    mlp: mlpLab,
    cnn: cnnLab,
    detect: detectLab,
    backends: backendsLab,
    environment: environmentPage,
  },
  notFound,
  byId("app"),
  engine,
);

// Offline once loaded: the service worker keeps every file the site has served (web/public/sw.js).
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js").catch((error: unknown) => {
    console.warn("offline support is unavailable:", error);
  });
}

// For workshop scripts and tests: the same engine the labs use, from the browser console.
Object.assign(window, { playground: { engine } });
