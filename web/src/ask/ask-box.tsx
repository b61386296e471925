// "AI 친구에게 물어보기": a question to POST /indexes/:uid/ask, and the answer with its evidence and citations.
import { useState } from 'preact/hooks';
import { api, ApiError, indexPath } from '../api/client.ts';
import type { AskResponse, Doc } from '../api/types.ts';
import { errorMessage } from '../ui/error-note.tsx';
import { useI18n } from '../ui/i18n.ts';
import { AnswerView } from './answer-view.tsx';

type AskState =
  | { status: 'idle' }
  | { status: 'asking'; question: string }
  | { status: 'answered'; question: string; answer: AskResponse }
  | { status: 'unsupported' }
  | { status: 'failed'; message: string };

export interface AskBoxProps {
  uid: string;
  /** Opens a cited document with the passage marked. */
  onOpen(
    id: string | number,
    title: string,
    marksFor: (doc: Doc) => Record<string, Array<[number, number]>>,
  ): void;
}

export function AskBox({ uid, onOpen }: AskBoxProps) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [state, setState] = useState<AskState>({ status: 'idle' });
  const ask = async (event: Event) => {
    event.preventDefault();
    const q = question.trim();
    if (!q) return;
    setState({ status: 'asking', question: q });
    try {
      const answer = await api<AskResponse>('POST', indexPath(uid, '/ask'), { body: { question: q } });
      setState({ status: 'answered', question: q, answer });
    } catch (error) {
      // A 404 that is not about the index means this server has no /ask route yet.
      const missing = error instanceof ApiError && error.status === 404 && error.code !== 'index_not_found';
      setState(missing ? { status: 'unsupported' } : { status: 'failed', message: errorMessage(error) });
    }
  };
  return (
    <section class="ask card" aria-labelledby="ask-heading">
      <h2 id="ask-heading">{t('ask.heading')}</h2>
      <form class="row" onSubmit={ask}>
        <label for="ask-input" class="visually-hidden">
          {t('ask.label')}
        </label>
        <input
          id="ask-input"
          type="text"
          value={question}
          placeholder={t('ask.placeholder')}
          autoComplete="off"
          enterKeyHint="send"
          onInput={(event) => setQuestion(event.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={state.status === 'asking'}>
          {t('ask.submit')}
        </button>
      </form>
      <div class="ask-result" aria-live="polite">
        {state.status === 'asking' && <p class="muted">{t('ask.thinking')}</p>}
        {state.status === 'unsupported' && <p class="muted">{t('ask.unsupported')}</p>}
        {state.status === 'failed' && (
          <p class="error" role="alert">
            {state.message}
          </p>
        )}
        {state.status === 'answered' && <AnswerView answer={state.answer} onOpen={onOpen} />}
      </div>
    </section>
  );
}
