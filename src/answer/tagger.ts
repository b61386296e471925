// Part-of-speech tagging for answer extraction: mecab-ko-dic tags (lindera) per eojeol, with UTF-16 offsets and a cache.
import type { Tokenizer } from 'lindera-wasm';
import { BoundedCache } from '../analysis/bounded-cache.ts';
import { linderaTokenize, linderaTokenizer, type LinderaToken } from '../analysis/lindera.ts';
import { dropLostI, repairI, substitutes, type RawMorph } from './tag-repair.ts';

/** One morpheme of a tagged text. `start`/`end` are UTF-16 offsets into the text given to `tag`. */
export interface TaggedMorph {
  surface: string;
  /** First mecab-ko-dic tag: `NNP`, `NNG`, `SN`, `NNBC`, `JKS`, `VV` …; `한/XSA+ETM` → `XSA`. */
  pos: string;
  /** The whole tag, `XSA+ETM` for an inflected form. */
  tag: string;
  /** For proper nouns ko-dic knows: `person` (인명) or `place` (지명). */
  sense: 'person' | 'place' | null;
  start: number;
  end: number;
  /** Index of the eojeol (space-separated word) the morpheme belongs to. */
  eojeol: number;
}

/** A space-separated word with its morphemes. */
export interface Eojeol {
  start: number;
  end: number;
  text: string;
  morphs: TaggedMorph[];
}

export interface Tagger {
  /** Eojeols of `text` with their morphemes, in order. */
  tag(text: string): Eojeol[];
}

// Marks a cache key for an eojeol that follows a number (5만 명의, 1989년 2월).
const AFTER_NUMBER = '\u0001';
// An eojeol ending in a number, written or with a large unit: 26,000 / 5만 / 3천.
const NUMBER_END = /[0-9](?:만|천|백|억|조)?$/u;

// Characters per lindera call (the joined eojeols of one text are usually far fewer).
const MAX_BATCH_CHARS = 20_000;

/**
 * lindera tags digits and Latin words `UNK`; the answer extractor wants Sejong's SN (number), SL (foreign)
 * and SH (hanja): `1989년` → 1989/SN 년/NNBC, `cm` → cm/SL.
 */
