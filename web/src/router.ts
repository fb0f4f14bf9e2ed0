// Hash routes: `#/mlp?dataset=xor&layers=4` is page "mlp" with its settings. Hash URLs keep every page
// reachable on any static host, under any sub-path, with no server logic.

import type { EngineClient } from "./engine/client";

/** A page: draws itself into `container` and returns what stops it (loops, listeners) when left. */
export type Page = (container: HTMLElement, query: URLSearchParams, engine: EngineClient) => () => void;

export function currentRoute(): { path: string; query: URLSearchParams } {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  return { path, query: new URLSearchParams(query ?? "") };
}

/** Rewrites the current page's settings in the URL without a navigation, so it can be shared as is. */
export function replaceQuery(query: URLSearchParams): void {
  const { path } = currentRoute();
  history.replaceState(null, "", `#/${path}?${query}`);
}

export function startRouter(
  pages: Record<string, Page>,
  notFound: Page,
  container: HTMLElement,
  engine: EngineClient,
): void {
  let leave = () => {};
  const show = () => {
    leave();
    container.replaceChildren();
    const { path, query } = currentRoute();
    leave = (pages[path] ?? notFound)(container, query, engine);
    window.scrollTo(0, 0);
  };
  window.addEventListener("hashchange", show);
  show();
}
