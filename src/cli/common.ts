// Shared CLI plumbing: the data folder flag, opening the engine, and printing KachiErrors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openEngine, type Engine } from '../engine.ts';
import { isKachiError } from '../errors.ts';

export const DB_PATH_OPTION = { 'db-path': { type: 'string' } } as const;

/** `--db-path`, else `KACHI_DB_PATH`, else `./kachi-data` (the same as the server's). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KACHI_DB_PATH ?? './kachi-data';
}

export function openFromFlags(flag: string | undefined): Engine {
  return openEngine({ dbPath: resolveDbPath(flag) });
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options: { ...options, ...DB_PATH_OPTION }, allowPositionals: true, strict: true });
}

/** Prints an error the way users should see it: the message, then the code. Returns the exit code. */
export function reportError(error: unknown): number {
  if (isKachiError(error)) {
    console.error(`kachi: ${error.message} (${error.code})`);
    return 1;
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`kachi: ${error.message}`);
    return 2;
  }
  throw error;
}
