// One HTTP GET with a deadline, a size cap and the SSRF guard; redirects are followed by hand so that
// every hop is checked (address, same site, loops).
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { IngestProblem } from '../problems.ts';
import { BlockedAddressError, checkLiteralHost, guardedLookup, type AddressPolicy } from './address-guard.ts';

export interface FetchOptions {
  policy: AddressPolicy;
  userAgent: string;
  /** Whole-request deadline, headers and body. */
  timeoutMs: number;
  maxBytes: number;
  /** Conditional request headers (If-None-Match, If-Modified-Since). */
  headers?: Record<string, string>;
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
  /** May a redirect go to this URL? Off-site hops are refused by the crawler. */
  allowRedirect?: (url: URL) => boolean;
}

export interface FetchResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL after redirects. */
  url: URL;
}

/** GET `url`, following redirects. Throws IngestProblem with reason timeout, redirect, blocked_address, too_large or network. */
export async function fetchPage(url: URL, options: FetchOptions): Promise<FetchResult> {
  const chain = new Set<string>([url.href]);
  let current = url;
  for (let hop = 0; ; hop++) {
    const result = await fetchOnce(current, options);
    const location = result.headers.location;
    if (result.status < 300 || result.status > 399 || result.status === 304 || location === undefined) return result;
    if (hop >= (options.maxRedirects ?? 5)) throw new IngestProblem('redirect', `more than ${options.maxRedirects ?? 5} redirects, stopped at ${current.href}`);
    const next = new URL(location, current);
    next.hash = '';
    if (chain.has(next.href)) throw new IngestProblem('redirect', `redirect loop: ${[...chain, next.href].join(' → ')}`);
    if (options.allowRedirect && !options.allowRedirect(next)) throw new IngestProblem('redirect', `redirects off the site, to ${next.href}`);
    chain.add(next.href);
    current = next;
  }
}

function fetchOnce(url: URL, options: FetchOptions): Promise<FetchResult> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new IngestProblem('unsupported', `only http and https URLs are crawled, not ${url.protocol}`));
      return;
    }
    try {
      checkLiteralHost(url.hostname, options.policy);
    } catch (error) {
      reject(new IngestProblem('blocked_address', (error as Error).message));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      lookup: guardedLookup(options.policy),
      headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...options.headers },
    });
    let settled = false;
    // The check waits one more turn of the event loop: when this process was busy (indexing is synchronous),
    // an answer that arrived meanwhile is read first instead of being counted as a timeout.
    const timer = setTimeout(
      () => setImmediate(() => settled || request.destroy(new IngestProblem('timeout', `no complete answer within ${options.timeoutMs} ms`))),
      options.timeoutMs,
    );
    request.on('response', (response) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        request.destroy(tooLarge(declared, options.maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) request.destroy(tooLarge(size, options.maxBytes));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        settled = true;
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url });
      });
      response.on('error', () => undefined);
    });
    request.on('error', (error) => {
      settled = true;
      clearTimeout(timer);
      reject(asFetchProblem(error, url));
    });
    request.end();
  });
}

function tooLarge(size: number, max: number): IngestProblem {
  return new IngestProblem('too_large', `the page is over ${(max / 1e6).toFixed(1)} MB (${(size / 1e6).toFixed(1)} MB so far); raise --max-page-size to index it`);
}

function asFetchProblem(error: Error, url: URL): IngestProblem {
  if (error instanceof IngestProblem) return error;
  if (error instanceof BlockedAddressError) return new IngestProblem('blocked_address', error.message);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new IngestProblem('network', `cannot fetch ${url.href}: ${code || error.message}`, { cause: error });
}
