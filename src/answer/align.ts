// Question-to-sentence alignment: the wh-word's neighbours in the question should be the answer's neighbours in the sentence.
// `노아는 누구의 명령에 따라 …?` ↔ `노아는 하나님의 명령에 따라 …`: 명령 follows both 누구 and 하나님.
import type { Candidate } from './candidates.ts';
import type { QuestionAnalysis } from './question.ts';
import type { Eojeol } from './tagger.ts';
import { contentMorphs, foldTerm } from './terms.ts';

export interface QuestionFrame {
  /** Content words of the question eojeol right before the wh-phrase. */
  before: string[];
  /** Content words of the question eojeol right after the wh-phrase (after 어느 대통령: 밑). */
  after: string[];
  /** For each content word of the question: -1 when it comes before the wh-phrase, 1 after. */
  side: Map<string, -1 | 1>;
}

/**
 * @example questionFrame(tag('노아는 누구의 명령에 따라 배를 만들었는가?'), q)
 * // → before [노아], after [명령], side 노아 → -1, 명령 → 1, 배 → 1 …
 */
export function questionFrame(eojeols: readonly Eojeol[], q: QuestionAnalysis): QuestionFrame {
  const frame: QuestionFrame = { before: [], after: [], side: new Map() };
  if (q.cue === null) return frame;
  let at = -1;
  eojeols.forEach((e, i) => {
    if (e.text.includes(q.cue!)) at = i;
  });
  if (at === -1) return frame;
  // 어느 대통령의 밑에서: the asked noun belongs to the wh-phrase.
  const end =
    q.head !== null &&
    /^(?:어떤|어떠한|어느|무슨|몇|얼마)$/u.test(q.cue) &&
    eojeols[at + 1]?.text.startsWith(q.head)
      ? at + 1
      : at;
  const words = (e: Eojeol | undefined) =>
    e === undefined ? [] : contentMorphs(e).map((m) => foldTerm(m.surface));
  frame.before = words(eojeols[at - 1]);
  frame.after = words(eojeols[end + 1]);
  eojeols.forEach((e, i) => {
    if (i >= at && i <= end) return;
    for (const w of words(e)) if (!frame.side.has(w)) frame.side.set(w, i < at ? -1 : 1);
  });
  return frame;
}

/**
 * Three alignment features of a candidate: the question's word before the wh-phrase stands within two
 * eojeols before it, the word after stands within two after it, and the share of question words on the
 * same side of it as of the wh-word.
 */
export function alignment(
  c: Candidate,
  eojeols: readonly Eojeol[],
  frame: QuestionFrame,
): [number, number, number] {
  const folded = eojeols.map((e) => foldTerm(e.text));
  const near = (words: readonly string[], from: number, to: number) => {
    for (let i = Math.max(0, from); i <= Math.min(eojeols.length - 1, to); i++)
      if (words.some((w) => folded[i]!.includes(w))) return 1;
    return 0;
  };
  const before = frame.before.length > 0 ? near(frame.before, c.first - 2, c.first - 1) : 0;
  const after = frame.after.length > 0 ? near(frame.after, c.last + 1, c.last + 2) : 0;
  let same = 0;
  let all = 0;
  for (const [word, side] of frame.side) {
    const i = folded.findIndex((text) => text.includes(word));
    if (i === -1 || (i >= c.first && i <= c.last)) continue;
    all++;
    if ((i < c.first ? -1 : 1) === side) same++;
  }
  return [before, after, all > 0 ? same / all : 0];
}
