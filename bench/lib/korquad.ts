// KorQuAD 1.0 (SQuAD format) → passages and questions with gold passage ids and answer texts.
import { readFileSync } from 'node:fs';
import { benchDataFile } from './bench-data.ts';

/** One retrievable unit: a KorQuAD paragraph (or, in T2, a Wikipedia paragraph). */
export interface Passage {
  /** `<articleIndex>-<paragraphIndex>` for KorQuAD, e.g. `'0-3'`. */
  id: string;
  title: string;
  text: string;
}

export interface Question {
  /** KorQuAD question id, e.g. `'6548850-0-0'`. */
  id: string;
  question: string;
  /** Id of the passage the question was written on. */
  goldId: string;
  /** Every answer text given for the question (KorQuAD dev has one, SQuAD-style data may have more). */
  answers: string[];
}

export interface QaSet {
  passages: Passage[];
  questions: Question[];
}

/** The KorQuAD 1.0 dev file in the benchmark data folder. */
export const KORQUAD_DEV_FILE = 'KorQuAD_v1.0_dev.json';

/**
 * Loads a KorQuAD / SQuAD 1.1 file: one passage per paragraph, in file order.
 * @example const { passages, questions } = loadKorquad(); // 964 passages, 5,774 questions
 */
export function loadKorquad(path: string = benchDataFile(KORQUAD_DEV_FILE)): QaSet {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const passages: Passage[] = [];
  const questions: Question[] = [];
  field(raw, 'data', path).forEach((article, a) => {
    const title = text(article, 'title', path);
    field(article, 'paragraphs', path).forEach((paragraph, p) => {
      const id = `${a}-${p}`;
      passages.push({ id, title, text: text(paragraph, 'context', path) });
      for (const qa of field(paragraph, 'qas', path)) {
        const answers = field(qa, 'answers', path).map((answer) => text(answer, 'text', path));
        questions.push({
          id: text(qa, 'id', path),
          question: text(qa, 'question', path),
          goldId: id,
          answers,
        });
      }
    });
  });
  return { passages, questions };
}

// The file is external input: check each field we read instead of casting the whole tree.
function field(value: unknown, name: string, path: string): unknown[] {
  const v = isRecord(value) ? value[name] : undefined;
  if (!Array.isArray(v)) throw new Error(`${path}: expected an array in field "${name}" (SQuAD 1.1 format)`);
  return v;
}

function text(value: unknown, name: string, path: string): string {
  const v = isRecord(value) ? value[name] : undefined;
  if (typeof v !== 'string')
    throw new Error(`${path}: expected a string in field "${name}" (SQuAD 1.1 format)`);
  return v;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
