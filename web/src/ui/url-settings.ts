// A lab's settings in the address, so a workshop leader can hand out a set-up as a link. Each lab describes
// its settings once, as a table of fields (the key in the address, how a value reads and writes, the
// default, for numbers the range); reading, writing and the limits its number fields enforce all come from
// that one table, so the address can never accept a value the field refuses.

import { replaceQuery } from "../router";
import { invalidReason, type NumberRange } from "./dom";

export interface Field<T> {
  key: string;
  fallback: T;
  /** The value the address's text stands for; undefined when it is not a valid value. */
  parse(raw: string): T | undefined;
  /** The text for the address; undefined leaves the key out. */
  format(value: T): string | undefined;
}

export type Fields<S> = { [K in keyof S]: Field<S[K]> };

/** The settings of `S` that are numbers (the ones a number field edits). */
export type NumberSetting<S> = { [K in keyof S]: S[K] extends number ? K : never }[keyof S];

export const field = {
  /** A number within `range` (the same range its number input enforces). */
  number(key: string, fallback: number, range: NumberRange): Field<number> & { range: NumberRange } {
    return {
      key,
      fallback,
      range,
      parse: (raw) => (raw.trim() !== "" && !invalidReason(Number(raw), range) ? Number(raw) : undefined),
      format: String,
    };
  },
  /** One of `options`, written as itself. */
  choice<V extends string>(key: string, options: readonly V[], fallback: V): Field<V> {
    return { key, fallback, parse: (raw) => options.find((o) => o === raw), format: (value) => value };
  },
  /** On ("1") or off ("0"). */
  flag(key: string, fallback = false): Field<boolean> {
    return {
      key,
      fallback,
      parse: (raw) => (raw === "1" ? true : raw === "0" ? false : undefined),
      format: (value) => (value ? "1" : "0"),
    };
  },
  /** Anything else: the lab says how it reads and writes. */
  custom<T>(key: string, fallback: T, parse: Field<T>["parse"], format: Field<T>["format"]): Field<T> {
    return { key, fallback, parse, format };
  },
};

/** The settings the address asks for, each field's default where it asks for none or for a bad value. */
export function readSettings<S>(fields: Fields<S>, query: URLSearchParams): S {
  const settings = {} as S;
  for (const name in fields) {
    const { key, fallback, parse } = fields[name];
    const raw = query.get(key);
    settings[name] = (raw === null ? undefined : parse(raw)) ?? fallback;
  }
  return settings;
}

export function encodeSettings<S>(fields: Fields<S>, settings: S): URLSearchParams {
  const query = new URLSearchParams();
  for (const name in fields) {
    const text = fields[name].format(settings[name]);
    if (text !== undefined) query.set(fields[name].key, text);
  }
  return query;
}

/** Writes the settings into the address, replacing the history entry (no navigation). */
export function writeSettings<S>(fields: Fields<S>, settings: S): void {
  replaceQuery(encodeSettings(fields, settings));
}
