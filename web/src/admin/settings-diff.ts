// The settings editor's logic, apart from its view: parse, validate the shape, and send only what changed.
import type { Json, Settings } from '../api/types.ts';

/** Kachi's `korean` switches shown as checkboxes (stopTags stays in the JSON). */
export const KOREAN_SWITCHES = [
  'morphology',
  'bigrams',
  'decompound',
  'chosung',
  'keyboardLayout',
  'jamoTypo',
  'partialSyllable',
  'spacing',
] as const;

export type ParsedSettings = { ok: true; settings: Settings } | { ok: false; message: string };

/** JSON text → a settings object, or the reason it is not one (the server validates the fields themselves). */
export function parseSettings(text: string): ParsedSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, message: 'not an object' };
  return { ok: true, settings: value as Settings };
}

/** Top-level settings whose value differs from `original`: PATCH only those, so nothing unchanged is re-indexed. */
export function changedSettings(original: Settings, edited: Settings): Settings {
  const changed: Settings = {};
  for (const [name, value] of Object.entries(edited)) {
    if (JSON.stringify(value) !== JSON.stringify(original[name])) changed[name] = value as Json;
  }
  return changed;
}

/** The JSON text with one korean switch set. */
export function withKoreanSwitch(settings: Settings, name: string, on: boolean): Settings {
  const korean = { ...(settings.korean ?? {}), [name]: on };
  return { ...settings, korean };
}
