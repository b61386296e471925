// A minimal OpenAI-compatible chat-completions client (llama.cpp, vLLM, Ollama, Upstage Solar …): streamed tokens only.

export interface LlmConfig {
  /** Base URL up to the API version, e.g. `http://127.0.0.1:8080/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey: string | null;
  /** Give up when the endpoint sends nothing for this long (to connect, or between tokens). Default 20 s. */
  timeoutMs: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Thrown for a timeout, a refused connection, an HTTP error or a malformed stream. */
export class LlmError extends Error {
  override name = 'LlmError';
}

/**
 * Reads `KACHI_LLM_BASE_URL`, `KACHI_LLM_MODEL`, `KACHI_LLM_API_KEY` and `KACHI_LLM_TIMEOUT_MS`;
 * null (extractive mode) without a base URL.
 * @example llmConfigFromEnv({ KACHI_LLM_BASE_URL: 'http://127.0.0.1:8080/v1' }) // → { model: 'default', timeoutMs: 20000, … }
 */
export function llmConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const baseUrl = env.KACHI_LLM_BASE_URL?.trim();
  if (!baseUrl) return null;
  const timeout = Number(env.KACHI_LLM_TIMEOUT_MS);
  return {
    baseUrl: baseUrl.replace(/\/+$/u, ''),
    model: env.KACHI_LLM_MODEL?.trim() || 'default',
    apiKey: env.KACHI_LLM_API_KEY?.trim() || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 20_000,
  };
}

/**
 * Streams the assistant's reply token by token (`stream: true`, server-sent `data:` lines).
 * @example for await (const token of streamChat(config, [{ role: 'user', content: '안녕' }])) process.stdout.write(token);
 */
export async function* streamChat(
  config: LlmConfig,
  messages: readonly ChatMessage[],
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  let timer = setTimeout(abort, config.timeoutMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(abort, config.timeoutMs);
  };
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    if (config.apiKey !== null) headers.authorization = `Bearer ${config.apiKey}`;
    const response = await fetch(`${config.baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: config.model, messages, stream: true, temperature: 0.2 }),
      signal: controller.signal,
    }).catch((error: unknown) => {
      throw new LlmError(
        controller.signal.aborted
          ? `no response within ${config.timeoutMs} ms`
          : `cannot reach ${config.baseUrl}: ${String(error)}`,
        { cause: error },
      );
    });
    if (!response.ok || response.body === null)
      throw new LlmError(
        `${config.baseUrl} answered HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`,
      );
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body) {
        alive();
        pending += decoder.decode(chunk as Uint8Array, { stream: true });
        const lines = pending.split(/\r?\n/u);
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const token = tokenOf(line);
          if (token === null) return;
          if (token !== '') yield token;
        }
      }
    } catch (error) {
      if (error instanceof LlmError) throw error;
      throw new LlmError(
        controller.signal.aborted
          ? `the stream stalled for ${config.timeoutMs} ms`
          : `the stream broke: ${String(error)}`,
        { cause: error },
      );
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** The content of one `data:` line; null at `[DONE]`; '' for other lines and empty deltas. */
function tokenOf(line: string): string | null {
  if (!line.startsWith('data:')) return '';
  const data = line.slice(5).trim();
  if (data === '[DONE]') return null;
  if (data === '') return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new LlmError(`malformed stream line: ${data.slice(0, 100)}`);
  }
  const choice = (parsed as { choices?: Array<{ delta?: { content?: unknown } }> }).choices?.[0];
  const content = choice?.delta?.content;
  return typeof content === 'string' ? content : '';
}
