// The code panel's editor: CodeMirror 6 with JavaScript highlighting. Loaded only when the code panel
// opens, so the other labs do not download it. It lives in a shadow root, where CodeMirror styles itself
// with constructed style sheets: in the document it would add <style> elements, which the page's
// Content-Security-Policy (style-src 'self') refuses.

import { javascript } from "@codemirror/lang-javascript";
import { basicSetup, EditorView } from "codemirror";

export interface CodeEditor {
  code(): string;
  setCode(code: string): void;
  destroy(): void;
}

export function codeEditor(host: HTMLElement, doc: string, onChange: (code: string) => void): CodeEditor {
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    root,
    doc,
    extensions: [
      basicSetup,
      javascript(),
      // The page's styles do not reach into the shadow root: the editor's own size is set here.
      EditorView.theme({ "&": { minHeight: "16rem" }, ".cm-scroller": { minHeight: "16rem" } }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
    parent: root,
  });
  return {
    code: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    destroy: () => view.destroy(),
  };
}
