// The hits: highlighted title, snippet and tags. Arrow keys move between hits, Enter opens one, Esc goes back to the box.
import type { Hit, Settings } from '../api/types.ts';
import { displayValue } from '../ui/format.ts';
import { Marked } from '../ui/highlight.tsx';
import { useI18n } from '../ui/i18n.ts';
import { fieldRoles, formattedText, snippetOf } from './field-roles.ts';

export interface HitListProps {
  /** The query these hits answer, as `data-query` (tests wait on it rather than on timing). */
  query: string;
  hits: Hit[];
  settings: Settings | null;
  primaryKey: string | null;
  onOpen(hit: Hit, title: string): void;
  /** Focus goes back to the search box (Esc, or ArrowUp on the first hit). */
  onLeave(): void;
}

/** Moves focus among the hit buttons of `list`: ArrowUp/ArrowDown, Home/End. */
function moveFocus(list: HTMLElement, event: KeyboardEvent, onLeave: () => void): void {
  const buttons = [...list.querySelectorAll<HTMLButtonElement>('button.hit-title')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  let next: number | null = null;
  if (event.key === 'ArrowDown') next = Math.min(at + 1, buttons.length - 1);
  else if (event.key === 'ArrowUp') next = at - 1;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = buttons.length - 1;
  else if (event.key === 'Escape') next = -1;
  if (next === null) return;
  event.preventDefault();
  if (next < 0) onLeave();
  else buttons[next]?.focus();
}

export function HitList({ query, hits, settings, primaryKey, onOpen, onLeave }: HitListProps) {
  const { t } = useI18n();
  return (
    <ol class="hits" data-query={query} onKeyDown={(event) => moveFocus(event.currentTarget, event, onLeave)}>
      {hits.map((hit, i) => {
        const roles = fieldRoles(hit, settings, primaryKey);
        const title = roles.title ? formattedText(hit, roles.title) : '';
        const plainTitle = roles.title ? displayValue(hit[roles.title]) : '';
        const id = primaryKey ? displayValue(hit[primaryKey]) : '';
        const snippet = snippetOf(hit, roles);
        return (
          <li key={id || i} class="hit">
            <h3>
              <button type="button" class="hit-title" onClick={() => onOpen(hit, plainTitle || id)}>
                {title ? <Marked text={title} /> : t('hit.untitled', { id })}
              </button>
            </h3>
            {snippet && (
              <p class="snippet">
                <Marked text={snippet.text} />
              </p>
            )}
            {roles.tags.length > 0 && (
              <p class="tags">
                {roles.tags.map((name) => (
                  <span key={name} class="tag">
                    <span class="visually-hidden">{name}: </span>
                    {displayValue(hit[name])}
                  </span>
                ))}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
