// Loads lindera-wasm (mecab-ko-dic embedded) once, lazily, and builds tokenizers that drop stop tags in WASM.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, TokenizerBuilder, type Tokenizer } from 'lindera-wasm';
import { KachiError } from '../errors.ts';
import { withLeanImports } from './lindera-imports.ts';

/** The fields Kachi reads from a lindera token (lindera returns more: reading, meaning, wordId …). */
export interface LinderaToken {
  surface: string;
  /** UTF-8 byte offsets into the tokenized string. */
  byteStart: number;
  byteEnd: number;
  /** mecab-ko-dic tag; `'VV+EP'` for an inflected form, `'UNK'` for unknown words and spaces. */
  partOfSpeechTag: string;
  /** `'*'`, `'Compound'`, `'Inflect'` or `'Preanalysis'`; absent on UNK tokens. */
  type?: string;
  /** `'검색/NNG/*+엔진/NNG/*'` for compounds and inflected forms, `'*'` otherwise. */
  expression?: string;
}

let initialized = false;
const tokenizers = new Map<string, Tokenizer>();

/** Instantiates the WASM module (about a second, so only on first use). */
export function ensureInitialized(): void {
  if (initialized) return;
  try {
    const require = createRequire(import.meta.url);
    withLeanImports(() =>
      initSync({ module: readFileSync(require.resolve('lindera-wasm/lindera_wasm_bg.wasm')) }),
    );
    initialized = true;
  } catch (error) {
    throw new KachiError(
      'internal',
      `Could not load lindera-wasm (Korean morphology): ${String(error)}. Reinstall dependencies with \`npm install\`.`,
      { cause: error },
    );
  }
}

/**
 * A mecab-ko-dic tokenizer that drops `stopTags` and single spaces inside WASM, so particles, endings
 * and the spaces that separate batched eojeols never become JS objects (converting them dominates cost).
 * Tokenizers are shared per tag list.
 */
export function linderaTokenizer(stopTags: readonly string[]): Tokenizer {
  const key = [...stopTags].sort().join(',');
  let tokenizer = tokenizers.get(key);
  if (tokenizer) return tokenizer;
  ensureInitialized();
  const builder = new TokenizerBuilder();
  builder.setDictionary('embedded://ko-dic');
  builder.setMode('normal');
  if (stopTags.length > 0) builder.appendTokenFilter('korean_stop_tags', { tags: [...stopTags] });
  builder.appendTokenFilter('stop_words', { words: [' '] });
  tokenizer = builder.build();
  tokenizers.set(key, tokenizer);
  return tokenizer;
}

/** Tokenizes with lindera; the result is typed here, at the boundary with the untyped WASM binding. */
export function linderaTokenize(tokenizer: Tokenizer, text: string): LinderaToken[] {
  return tokenizer.tokenize(text) as LinderaToken[];
}
