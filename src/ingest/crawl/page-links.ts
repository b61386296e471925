// What a crawled HTML page says about crawling: its links, its canonical URL and its robots meta tags.
import type { HtmlDocument } from '../formats/html.ts';
import { canonicalUrl } from './canonical-url.ts';

export interface PageDirectives {
  links: URL[];
  canonical: URL | null;
  /** `<meta name="robots" content="noindex">`: follow the links but store no passages. */
  noindex: boolean;
  /** `<meta name="robots" content="nofollow">`: store the page but follow none of its links. */
  nofollow: boolean;
}

export function readPageDirectives(document: HtmlDocument, pageUrl: URL): PageDirectives {
  const attr = (selector: string, name: string): string[] =>
    Array.from(document.querySelectorAll(selector)).map((element) => element.getAttribute?.(name) ?? '');
  const baseHref = attr('base[href]', 'href')[0];
  const base = (baseHref ? canonicalUrl(baseHref, pageUrl) : null) ?? pageUrl;
  const robots = attr('meta[name="robots" i], meta[name="kachibot" i]', 'content').join(',').toLowerCase();
  const links: URL[] = [];
  for (const anchor of Array.from(document.querySelectorAll('a[href], area[href]'))) {
    if (/\bnofollow\b/i.test(anchor.getAttribute?.('rel') ?? '')) continue;
    const url = canonicalUrl(anchor.getAttribute?.('href') ?? '', base);
    if (url !== null) links.push(url);
  }
  const canonicalHref = attr('link[rel="canonical" i][href]', 'href')[0];
  return {
    links,
    canonical: canonicalHref ? canonicalUrl(canonicalHref, base) : null,
    noindex: /\b(noindex|none)\b/.test(robots),
    nofollow: /\b(nofollow|none)\b/.test(robots),
  };
}