function refineTag(surface: string, tag: string): string {
  if (tag !== 'UNK' && !tag.startsWith('S')) return tag;
  if (/^[0-9][0-9,.]*$/u.test(surface)) return 'SN';
  if (/^[A-Za-z][A-Za-z0-9'.-]*$/u.test(surface)) return 'SL';
  if (/^[\u4e00-\u9fff]+$/u.test(surface)) return 'SH';
  if (tag === 'UNK' && /^[~∼〜-]$/u.test(surface)) return 'SO';
  // Quotation marks are no part of a noun phrase; quoted titles are candidates of their own.
  if (/^["'“”‘’《》「」『』〈〉<>]+$/u.test(surface)) return 'SSQ';
  if (tag === 'UNK' && /^[^\p{L}\p{N}]+$/u.test(surface)) return 'SY';
  return tag;
}

/** UTF-16 index of each UTF-8 byte offset that starts a code point, for one string. */
function byteToUtf16(text: string): Map<number, number> {
  const map = new Map<number, number>();
  let byte = 0;
  for (let i = 0; i < text.length;) {
    map.set(byte, i);
    const code = text.codePointAt(i)!;
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  map.set(byte, text.length);
  return map;
}

/** Each eojeol analysed alone between spaces, as the indexing analyzer does, so results are cacheable. */
function tokenizeEojeols(tokenizer: Tokenizer, words: readonly string[]): RawMorph[][] {
  const out: RawMorph[][] = words.map(() => []);
  for (let from = 0; from < words.length;) {
    let to = from;
    let chars = 0;
    while (to < words.length && (to === from || chars + words[to]!.length <= MAX_BATCH_CHARS))
      chars += words[to++]!.length + 1;
    const batch = words.slice(from, to);
    const joined = ` ${batch.join(' ')} `;
    const offsets = byteToUtf16(joined);
    const starts: number[] = [];
    let at = 1;
    for (const w of batch) {
      starts.push(at);
      at += w.length + 1;
    }
    let w = 0;
    // lindera's tokens also carry mecab-ko-dic's semantic class, which lindera.ts does not type.
    for (const t of linderaTokenize(tokenizer, joined) as Array<LinderaToken & { meaning?: string }>) {
      const start = offsets.get(t.byteStart);
      const end = offsets.get(t.byteEnd);
      if (start === undefined || end === undefined || t.surface.trim() === '') continue;
      while (w + 1 < batch.length && starts[w + 1]! <= start) w++;
      const base = starts[w]!;
      out[from + w]!.push({
        surface: t.surface,
        tag: refineTag(t.surface, t.partOfSpeechTag),
        type: t.type ?? '*',
        expression: t.expression ?? '*',
        meaning: t.meaning ?? '*',
        start: start - base,
        end: end - base,
      });
    }
    from = to;
  }
  return out.map(joinNumbers);
}

/** lindera cuts digit groups apart: 26,000 → 26 , 000 and 3.5 → 3 . 5; they are one number (SN). */
function joinNumbers(morphs: RawMorph[]): RawMorph[] {
  const out: RawMorph[] = [];
  for (const m of morphs) {
    const mark = out[out.length - 1];
    const number = out[out.length - 2];
    if (
      m.tag === 'SN' &&
      mark !== undefined &&
      number?.tag === 'SN' &&
      /^[,.]$/u.test(mark.surface) &&
      number.end === mark.start &&
      mark.end === m.start
    ) {
      out.splice(out.length - 2, 2, {
        ...number,
        surface: number.surface + mark.surface + m.surface,
        end: m.end,
      });
    } else out.push(m);
  }
  return out;
}

/**
 * @example createTagger().tag('임종석이 1989년에 검거됐다')
 * // → [임종석/NNP(person) 이/JKS], [1989/SN 년/NNBC 에/JKB], [검거/NNG 됐/XSV+EP 다/EF]
 */
export function createTagger(options: { cacheSize?: number } = {}): Tagger {
  let tokenizer: Tokenizer | null = null;
  const cache = new BoundedCache<string, readonly RawMorph[]>(options.cacheSize ?? 200_000);

  function analyse(keys: readonly string[]): RawMorph[][] {
    tokenizer ??= linderaTokenizer([]);
    // A key after a number is analysed behind a digit, as the indexing analyzer does: 5만 명의 → 1명의 →
    // 1/SN 명/NNBC 의/JKG (alone, 명의 reads as one noun, "name"); the digit's token is dropped after.
    const words = keys.map((key) => (key.startsWith(AFTER_NUMBER) ? `1${key.slice(1)}` : key));
    const first = tokenizeEojeols(tokenizer, words);
    const suspects = words.flatMap((word, i) => {
      const substituted = substitutes(word, first[i]!);
      return substituted === null ? [] : [{ i, substituted }];
    });
    const second = tokenizeEojeols(
      tokenizer,
      suspects.map((s) => s.substituted),
    );
    const out = first.map(dropLostI);
    suspects.forEach(
      ({ i, substituted }, k) => (out[i] = repairI(words[i]!, first[i]!, substituted, second[k]!)),
    );
    return out.map((morphs, i) =>
      keys[i]!.startsWith(AFTER_NUMBER)
        ? morphs.filter((m) => m.start >= 1).map((m) => ({ ...m, start: m.start - 1, end: m.end - 1 }))
        : morphs,
    );
  }

  return {
    tag(text) {
      const words: Array<{ start: number; end: number; text: string }> = [];
      for (const m of text.matchAll(/\S+/gu))
        words.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
      const keys = words.map((w, i) =>
        i > 0 && NUMBER_END.test(words[i - 1]!.text) && /^[가-힣]/u.test(w.text)
          ? AFTER_NUMBER + w.text
          : w.text,
      );
      const missing = [...new Set(keys.filter((key) => cache.get(key) === undefined))];
      if (missing.length > 0) analyse(missing).forEach((morphs, i) => cache.set(missing[i]!, morphs));
      return words.map((word, e) => ({
        ...word,
        morphs: (cache.get(keys[e]!) ?? []).map((m) => ({
          surface: m.surface,
          tag: m.tag,
          pos: m.tag.split('+')[0]!,
          sense: m.meaning === '인명' ? 'person' : m.meaning === '지명' ? 'place' : null,
          start: word.start + m.start,
          end: word.start + m.end,
          eojeol: e,
        })),
      }));
    },
  };
}

let shared: Tagger | null = null;

/** One tagger (and cache) for the whole process. */
export function sharedTagger(): Tagger {
  shared ??= createTagger();
  return shared;
}
