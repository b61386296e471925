// `_formatted` and `_matchesPosition` of one hit, following Meilisearch's `format_fields` and `format_value`.
import { isSelected } from '../document-fields.ts';
import type { Document, Json, MatchPosition } from '../search-types.ts';
import { formatText, type CropOptions } from './crop.ts';
import { mergeRanges, type HighlightOptions, type TextRange } from './highlight.ts';
import type { MatchRanges } from './match-ranges.ts';
import { selectAttributes } from './retrieve.ts';

export interface FormatHitOptions {
  /** Fields also copied (unformatted) into `_formatted`. Default `['*']`. */
  attributesToRetrieve?: readonly string[] | null;
  /** Fields whose matches are wrapped in tags; `*` means every displayed field. Default none. */
  attributesToHighlight?: readonly string[] | null;
  /** Fields cropped around their matches; `field:n` crops that field to n words. Default none. */
  attributesToCrop?: readonly string[] | null;
  /** Words kept by a crop without its own `:n`. Default 10. */
  cropLength?: number;
  /** Default `…`. */
  cropMarker?: string;
  /** Default `<em>`. */
  highlightPreTag?: string;
  /** Default `</em>`. */
  highlightPostTag?: string;
  /** Adds `_matchesPosition`. Default false. */
  showMatchesPosition?: boolean;
  /** The index's displayedAttributes: nothing outside them is formatted or positioned. Default `['*']`. */
  displayedAttributes?: readonly string[] | null;
}

/** A match in `_matchesPosition`: UTF-8 bytes, like Meilisearch; `indices` locates a value inside arrays. */
export interface FormattedMatchPosition extends MatchPosition {
  indices?: number[];
}

export interface FormattedHit {
  _formatted?: Document;
  _matchesPosition?: Record<string, FormattedMatchPosition[]>;
}

export const DEFAULT_CROP_LENGTH = 10;
export const DEFAULT_CROP_MARKER = '…';
export const DEFAULT_HIGHLIGHT_PRE_TAG = '<em>';
export const DEFAULT_HIGHLIGHT_POST_TAG = '</em>';

