// The one HTTP client of the UI: same-origin fetch with the stored API key; errors keep the server's message.

const KEY_STORAGE = 'kachi.apiKey';

/** A failed request: `status` 0 means the server could not be reached. `message` is the server's own. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The key lives in sessionStorage: it is gone when the tab closes, and never sent anywhere but this server. */
export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null; // storage disabled (private mode): work without remembering the key
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null || key === '') sessionStorage.removeItem(KEY_STORAGE);
    else sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // storage disabled: the key is simply not remembered
  }
}

export function authHeaders(): Record<string, string> {
  const key = storedKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Sent as is instead of JSON (documents as NDJSON or CSV). */
  rawBody?: { data: BodyInit; contentType: string };
}

/** Parses a Meilisearch-style error body `{message, code}`, or makes one from the status line. */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: string; code?: string };
    return new ApiError(response.status, body.code ?? 'unknown', body.message ?? text);
  } catch {
    return new ApiError(response.status, 'unknown', text || `${response.status} ${response.statusText}`);
  }
}

/** `await api<SearchResponse>('POST', '/indexes/docs/search', { body: { q: '검색' } })` */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = authHeaders();
  let body: BodyInit | undefined;
  if (options.rawBody) {
    headers['content-type'] = options.rawBody.contentType;
    body = options.rawBody.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * API paths are written from the root (`/indexes`) but resolved against the page, so the UI also works when a
 * reverse proxy mounts Kachi under a path (`https://example.com/kachi/` → `https://example.com/kachi/indexes`).
 */
export function apiUrl(path: string): string {
  return new URL(path.replace(/^\//, ''), document.baseURI).href;
}

/** `/indexes/${uid}` with the uid escaped. */
export function indexPath(uid: string, rest = ''): string {
  return `/indexes/${encodeURIComponent(uid)}${rest}`;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** True for the errors that mean "log in" (no key, a wrong key, a key without this right). */
export function needsKey(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}
