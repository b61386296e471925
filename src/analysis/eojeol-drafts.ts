// Segmented text → draft tokens per eojeol: morphology for Hangul runs, words, jamo, dictionary words, bigrams.
import { hangulBigrams } from './bigrams.ts';
import { isAllSyllables } from './hangul.ts';
import type { MorphToken } from './morph-tokens.ts';
import { addDraft, newDrafts, type EojeolDrafts } from './positions.ts';
import type { Eojeol, Run } from './segment.ts';
import { wordTokens } from './word-tokens.ts';

/**
 * The morphology input for each Hangul run, in order: the run, after one ASCII character standing
 * for the word it follows in its eojeol. After a number the run reads as a counter (15일 → 일/NNBC;
 * alone, 일 reads 이/VCP + ㄹ/ETM and vanishes); after a Latin word as a particle (Kachi와 → 와/JC;
 * alone, 와 reads 오/VV + 아/EC).
 * @example hangulRuns('15일 iphone을', …) // → ['1일', 'a을']
 */
export function hangulRuns(text: string, eojeols: readonly Eojeol[], out: string[]): void {
  for (const eojeol of eojeols) {
    let previous: Run | undefined;
    for (const run of eojeol.runs) {
      if (run.kind === 'hangul') out.push(contextOf(text, previous) + text.slice(run.start, run.end));
      previous = run;
    }
  }
}

function contextOf(text: string, previous: Run | undefined): string {
  if (previous?.kind !== 'word') return '';
  const last = text.charCodeAt(previous.end - 1);
  return last >= 0x30 && last <= 0x39 ? '1' : 'a';
}

export interface DraftOptions {
  /** Morphemes of every Hangul run of this text, in `hangulRuns` order; null without morphology. */
  morphs: ReadonlyArray<readonly MorphToken[]> | null;
  bigrams: boolean;
}

export function draftEojeols(
  text: string,
  eojeols: readonly Eojeol[],
  options: DraftOptions,
): EojeolDrafts[] {
  const out: EojeolDrafts[] = [];
  let next = 0;
  for (const eojeol of eojeols) {
    const drafts = newDrafts(eojeol.start, eojeol.end);
    for (const run of eojeol.runs) {
      if (run.kind === 'word') wordTokens(text, run.start, run.end, drafts);
      else if (run.kind === 'hangul' && options.morphs) {
        for (const m of options.morphs[next++] ?? [])
          addDraft(drafts, m.term, m.kind, m.start + run.start, m.end + run.start, m.step);
      } else {
        // jamo runs, Hangul runs without morphology, and user dictionary words: one token each;
        // a dictionary word all in syllables is a morpheme like any other (카카오뱅크).
        const term = text.slice(run.start, run.end);
        addDraft(
          drafts,
          term,
          run.kind === 'dict' && isAllSyllables(term) ? 'morph' : 'word',
          run.start,
          run.end,
          1,
        );
      }
    }
    if (options.bigrams) hangulBigrams(text, eojeol.start, eojeol.end, drafts.bigrams);
    out.push(drafts);
  }
  return out;
}
