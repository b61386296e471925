// Queries worth trying on the sample guide, each showing one thing the Korean analyzer understands.
import { useI18n, type MessageKey } from '../ui/i18n.ts';

const EXAMPLES: Array<{ q: string; what: MessageKey }> = [
  { q: 'ㄱㅅㅇㅈ', what: 'try.chosung' },
  { q: 'rjator', what: 'try.layout' },
  { q: '검샥', what: 'try.typo' },
  { q: '형태', what: 'try.prefix' },
  { q: '"마스터 키"', what: 'try.phrase' },
];

export function Suggestions({ onPick }: { onPick(q: string): void }) {
  const { t } = useI18n();
  return (
    <div class="suggestions">
      <span class="muted">{t('try.heading')}</span>
      <ul>
        {EXAMPLES.map((example) => (
          <li key={example.q}>
            <button type="button" class="chip" onClick={() => onPick(example.q)}>
              <span class="chip-query">{example.q}</span> <span class="chip-what">{t(example.what)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
