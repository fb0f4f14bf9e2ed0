// The language the page speaks: the browser's first language we have a text for, English otherwise.
import { en, type Text } from "./en";

const languages: Record<string, Text> = { en };

function pick(): Text {
  for (const tag of navigator.languages ?? []) {
    const text = languages[tag.slice(0, 2).toLowerCase()];
    if (text) return text;
  }
  return en;
}

export const text: Text = pick();
