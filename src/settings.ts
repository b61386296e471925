// Index settings: Meilisearch's defaults plus Kachi's `korean`, merged in exactly one place,
// and validated at the boundary with Meilisearch's `invalid_settings_*` errors.
import { KachiError, type ErrorCode } from './errors.ts';
import type { KoreanOptions } from './analysis/types.ts';
import type { Settings } from './search-types.ts';

/** Nori's default stop tags, spelled with mecab-ko-dic's tags: particles, endings, affixes, punctuation. */
export const DEFAULT_STOP_TAGS = [
  'E', 'EP', 'EF', 'EC', 'ETN', 'ETM', 'IC', 'J', 'JKS', 'JKC', 'JKG', 'JKO', 'JKB', 'JKV', 'JKQ', 'JX', 'JC',
  'MAG', 'MAJ', 'MM', 'SP', 'SSC', 'SSO', 'SC', 'SE', 'SF', 'SY', 'XPN', 'XSA', 'XSN', 'XSV', 'UNA', 'NA', 'VSV', 'VCP',
];

export const DEFAULT_KOREAN: KoreanOptions = {
  morphology: true,
  bigrams: true,
  decompound: true,
  chosung: true,
  keyboardLayout: true,
  jamoTypo: true,
  partialSyllable: true,
  spacing: true,
  stopTags: DEFAULT_STOP_TAGS,
};

export type FullSettings = Required<Settings> & { korean: KoreanOptions };

export function defaultSettings(): FullSettings {
  return {
    displayedAttributes: ['*'],
    searchableAttributes: ['*'],
    filterableAttributes: [],
    sortableAttributes: [],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [],
    nonSeparatorTokens: [],
    separatorTokens: [],
    dictionary: [],
    synonyms: {},
    distinctAttribute: null,
    proximityPrecision: 'byWord',
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
    },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
    pagination: { maxTotalHits: 1000 },
    korean: { ...DEFAULT_KOREAN, stopTags: [...DEFAULT_STOP_TAGS] },
  };
}

const RANKING_RULES = new Set(['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness']);

/** Applies a partial update (null resets a setting) and returns the new full settings. Throws on bad input. */
export function mergeSettings(current: FullSettings, update: Settings | Record<string, unknown>): FullSettings {
  const next: FullSettings = structuredClone(current);
  const defaults = defaultSettings();
  const input = update as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!(key in defaults)) throw new KachiError('bad_request', `Unknown field \`${key}\`: expected one of ${Object.keys(defaults).map((k) => `\`${k}\``).join(', ')}`);
    const name = key as keyof FullSettings;
    if (value === null) {
      (next as Record<string, unknown>)[name] = defaults[name];
      continue;
    }
    (next as Record<string, unknown>)[name] = validateSetting(name, value, next);
  }
  return next;
}

function validateSetting(name: keyof FullSettings, value: unknown, current: FullSettings): unknown {
  const code = `invalid_settings_${snake(name)}` as ErrorCode;
  const fail = (expected: string): never => {
    throw new KachiError(code, `Invalid value type at \`.${name}\`: expected ${expected}, but found ${describe(value)}`);
  };
  switch (name) {
    case 'displayedAttributes':
    case 'searchableAttributes':
    case 'filterableAttributes':
    case 'sortableAttributes':
    case 'stopWords':
    case 'nonSeparatorTokens':
    case 'separatorTokens':
    case 'dictionary':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('an array of strings');
      return [...new Set(value as string[])];
    case 'rankingRules': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('an array of strings');
      for (const rule of value as string[])
        if (!RANKING_RULES.has(rule) && !/^[^:\s]+:(asc|desc)$/.test(rule))
          throw new KachiError(code, `Invalid value at \`.rankingRules\`: \`${rule}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`);
      return value;
    }
    case 'synonyms': {
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object');
      for (const list of Object.values(value as object))
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) fail('an object of arrays of strings');
      return value;
    }
    case 'distinctAttribute':
      if (typeof value !== 'string') fail('a string');
      return value;
    case 'proximityPrecision':
      if (value !== 'byWord' && value !== 'byAttribute')
        throw new KachiError(code, `Unknown value \`${String(value)}\` at \`.proximityPrecision\`: expected one of \`byWord\`, \`byAttribute\``);
      return value;
    case 'typoTolerance':
    case 'faceting':
    case 'pagination':
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object');
      return validateObject(name, value as Record<string, unknown>, current, code);
    case 'korean':
      if (typeof value !== 'object' || Array.isArray(value)) fail('an object');
      return validateKorean(value as Record<string, unknown>, current.korean);
  }
  return value;
}

function validateObject(name: 'typoTolerance' | 'faceting' | 'pagination', value: Record<string, unknown>, current: FullSettings, code: ErrorCode): unknown {
  const base = structuredClone(current[name]) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in defaultSettings()[name]))
      throw new KachiError(code, `Unknown field \`${key}\` inside \`.${name}\`: expected one of ${Object.keys(defaultSettings()[name]).map((k) => `\`${k}\``).join(', ')}`);
    const expected = typeof (defaultSettings()[name] as Record<string, unknown>)[key];
    if (v !== null && typeof v !== expected && !(expected === 'object' && typeof v === 'object'))
      throw new KachiError(code, `Invalid value type at \`.${name}.${key}\`: expected ${expected === 'object' ? 'an object' : `a ${expected}`}, but found ${describe(v)}`);
    if (typeof v === 'number' && (!Number.isInteger(v) || v < 0))
      throw new KachiError(code, `Invalid value at \`.${name}.${key}\`: expected a positive integer, but found ${describe(v)}`);
    base[key] = v === null ? (defaultSettings()[name] as Record<string, unknown>)[key] : v && typeof v === 'object' && !Array.isArray(v) ? { ...(base[key] as object), ...v } : v;
  }
  return base;
}

function validateKorean(value: Record<string, unknown>, current: KoreanOptions): KoreanOptions {
  const next: KoreanOptions = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (!(key in DEFAULT_KOREAN))
      throw new KachiError('invalid_settings_korean', `Unknown field \`${key}\` inside \`.korean\`: expected one of ${Object.keys(DEFAULT_KOREAN).map((k) => `\`${k}\``).join(', ')}`);
    const k = key as keyof KoreanOptions;
    if (k === 'stopTags') {
      if (!Array.isArray(v) || v.some((t) => typeof t !== 'string'))
        throw new KachiError('invalid_settings_korean', `Invalid value type at \`.korean.stopTags\`: expected an array of POS tags, but found ${describe(v)}`);
      next.stopTags = v as string[];
    } else {
      if (typeof v !== 'boolean')
        throw new KachiError('invalid_settings_korean', `Invalid value type at \`.korean.${k}\`: expected a boolean, but found ${describe(v)}`);
      next[k] = v;
    }
  }
  return next;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array: \`${JSON.stringify(value)}\``;
  if (typeof value === 'string') return `a string: \`"${value}"\``;
  if (typeof value === 'object') return `an object: \`${JSON.stringify(value)}\``;
  return `a ${typeof value}: \`${String(value)}\``;
}
