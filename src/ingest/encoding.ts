// Bytes → text: BOMs first, then a declared charset, then strict UTF-8, then CP949 (the superset of EUC-KR).
import iconv from 'iconv-lite';
import { IngestProblem } from './problems.ts';

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it: 'utf-8', 'utf-16le', 'utf-16be', 'cp949', 'windows-1252'. */
  encoding: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Charset labels as servers and old pages write them → the decoder to use. EUC-KR pages routinely contain
 * CP949-only syllables (똠, 뷁), so every Korean label decodes as CP949, as browsers do.
 */
function normalizeLabel(label: string): string | null {
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (/^(euc-?kr|cp949|ms949|uhc|x-windows-949|windows-949|ks_c_5601-1987|ksc5601|korean|csksc56011987|iso-ir-149)$/.test(name)) return 'cp949';
  if (name === 'utf8' || name === 'utf-8' || name === 'unicode-1-1-utf-8') return 'utf-8';
  if (name === 'utf-16' || name === 'utf-16le') return 'utf-16le';
  if (name === 'utf-16be') return 'utf-16be';
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'us-ascii' || name === 'ascii') return 'windows-1252';
  return iconv.encodingExists(name) ? name : null;
}

/**
 * Decodes `bytes`. `declared` is a charset from an HTTP header or `<meta>`; a BOM beats it (as in browsers),
 * and a declared UTF-8 that is not valid UTF-8 is ignored, because misconfigured Korean servers do that.
 * `decodeText(cp949('한글'))` → `{ text: '한글', encoding: 'cp949' }`.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: decodeUtf8(buffer.subarray(3)), encoding: 'utf-8' };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const label = declared ? normalizeLabel(declared) : null;
  if (label !== null && label !== 'utf-8') return { text: iconv.decode(buffer, label), encoding: label };
  try {
    return { text: utf8.decode(buffer), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: fall through to the guesses below.
  }
  const utf16 = guessUtf16(buffer);
  if (utf16 !== null) return { text: iconv.decode(buffer, utf16), encoding: utf16 };
  const korean = iconv.decode(buffer, 'cp949');
  if (replacementRatio(korean) < 0.01) return { text: korean, encoding: 'cp949' };
  throw new IngestProblem('encoding', 'The text is neither UTF-8, UTF-16 nor CP949/EUC-KR; convert it to UTF-8 (e.g. iconv -f <charset> -t utf-8).');
}

function decodeUtf8(buffer: Buffer): string {
  try {
    return utf8.decode(buffer);
  } catch {
    throw new IngestProblem('encoding', 'The text starts with a UTF-8 byte order mark but is not valid UTF-8; re-save it as UTF-8.');
  }
}

/** UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte. */
function guessUtf16(buffer: Buffer): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(buffer.length, 4096) & ~1;
  if (sample < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (buffer[i] === 0) evenZeros++;
    if (buffer[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return 'utf-16be';
  return null;
}

function replacementRatio(text: string): number {
  let bad = 0;
  for (const char of text) if (char === '\uFFFD') bad++;
  return text.length === 0 ? 0 : bad / text.length;
}

/**
 * The charset a page declares in its first 2 KB: `<meta charset="euc-kr">` or
 * `<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">`. Read as Latin-1, since the
 * declaration itself is ASCII whatever the page's encoding.
 */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return direct?.[1] ?? null;
}

/** `text/html; charset=EUC-KR` → `EUC-KR`. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  return /charset\s*=\s*["']?([\w:.-]+)/i.exec(contentType)?.[1] ?? null;
}
