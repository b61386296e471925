// URL canonicalization for dedup: one spelling per page, so /a?utm_source=x#top and /a are fetched once.

/** Query parameters that only track clicks and never change the page. */
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)$/i;

/**
 * `canonicalUrl('HTTP://Example.com:80/a/../b?utm_source=x&b=2&a=1#top')` → `http://example.com/b?a=1&b=2`.
 * Returns null for what is not an http(s) URL (mailto:, javascript:, malformed).
 */
export function canonicalUrl(raw: string, base?: URL | string): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  const params = [...url.searchParams].filter(([name]) => !TRACKING.test(name));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = params.length > 0 ? new URLSearchParams(params).toString() : '';
  return url;
}

/** The site a host belongs to, so that `www.example.com` and `example.com` are one site. */
export function siteOf(url: URL): string {
  return url.hostname.replace(/^www\./, '');
}

export function sameSite(a: URL, b: URL): boolean {
  return siteOf(a) === siteOf(b);
}
