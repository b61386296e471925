// Where each searchable value of a document holds which term: its content tokens (words, morphs, compounds)
// with their offsets, written at indexing beside the document, so that highlighting and cropping a hit
// read its matches instead of analysing its words again. That analysis was most of the format thread's
// time under load (lindera costs ~20 µs for a word it has not seen, and most of a hit's words are new to
// it); Lucene keeps term vectors with offsets for the same reason. Written by hand: a few varints per
// token, in the codec of the postings (varint.ts).
//
// Layout, all varints: the number of keys spelled out, each as its UTF-8 length and bytes; the number of
// values, each as its `path#valueIndex` (length, bytes), its token count, and per token the change of its
// start from the previous token's (zigzag), then `length << 1 | spelled`, then, when spelled, the key's
// number. A token whose key is its own text (`학교` in `학교에`, most of them) does not spell it.
import { ByteReader, ByteWriter } from './varint.ts';

/** One content token of a value: its index key and its UTF-16 offsets in the value's text. */
export interface MatchToken {
  key: string;
  start: number;
  end: number;
}

/** A searchable value of a document and its content tokens. */
export interface MatchTokenValue {
  /** `${path}#${valueIndex}`, as flattenValues numbers them. */
  value: string;
  text: string;
  tokens: readonly MatchToken[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** True when `text[start, end)` is `key`, without slicing. */
function spans(text: string, start: number, end: number, key: string): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (text.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
  return true;
}

function writeString(out: ByteWriter, text: string): void {
  const bytes = encoder.encode(text);
  out.writeVarint(bytes.length);
  out.writeBytes(bytes);
}

function readString(input: ByteReader): string {
  const length = input.readVarint();
  const text = decoder.decode(input.bytes.subarray(input.offset, input.offset + length));
  input.offset += length;
  return text;
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

/** The stored form of a document's values and tokens. */
export function encodeMatchTokens(values: readonly MatchTokenValue[]): Uint8Array {
  const spelled = new Map<string, number>();
  for (const { text, tokens } of values)
    for (const { key, start, end } of tokens) if (!spans(text, start, end, key) && !spelled.has(key)) spelled.set(key, spelled.size);
  const out = new ByteWriter(256);
  out.writeVarint(spelled.size);
  for (const key of spelled.keys()) writeString(out, key);
  out.writeVarint(values.length);
  for (const { value, text, tokens } of values) {
    writeString(out, value);
    out.writeVarint(tokens.length);
    let previous = 0;
    for (const { key, start, end } of tokens) {
      out.writeVarint(zigzag(start - previous));
      previous = start;
      const number = spans(text, start, end, key) ? undefined : spelled.get(key)!;
      out.writeVarint(((end - start) << 1) | (number === undefined ? 0 : 1));
      if (number !== undefined) out.writeVarint(number);
    }
  }
  return out.view().slice();
}

/**
 * The tokens of `stored` whose key is in `terms`, per value, with the keys: what analysing the values
 * would find. `textOf` gives a value's text (`path#valueIndex` → text); values it does not know are skipped.
 */
export function findMatchTokens(
  stored: Uint8Array,
  textOf: (value: string) => string | undefined,
  terms: ReadonlySet<string>,
): Map<string, MatchToken[]> {
  const input = new ByteReader(stored);
  const keys: string[] = [];
  for (let count = input.readVarint(); keys.length < count; ) keys.push(readString(input));
  const out = new Map<string, MatchToken[]>();
  for (let values = input.readVarint(); values > 0; values--) {
    const value = readString(input);
    const text = textOf(value);
    let previous = 0;
    let found: MatchToken[] | undefined;
    for (let tokens = input.readVarint(); tokens > 0; tokens--) {
      const start = previous + unzigzag(input.readVarint());
      previous = start;
      const lengthAndFlag = input.readVarint();
      const end = start + (lengthAndFlag >>> 1);
      if (text === undefined) {
        if ((lengthAndFlag & 1) === 1) input.readVarint();
        continue;
      }
      const key = (lengthAndFlag & 1) === 1 ? keys[input.readVarint()]! : text.slice(start, end);
      if (!terms.has(key)) continue;
      if (found === undefined) out.set(value, (found = []));
      found.push({ key, start, end });
    }
  }
  return out;
}
