// A hash of everything the web build reads, recorded in web/dist at build time so a test can tell a stale dist.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Inputs of `npm run build:web`, relative to web/. Folders are walked recursively. */
export const WEB_SOURCES = ['index.html', 'vite.config.ts', 'source-hash.ts', 'tsconfig.json', 'src'];

/** The file name, inside web/dist, that holds the hash of the sources it was built from. */
export const SOURCE_HASH_FILE = 'source-hash.txt';

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => listFiles(join(path, name)));
}

/**
 * SHA-256 over the relative path and bytes of every source file, in sorted order.
 * Line endings are normalised so a Windows checkout (CRLF) hashes the same as Linux.
 */
export function hashWebSources(webDir: string): string {
  const hash = createHash('sha256');
  const files = WEB_SOURCES.flatMap((source) => listFiles(join(webDir, source))).sort();
  for (const file of files) {
    hash.update(relative(webDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}
