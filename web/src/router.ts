// Hash routes: `#/mlp?dataset=xor&layers=4` is page "mlp" with its settings. Hash URLs keep every page
// reachable on any static host, under any sub-path, with no server logic.

import type { EngineClient } from "./engine/client";

/**
 * A page: draws itself into `container` and returns what stops it (loops, listeners) when left. `visit` is
 * aborted as the page is left, before that: a step of the page still on its way (an engine call, a file
 * read) checks it when it lands, so a page left, and perhaps opened afresh, is never changed by the old one.
 */
export type Page = (
  container: HTMLElement,
  query: URLSearchParams,
  engine: EngineClient,
  visit: AbortSignal,
) => () => void;

/**
 * Each page's settings as last seen this session: the nav links carry none, so coming back to a lab through
 * them brings back its settings (and with them the network the lab kept) instead of the defaults.
 */
const lastQuery = new Map<string, string>();

export function currentRoute(): { path: string; query: URLSearchParams } {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  return { path, query: new URLSearchParams(query ?? "") };
}

/** Rewrites the current page's settings in the URL without a navigation, so it can be shared as is. */
export function replaceQuery(query: URLSearchParams): void {
  const { path } = currentRoute();
  lastQuery.set(path, String(query));
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
    const visit = new AbortController();
    container.replaceChildren();
    const { path, query } = currentRoute();
    const remembered = query.size === 0 ? lastQuery.get(path) : undefined;
    if (remembered) history.replaceState(null, "", `#/${path}?${remembered}`);
    const stop = (pages[path] ?? notFound)(
      container,
      remembered ? new URLSearchParams(remembered) : query,
      engine,
      visit.signal,
    );
    leave = () => {
      visit.abort();
      stop();
    };
    window.scrollTo(0, 0);
  };
  window.addEventListener("hashchange", show);
  show();
}
