// Facets from the index's filterableAttributes: checkboxes with counts; values of one field OR, fields AND.
import { useState } from 'preact/hooks';
import { useI18n } from '../ui/i18n.ts';
import { OPAQUE } from './field-roles.ts';

const SHOWN_AT_FIRST = 8;

export interface FacetPanelProps {
  distribution: Record<string, Record<string, number>>;
  selected: Record<string, string[]>;
  onToggle(attribute: string, value: string): void;
  onClear(): void;
}

function FacetGroup({
  attribute,
  counts,
  selected,
  onToggle,
}: {
  attribute: string;
  counts: Record<string, number>;
  selected: string[];
  onToggle(value: string): void;
}) {
  const { t, locale } = useI18n();
  const [expanded, setExpanded] = useState(false);
  // Chosen values stay visible even when the current query matches none of them.
  const values = [...new Set([...selected, ...Object.keys(counts)])].sort(
    (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b, 'ko'),
  );
  const shown = expanded ? values : values.slice(0, SHOWN_AT_FIRST);
  return (
    <fieldset class="facet">
      <legend>{attribute}</legend>
      {shown.map((value) => (
        <label class="facet-value" key={value}>
          <input type="checkbox" checked={selected.includes(value)} onChange={() => onToggle(value)} />
          <span class="facet-name">{value}</span>{' '}
          <span class="count">{(counts[value] ?? 0).toLocaleString(locale)}</span>
        </label>
      ))}
      {values.length > SHOWN_AT_FIRST && (
        <button type="button" class="link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('facets.less') : t('facets.more', { count: values.length - SHOWN_AT_FIRST })}
        </button>
      )}
    </fieldset>
  );
}

export function FacetPanel({ distribution, selected, onToggle, onClear }: FacetPanelProps) {
  const { t } = useI18n();
  // A facet of hashes (an ingested passage's revision) helps nobody choose; it stays usable through the API.
  const attributes = Object.keys(distribution).filter((name) =>
    Object.keys(distribution[name] ?? {}).some((value) => !OPAQUE.test(value)),
  );
  if (attributes.length === 0) return null;
  const anySelected = Object.values(selected).some((values) => values.length > 0);
  return (
    <div class="facet-panel">
      <h2 class="small-heading">{t('facets.heading')}</h2>
      {attributes.map((attribute) => (
        <FacetGroup
          key={attribute}
          attribute={attribute}
          counts={distribution[attribute] ?? {}}
          selected={selected[attribute] ?? []}
          onToggle={(value) => onToggle(attribute, value)}
        />
      ))}
      {anySelected && (
        <button type="button" class="secondary" onClick={onClear}>
          {t('facets.clear')}
        </button>
      )}
    </div>
  );
}
