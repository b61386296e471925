// Search as you type: one request per pause in typing, the previous one aborted, the last answer kept on screen.
import { useEffect, useState } from 'preact/hooks';
import { api, indexPath, isAbort } from '../api/client.ts';
import type { SearchResponse } from '../api/types.ts';
import { searchBody, type SearchChoice } from './search-request.ts';

/** Pause after a keystroke before searching; short enough to feel instant, long enough to skip mid-syllable states. */
const TYPING_PAUSE_MS = 90;

export interface SearchResult {
  response: SearchResponse | null;
  error: unknown;
  loading: boolean;
  /** Browser-measured round trip of the last answer, beside the server's processingTimeMs. */
  roundTripMs: number | null;
}

export function useSearch(indexUid: string | null, choice: SearchChoice, facets: string[]): SearchResult {
  const [result, setResult] = useState<SearchResult>({
    response: null,
    error: null,
    loading: false,
    roundTripMs: null,
  });
  const key = JSON.stringify([indexUid, choice, facets]);
  useEffect(() => {
    if (indexUid === null) return;
    const controller = new AbortController();
    setResult((previous) => ({ ...previous, loading: true }));
    const timer = setTimeout(async () => {
      const started = performance.now();
      try {
        const response = await api<SearchResponse>('POST', indexPath(indexUid, '/search'), {
          body: searchBody(choice, facets),
          signal: controller.signal,
        });
        setResult({
          response,
          error: null,
          loading: false,
          roundTripMs: Math.round(performance.now() - started),
        });
      } catch (error) {
        if (!isAbort(error)) setResult({ response: null, error, loading: false, roundTripMs: null });
      }
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for indexUid, choice and facets, compared by value rather than identity.
  }, [key]);
  return result;
}
