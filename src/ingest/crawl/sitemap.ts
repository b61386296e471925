// sitemap.xml: page URLs from a <urlset>, and nested sitemaps from a <sitemapindex>.

export interface Sitemap {
  pages: string[];
  sitemaps: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Reads the <loc> of each entry; a regex is enough for this flat format and tolerates sloppy XML. */
export function parseSitemap(xml: string): Sitemap {
  const locations = [...xml.matchAll(/<(?:\w+:)?loc>\s*(?:<!\[CDATA\[)?\s*([^<\]]+?)\s*(?:\]\]>)?\s*<\/(?:\w+:)?loc>/g)].map((match) =>
    (match[1] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? ''),
  );
  return /<(?:\w+:)?sitemapindex[\s>]/.test(xml) ? { pages: [], sitemaps: locations } : { pages: locations, sitemaps: [] };
}
