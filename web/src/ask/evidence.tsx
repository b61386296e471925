// Evidence and snippets as the /ask route sends them: plain text, text with <em>/<mark> around the span, or an object.
import type { ComponentChildren } from 'preact';
import type { AskResponse, Json } from '../api/types.ts';
import { RangeMarked } from '../ui/highlight.tsx';

const TAG = /<(em|mark|b|strong)>([\s\S]*?)<\/\1>/g;

/** Only emphasis tags become marks; anything else stays text, so nothing from a document is ever parsed as HTML. */
export function Tagged({ text }: { text: string }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const match of text.matchAll(TAG)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(<mark key={match.index}>{match[2]}</mark>);
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** `<em>1995년</em>에 나왔어요` → `1995년에 나왔어요`. */
export function untagged(text: string): string {
  return text.replace(TAG, '$2');
}

/** The evidence sentence as plain text (for finding it inside the cited document), whatever its shape. */
export function evidenceText(evidence: Json): string | null {
  if (typeof evidence === 'string') return untagged(evidence);
  if (evidence && typeof evidence === 'object' && !Array.isArray(evidence)) {
    for (const name of ['text', 'sentence']) {
      const value = evidence[name];
      if (typeof value === 'string') return untagged(value);
    }
  }
  return null;
}

/** The evidence with the answer span marked: from the server's tags, its offsets, or the span's text. */
export function Evidence({ answer }: { answer: AskResponse }) {
  const { evidence, answerSpan } = answer;
  if (typeof evidence === 'string') {
    if (/<(em|mark|b|strong)>/.test(evidence)) return <Tagged text={evidence} />;
    const at = answerSpan ? evidence.indexOf(answerSpan.text) : -1;
    return at < 0 || !answerSpan ? (
      <>{evidence}</>
    ) : (
      <RangeMarked text={evidence} ranges={[[at, at + answerSpan.text.length]]} />
    );
  }
  const text = evidenceText(evidence);
  if (text === null) return null;
  const object = evidence as Record<string, Json>;
  const start = object.start ?? object.spanStart;
  const end = object.end ?? object.spanEnd;
  if (typeof start === 'number' && typeof end === 'number')
    return <RangeMarked text={text} ranges={[[start, end]]} />;
  const at = answerSpan ? text.indexOf(answerSpan.text) : -1;
  return at < 0 || !answerSpan ? (
    <>{text}</>
  ) : (
    <RangeMarked text={text} ranges={[[at, at + answerSpan.text.length]]} />
  );
}

/** Where to mark a cited document: the evidence sentence (or the answer span) if it is there, else the snippet. */
export function citationMarks(
  doc: Record<string, Json>,
  answer: AskResponse,
  snippet: string | null | undefined,
): Record<string, Array<[number, number]>> {
  const marks: Record<string, Array<[number, number]>> = {};
  const sentence = evidenceText(answer.evidence);
  const probes = [sentence, answer.answerSpan?.text, ...(snippet ? untagged(snippet).split(/…|\.\.\./) : [])]
    .map((probe) => probe?.trim() ?? '')
    .filter((probe) => probe.length >= 2);
  for (const probe of probes) {
    for (const [field, value] of Object.entries(doc)) {
      if (typeof value !== 'string') continue;
      const at = value.indexOf(probe);
      if (at >= 0) return { [field]: [[at, at + probe.length]] };
    }
  }
  const span = answer.answerSpan;
  const value = span ? doc[span.field] : undefined;
  if (span && typeof value === 'string') marks[span.field] = [[span.start, span.end]];
  return marks;
}
