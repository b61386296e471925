// Settings validation at the HTTP boundary: shapes and enum values, each with its invalid_settings_* code.
import { KachiError, type ErrorCode } from '../../errors.ts';
import type { Json } from '../../search-types.ts';
import { at, expectObject, readBoolean, readCount, rejectUnknownFields, typeError, unknownValueError, valueError, type JsonObject } from '../validate.ts';

type Reader = (value: Json, path: string) => Json;

/** setting name → (route segment, update method, reader). Kachi's `korean` is one more setting. */
export interface SettingSpec {
  route: string;
  method: 'put' | 'patch';
  code: ErrorCode;
  read: Reader;
}

function stringList(code: ErrorCode): Reader {
  return (value, path) => {
    if (!Array.isArray(value)) throw typeError(code, path, 'an array', value);
    value.forEach((item, i) => {
      if (typeof item !== 'string') throw typeError(code, at(path, i), 'a string', item);
    });
    return value;
  };
}

const RULES = ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'attributeRank', 'wordPosition'];

function readRankingRules(value: Json, path: string): Json {
  const list = stringList('invalid_settings_ranking_rules')(value, path) as string[];
  list.forEach((rule, i) => {
    if (RULES.includes(rule) || /^[^:\s]+:(asc|desc)$/.test(rule)) return;
    throw valueError(
      'invalid_settings_ranking_rules',
      at(path, i),
      `\`${rule}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`,
    );
  });
  return list;
}

function readSynonyms(value: Json, path: string): Json {
  const object = expectObject(value, 'invalid_settings_synonyms', path);
  for (const [word, list] of Object.entries(object)) stringList('invalid_settings_synonyms')(list, `${path}.${word}`);
  return object;
}

function readDistinct(value: Json, path: string): Json {
  if (typeof value !== 'string') throw typeError('invalid_settings_distinct_attribute', path, 'a string', value);
  return value;
}

function oneOf(code: ErrorCode, allowed: readonly string[]): Reader {
  return (value, path) => {
    if (typeof value !== 'string') throw typeError(code, path, 'a string', value);
    if (!allowed.includes(value)) throw unknownValueError(code, path, value, allowed);
    return value;
  };
}

/** Reads a nested settings object; a null field inside means "default" and is dropped. */
function nested(code: ErrorCode, fields: Record<string, Reader>): Reader {
  return (value, path) => {
    const object = expectObject(value, code, path);
    rejectUnknownFields(object, Object.keys(fields), path, () => code);
    const out: JsonObject = {};
    for (const [name, field] of Object.entries(object)) {
      if (field === null) continue;
      const reader = fields[name];
      if (reader !== undefined) out[name] = reader(field, `${path}.${name}`);
    }
    return out;
  };
}

const count = (code: ErrorCode): Reader => (value, path) => readCount(value, code, path) ?? 0;
const bool = (code: ErrorCode): Reader => (value, path) => readBoolean(value, code, path) ?? false;

const TYPO = 'invalid_settings_typo_tolerance';

/** Meilisearch's rule: both sizes within 0–255 and `oneTypo` ≤ `twoTypos` (defaults 5 and 9 fill what is absent). */
function checkTypoSizes(value: Json, path: string): Json {
  const sizes = value as { oneTypo?: number; twoTypos?: number };
  const one = sizes.oneTypo ?? 5;
  const two = sizes.twoTypos ?? 9;
  if (one > 255 || two > 255 || one > two)
    throw valueError(
      TYPO,
      path,
      '`minWordSizeForTypos` setting is invalid. `oneTypo` and `twoTypos` fields should be between `0` and `255`, ' +
        `and \`twoTypos\` should be greater or equals to \`oneTypo\` but found \`oneTypo: ${one}\` and \`twoTypos: ${two}\`.`,
    );
  return value;
}
const KOREAN = 'invalid_settings_korean';

