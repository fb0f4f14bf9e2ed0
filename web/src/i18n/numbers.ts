// Numbers as the page's language writes them: "0.25" and "9,098" in English, "0,25" and "9.098" in Dutch.

const formats = new Map<string, Intl.NumberFormat>();

/** `value` with exactly `digits` decimals in `language`'s notation ("en", "nl"). */
export function formatNumber(language: string, value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const key = `${language}:${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format.format(value);
}

/** A fraction as a percentage with `digits` decimals; the space before % does not break ("100.0 %" stays whole). */
export function formatPercent(language: string, fraction: number, digits = 0): string {
  return `${formatNumber(language, 100 * fraction, digits)}\u00a0%`;
}

const UNITS = {
  en: { s: "s", min: "min", h: "h" },
  nl: { s: "s", min: "min", h: "u" },
} as const;

/** A rough duration: seconds up to 90 s, minutes up to 90 min, then hours. */
export function duration(language: "en" | "nl", seconds: number): string {
  const unit = UNITS[language];
  if (seconds < 90) return `${formatNumber(language, seconds, seconds < 10 ? 1 : 0)}\u00a0${unit.s}`;
  if (seconds < 90 * 60) return `${formatNumber(language, seconds / 60)}\u00a0${unit.min}`;
  return `${formatNumber(language, seconds / 3600, 1)}\u00a0${unit.h}`;
}
