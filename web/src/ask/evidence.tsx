// Evidence and citations as /ask sends them: sentences with the answer between <em> tags, offsets into fields.
import type { ComponentChildren } from 'preact';
import type { AskResponse, Citation, Doc } from '../api/types.ts';

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

/**
 * Where to mark a cited document: the evidence sentence at its offsets when the answer came from this document,
 * else the citation's snippet (its best sentence for the question) wherever it occurs. Never the answer phrase
 * alone: the same words in another document are not the passage the answer came from.
 */
export function citationMarks(
  doc: Doc,
  answer: AskResponse,
  citation: Citation,
): Record<string, Array<[number, number]>> {
  const evidence = answer.evidence;
  if (evidence !== null && evidence.id === citation.id) {
    const value = doc[evidence.field];
    if (typeof value === 'string' && value.slice(evidence.start, evidence.end) === evidence.text)
      return { [evidence.field]: [[evidence.start, evidence.end]] };
  }
  const snippet = untagged(citation.snippet).trim();
  if (snippet.length < 2) return {};
  for (const [field, value] of Object.entries(doc)) {
    const at = typeof value === 'string' ? value.indexOf(snippet) : -1;
    if (at >= 0) return { [field]: [[at, at + snippet.length]] };
  }
  return {};
}
