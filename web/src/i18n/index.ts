// The language the page speaks: `?lang=nl` in the address, else the browser's first language we have a
// text for, else English.
import type { WebGpuInfo } from "../engine/protocol";
import { en, type Text } from "./en";
import { nl } from "./nl";
import { formatNumber, formatPercent } from "./numbers";

const languages: Record<string, Text> = { en, nl };

function pick(): string {
  const asked = new URLSearchParams(location.search).get("lang") ?? "";
  const preferred = [asked, ...(navigator.languages ?? []).map((tag) => tag.slice(0, 2).toLowerCase())];
  return preferred.find((code) => Object.hasOwn(languages, code)) ?? "en";
}

/** The language code, for `<html lang>`. */
export const language = pick();
export const text: Text = languages[language];

/** `value` with `digits` decimals, written as this page's language writes numbers. */
export const formatted = (value: number, digits = 0): string => formatNumber(language, value, digits);

/** A fraction as a percentage, as this page's language writes it, kept on one line. */
export const percent = (fraction: number, digits = 0): string => formatPercent(language, fraction, digits);

/** Why there is no WebGPU here, in this page's language. */
export function whyNoWebgpu({ reason }: WebGpuInfo): string {
  const words = text.webgpuAbsence;
  if (!reason) return "";
  return reason.code === "failed" ? words.failed(reason.detail) : words[reason.code];
}
