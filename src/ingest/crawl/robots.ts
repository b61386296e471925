// robots.txt (RFC 9309): the group for our user agent (else `*`), Allow/Disallow with `*` and `$`,
// longest match wins and Allow wins ties; plus Crawl-delay and Sitemap lines.

export interface RobotsRules {
  isAllowed(pathAndQuery: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelay: number | null;
  sitemaps: string[];
}

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelay: null, sitemaps: [] };
/** RFC 9309 §2.3.1.4: when robots.txt is unreachable (5xx, network), assume everything is disallowed. */
export const DISALLOW_ALL: RobotsRules = { isAllowed: () => false, crawlDelay: null, sitemaps: [] };

/** `parseRobots('User-agent: *\nDisallow: /private', 'KachiBot').isAllowed('/private/a')` → false. */
export function parseRobots(text: string, userAgent: string): RobotsRules {
  const token = userAgent.split('/')[0]?.trim().toLowerCase() ?? '';
  const groups: Array<{ agents: string[]; rules: Rule[]; delay: number | null }> = [];
  const sitemaps: string[] = [];
  let current: { agents: string[]; rules: Rule[]; delay: number | null } | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (!lastWasAgent || current === null) {
        current = { agents: [], rules: [], delay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (field === 'sitemap') sitemaps.push(value);
    else if (current !== null && (field === 'allow' || field === 'disallow') && value !== '')
      current.rules.push({ allow: field === 'allow', pattern: value, regex: patternRegex(value) });
    else if (current !== null && field === 'crawl-delay' && Number.isFinite(Number(value))) current.delay = Number(value);
  }
  const mine = groups.filter((group) => group.agents.some((agent) => agent !== '*' && token.includes(agent)));
  const chosen = mine.length > 0 ? mine : groups.filter((group) => group.agents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  const delays = chosen.map((group) => group.delay).filter((delay): delay is number => delay !== null);
  return {
    isAllowed(pathAndQuery: string): boolean {
      if (pathAndQuery === '/robots.txt') return true;
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!rule.regex.test(pathAndQuery)) continue;
        if (best === null || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
      }
      return best === null || best.allow;
    },
    crawlDelay: delays.length > 0 ? Math.max(...delays) : null,
    sitemaps,
  };
}

/** `/a*b$` → /^\/a.*b$/; everything else literal, matched as a prefix. Percent-encoding is compared as written. */
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}