/** One path and its nested fields, or the path's parents: Meilisearch's `is_faceted_by` in both directions. */
function related(a: string, b: string): boolean {
  return a === '*' || a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`);
}

interface Rules {
  highlight: string[];
  crop: Array<{ name: string; length: number }>;
}

/** `title:5` → title cropped to 5 words; an unreadable length falls back to cropLength, as Meilisearch does. */
function readRules(options: FormatHitOptions, displayed: readonly string[]): Rules {
  const shown = (name: string) =>
    name === '*' || displayed.includes('*') || displayed.some((d) => related(d, name));
  const cropLength = options.cropLength ?? DEFAULT_CROP_LENGTH;
  const crop = (options.attributesToCrop ?? []).map((attribute) => {
    const colon = attribute.lastIndexOf(':');
    if (colon < 0) return { name: attribute, length: cropLength };
    const length = attribute.slice(colon + 1);
    return { name: attribute.slice(0, colon), length: /^\d+$/.test(length) ? Number(length) : cropLength };
  });
  return {
    highlight: (options.attributesToHighlight ?? []).filter(shown),
    crop: crop.filter((c) => shown(c.name)),
  };
}

/** The formatting of one leaf: highlighted if any rule covers it; cropped by the last crop rule covering it. */
function formatFor(
  path: string,
  rules: Rules,
  options: FormatHitOptions,
): { highlight?: HighlightOptions; crop?: CropOptions } | null {
  const highlight = rules.highlight.some((name) => related(name, path));
  const cropRule = rules.crop.findLast((rule) => related(rule.name, path));
  if (!highlight && cropRule === undefined) return null;
  return {
    highlight: highlight
      ? {
          preTag: options.highlightPreTag ?? DEFAULT_HIGHLIGHT_PRE_TAG,
          postTag: options.highlightPostTag ?? DEFAULT_HIGHLIGHT_POST_TAG,
        }
      : undefined,
    crop: cropRule
      ? { cropLength: cropRule.length, marker: options.cropMarker ?? DEFAULT_CROP_MARKER }
      : undefined,
  };
}

/**
 * `_matchesPosition` is in UTF-8 bytes ('까' is 3, '🐦' is 4), as Meilisearch documents it ("start and length are
 * measured in bytes") and milli's `MatchBounds` computes it; clients slicing a JS string must convert.
 */
function toBytes(
  text: string,
  merged: readonly TextRange[],
  indices: readonly number[],
): FormattedMatchPosition[] {
  let bytes = 0;
  let at = 0;
  return merged.map((range) => {
    bytes += Buffer.byteLength(text.slice(at, range.start), 'utf8');
    const length = Buffer.byteLength(text.slice(range.start, range.end), 'utf8');
    const position: FormattedMatchPosition = { start: bytes, length };
    if (indices.length > 0) position.indices = [...indices];
    bytes += length;
    at = range.end;
    return position;
  });
}

/**
 * `_formatted` and `_matchesPosition` for `document`, Meilisearch's way:
 * - `_formatted` holds the highlighted/cropped fields plus `attributesToRetrieve`, only displayed ones; it is left
 *   out when no displayed field is highlighted or cropped. Numbers in it become strings (`852` → `"852"`),
 *   nested objects and arrays are formatted leaf by leaf.
 * - `_matchesPosition` maps each displayed leaf path (`doggos.name`) to its matches, in UTF-8 bytes.
 */
export function formatHit(document: Document, matches: MatchRanges, options: FormatHitOptions): FormattedHit {
  const displayed = options.displayedAttributes ?? ['*'];
  const rules = readRules(options, displayed);
  const formatting = rules.highlight.length > 0 || rules.crop.length > 0;
  if (!formatting && !options.showMatchesPosition) return {};
  const positions = new Map<string, FormattedMatchPosition[]>();
  const counts = new Map<string, number>();

  // Visits leaves in document order with the same per-path numbering as flattenValues (nulls skipped).
  const visit = (value: Json, path: string, indices: number[]): Json => {
    if (Array.isArray(value)) return value.map((item, i) => visit(item, path, [...indices, i]));
    if (value !== null && typeof value === 'object') {
      const out: Document = {};
      for (const [key, child] of Object.entries(value))
        out[key] = visit(child, path === '' ? key : `${path}.${key}`, indices);
      return out;
    }
    if (value === null) return value;
    const valueIndex = counts.get(path) ?? 0;
    counts.set(path, valueIndex + 1);
    // Booleans stay as they are and are never positioned: Meilisearch formats only strings and numbers.
    if (typeof value === 'boolean' || !isSelected(path, displayed)) return value;
    const text = String(value);
    const ranges = matches.get(`${path}#${valueIndex}`) ?? [];
    if (options.showMatchesPosition && ranges.length > 0) {
      const found = toBytes(text, mergeRanges(text, ranges), indices);
      if (found.length > 0) positions.set(path, [...(positions.get(path) ?? []), ...found]);
    }
    const format = formatting ? formatFor(path, rules, options) : null;
    return format ? formatText(text, ranges, format) : text;
  };
  const mapped = visit(document, '', []) as Document;

  const out: FormattedHit = {};
  if (formatting) {
    const wanted = [
      ...rules.highlight,
      ...rules.crop.map((c) => c.name),
      ...(options.attributesToRetrieve ?? ['*']),
    ];
    out._formatted = selectAttributes(selectAttributes(mapped, displayed), wanted);
  }
  if (options.showMatchesPosition) {
    out._matchesPosition = {};
    for (const path of [...positions.keys()].sort()) out._matchesPosition[path] = positions.get(path)!;
  }
  return out;
}
