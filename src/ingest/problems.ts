// Per-source failures: a file or page that cannot be read is reported with a reason and skipped, never fatal.
import type { SkipReason } from './types.ts';

/**
 * Thrown by parsers and fetchers for one source; the ingest loop turns it into a report line and moves on.
 * It is not a KachiError on purpose: it never reaches an HTTP client or the CLI's exit code.
 */
export class IngestProblem extends Error {
  readonly reason: SkipReason;
  constructor(reason: SkipReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestProblem';
    this.reason = reason;
  }
}

/** Any error from a parser library, as a problem: library messages vary, so look for the usual words. */
export function asProblem(error: unknown, what: string): IngestProblem {
  if (error instanceof IngestProblem) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException' || /password|encrypt/i.test(message))
    return new IngestProblem('encrypted', `${what} is password-protected; save an unprotected copy to index it.`, { cause: error });
  if (/unexpected end|truncat|too small|premature|eof|end of (data|file|input)|unterminated/i.test(message))
    return new IngestProblem('truncated', `${what} is truncated (${message}); copy the complete file again.`, { cause: error });
  return new IngestProblem('corrupt', `${what} cannot be read (${message}); check that the file opens in its own application.`, { cause: error });
}
