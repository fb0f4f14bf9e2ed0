// The home page: one line per lab.
import { text } from "../i18n";
import type { Page } from "../router";
import { h } from "../ui/dom";

export const LAB_ROUTES = [
  "perceptron",
  "mlp",
  "cnn",
  "transfer",
  "inside",
  "compress",
  "autoencoder",
  "gan",
  "rnn",
  "detect",
  "backends",
  "code",
] as const;

export const home: Page = (container) => {
  container.append(
    h("h1", {}, text.app.title),
    h("p", { class: "intro" }, text.home.intro),
    h(
      "ul",
      { class: "lab-list" },
      ...LAB_ROUTES.map((route) =>
        h(
          "li",
          {},
          h("a", { href: `#/${route}`, "data-testid": `lab-link-${route}` }, text.home.labs[route].title),
          h("span", {}, ` — ${text.home.labs[route].summary}`),
        ),
      ),
    ),
    h(
      "p",
      {},
      h("a", { href: "#/workshop", "data-testid": "lab-link-workshop" }, text.app.workshop),
      ` — ${text.home.workshop}`,
    ),
  );
  return () => {};
};