export const SETTINGS: Record<string, SettingSpec> = {
  displayedAttributes: { route: 'displayed-attributes', method: 'put', code: 'invalid_settings_displayed_attributes', read: stringList('invalid_settings_displayed_attributes') },
  searchableAttributes: { route: 'searchable-attributes', method: 'put', code: 'invalid_settings_searchable_attributes', read: stringList('invalid_settings_searchable_attributes') },
  filterableAttributes: { route: 'filterable-attributes', method: 'put', code: 'invalid_settings_filterable_attributes', read: stringList('invalid_settings_filterable_attributes') },
  sortableAttributes: { route: 'sortable-attributes', method: 'put', code: 'invalid_settings_sortable_attributes', read: stringList('invalid_settings_sortable_attributes') },
  rankingRules: { route: 'ranking-rules', method: 'put', code: 'invalid_settings_ranking_rules', read: readRankingRules },
  stopWords: { route: 'stop-words', method: 'put', code: 'invalid_settings_stop_words', read: stringList('invalid_settings_stop_words') },
  nonSeparatorTokens: { route: 'non-separator-tokens', method: 'put', code: 'invalid_settings_non_separator_tokens', read: stringList('invalid_settings_non_separator_tokens') },
  separatorTokens: { route: 'separator-tokens', method: 'put', code: 'invalid_settings_separator_tokens', read: stringList('invalid_settings_separator_tokens') },
  dictionary: { route: 'dictionary', method: 'put', code: 'invalid_settings_dictionary', read: stringList('invalid_settings_dictionary') },
  synonyms: { route: 'synonyms', method: 'put', code: 'invalid_settings_synonyms', read: readSynonyms },
  distinctAttribute: { route: 'distinct-attribute', method: 'put', code: 'invalid_settings_distinct_attribute', read: readDistinct },
  proximityPrecision: {
    route: 'proximity-precision',
    method: 'put',
    code: 'invalid_settings_proximity_precision',
    read: oneOf('invalid_settings_proximity_precision', ['byWord', 'byAttribute']),
  },
  typoTolerance: {
    route: 'typo-tolerance',
    method: 'patch',
    code: TYPO,
    read: nested(TYPO, {
      enabled: bool(TYPO),
      minWordSizeForTypos: (value, path) => checkTypoSizes(nested(TYPO, { oneTypo: count(TYPO), twoTypos: count(TYPO) })(value, path), path),
      disableOnWords: stringList(TYPO),
      disableOnAttributes: stringList(TYPO),
    }),
  },
  faceting: {
    route: 'faceting',
    method: 'patch',
    code: 'invalid_settings_faceting',
    read: nested('invalid_settings_faceting', {
      maxValuesPerFacet: count('invalid_settings_faceting'),
      sortFacetValuesBy: (value, path) => {
        const object = expectObject(value, 'invalid_settings_faceting', path);
        for (const [name, order] of Object.entries(object)) oneOf('invalid_settings_faceting', ['alpha', 'count'])(order, `${path}.${name}`);
        return object;
      },
    }),
  },
  pagination: {
    route: 'pagination',
    method: 'patch',
    code: 'invalid_settings_pagination',
    read: nested('invalid_settings_pagination', { maxTotalHits: count('invalid_settings_pagination') }),
  },
  korean: {
    route: 'korean',
    method: 'patch',
    code: KOREAN,
    read: nested(KOREAN, {
      morphology: bool(KOREAN),
      bigrams: bool(KOREAN),
      decompound: bool(KOREAN),
      chosung: bool(KOREAN),
      keyboardLayout: bool(KOREAN),
      jamoTypo: bool(KOREAN),
      partialSyllable: bool(KOREAN),
      spacing: bool(KOREAN),
      stopTags: stringList(KOREAN),
    }),
  },
};

export const SETTING_NAMES = Object.keys(SETTINGS);

/** One setting's new value; null means "reset to the default". */
export function readSetting(name: string, value: Json | undefined): Json {
  const spec = SETTINGS[name];
  if (spec === undefined) throw new KachiError('bad_request', `Unknown setting \`${name}\`.`);
  if (value === undefined || value === null) return null;
  return spec.read(value, '');
}

/** A whole `PATCH /settings` body. */
export function readSettingsBody(body: unknown): JsonObject {
  const object = expectObject(body);
  rejectUnknownFields(object, SETTING_NAMES, '', (field) => SETTINGS[field]?.code ?? 'bad_request');
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(object)) {
    const spec = SETTINGS[name];
    if (spec !== undefined) out[name] = value === null ? null : spec.read(value, `.${name}`);
  }
  return out;
}
