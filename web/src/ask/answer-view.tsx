// One answer: the reply, the evidence sentence with the answer marked, confidence, and numbered citations.
import type { AskResponse, Doc } from '../api/types.ts';
import { useI18n } from '../ui/i18n.ts';
import { citationMarks, Evidence, Tagged } from './evidence.tsx';

export interface AnswerViewProps {
  answer: AskResponse;
  onOpen(
    id: string | number,
    title: string,
    marksFor: (doc: Doc) => Record<string, Array<[number, number]>>,
  ): void;
}

export function AnswerView({ answer, onOpen }: AnswerViewProps) {
  const { t, locale } = useI18n();
  const found = answer.answerSpan !== null && Boolean(answer.answer);
  const confidence = Math.round((answer.confidence ?? 0) * 100);
  return (
    <article class={found ? 'answer' : 'answer no-answer'}>
      <p class="answer-text">{found ? answer.answer : (answer.answer ?? t('ask.noAnswer'))}</p>
      {found && answer.evidence !== null && (
        <figure class="evidence">
          <figcaption>{t('ask.evidence')}</figcaption>
          <blockquote>
            <Evidence answer={answer} />
          </blockquote>
        </figure>
      )}
      <p class="answer-meta muted">
        {t('ask.confidence', { percent: confidence.toLocaleString(locale) })} ·{' '}
        {answer.mode === 'generative' ? t('ask.generative') : t('ask.extractive')}
      </p>
      {answer.citations.length > 0 && (
        <>
          <h3 class="small-heading">{found ? t('ask.sources') : t('ask.closest')}</h3>
          <ol class="citations">
            {answer.citations.map((citation, i) => {
              const title = citation.title || String(citation.id);
              return (
                <li key={`${citation.id}-${i}`}>
                  <button
                    type="button"
                    class="citation"
                    onClick={() =>
                      onOpen(citation.id, title, (doc) => citationMarks(doc, answer, citation.snippet))
                    }
                  >
                    <span class="citation-number">[{i + 1}]</span> {title}
                  </button>
                  {citation.snippet && (
                    <p class="citation-snippet">
                      <Tagged text={citation.snippet} />
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </article>
  );
}
