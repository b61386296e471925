// Korean first, English on request: one message table per language and a context that hands out `t`.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { EN } from './messages-en.ts';
import { KO, type MessageKey } from './messages-ko.ts';

export type { MessageKey } from './messages-ko.ts';
export type Lang = 'ko' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const LANG_STORAGE = 'kachi.lang';

/** Korean unless the person chose English before (kept in localStorage). */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_STORAGE) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** `t('results.count', { count: 3 })` → `결과 3개`; `{name}` placeholders are replaced from params. */
export function makeTranslate(lang: Lang): Translate {
  const table = lang === 'en' ? EN : KO;
  return (key, params) => {
    const template = table[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

export interface I18nValue {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
  /** Numbers and dates in the UI language: `12,345`. */
  locale: string;
}

export const I18n = createContext<I18nValue>({
  lang: 'ko',
  t: makeTranslate('ko'),
  setLang: () => undefined,
  locale: 'ko-KR',
});

export function useI18n(): I18nValue {
  return useContext(I18n);
}
