// One answer: the reply with clickable [n] markers, the evidence sentence with the answer marked, confidence, and
// the numbered citations; or, when Kachi abstains, the plain "no answer" message and the closest passages.
import type { AskResponse, Citation, Doc } from '../api/types.ts';
import { useI18n } from '../ui/i18n.ts';
import { citationMarks, Tagged } from './evidence.tsx';

export interface AnswerViewProps {
  answer: AskResponse;
  onOpen(
    id: string | number,
    title: string,
    marksFor: (doc: Doc) => Record<string, Array<[number, number]>>,
  ): void;
}

/** The reply's text, with each `[n]` that names a citation turned into a button that opens it. */
function CitedText({
  text,
  citations,
  onCite,
}: {
  text: string;
  citations: Citation[];
  onCite(c: Citation): void;
}) {
  const { t } = useI18n();
  return (
    <>
      {text.split(/(\[\d+\])/).map((part, i) => {
        const n = /^\[(\d+)\]$/.exec(part)?.[1];
        const citation = n === undefined ? undefined : citations[Number(n) - 1];
        if (n === undefined || citation === undefined) return part;
        return (
          <button
            key={i}
            type="button"
            class="citation-ref"
            aria-label={t('ask.cite', { n, title: citation.title || citation.id })}
            onClick={() => onCite(citation)}
          >
            {part}
          </button>
        );
      })}
    </>
  );
}

export function AnswerView({ answer, onOpen }: AnswerViewProps) {
  const { t, locale } = useI18n();
  const found = !answer.abstained && answer.answer !== '';
  const confidence = Math.round(answer.confidence * 100);
  const titleOf = (citation: Citation) => citation.title || citation.id;
  const open = (citation: Citation) =>
    onOpen(citation.id, titleOf(citation), (doc) => citationMarks(doc, answer, citation));
  return (
    <article class={found ? 'answer' : 'answer no-answer'}>
      <p class="answer-text">
        {found ? (
          <CitedText text={answer.answer} citations={answer.citations} onCite={open} />
        ) : (
          t('ask.noAnswer')
        )}
      </p>
      {found && answer.evidence !== null && (
        <figure class="evidence">
          <figcaption>{t('ask.evidence')}</figcaption>
          <blockquote>
            <Tagged text={answer.evidence.highlighted} />
          </blockquote>
        </figure>
      )}
      {found && (
        <p class="answer-meta muted">
          {t('ask.confidence', { percent: confidence.toLocaleString(locale) })} ·{' '}
          {answer.mode === 'generative' ? t('ask.generative') : t('ask.extractive')}
          {answer.note && <> · {answer.note}</>}
        </p>
      )}
      {answer.citations.length > 0 && (
        <>
          <h3 class="small-heading">{found ? t('ask.sources') : t('ask.closest')}</h3>
          <ol class="citations">
            {answer.citations.map((citation, i) => (
              <li key={`${citation.id}-${i}`}>
                <button type="button" class="citation" onClick={() => open(citation)}>
                  <span class="citation-number">[{i + 1}]</span> {titleOf(citation)}
                </button>
                {citation.snippet && (
                  <p class="citation-snippet">
                    <Tagged text={citation.snippet} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
