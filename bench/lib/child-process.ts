// Runs one benchmark part in its own Node process, so its peak memory is its own, and reads its JSON result.
import { spawn } from 'node:child_process';

/** Prefix of the one stdout line that carries a child's result; everything else is passed through. */
export const RESULT_PREFIX = '@@bench-result ';

/** Prints a child's result for the parent to pick up. */
export function emitResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

export interface RunChildOptions {
  /** Script to run, relative to `cwd` or absolute. */
  script: string;
  /** Arguments after the script. Default none. */
  args?: string[];
  /** Node options before the script, e.g. `['--import', 'tsx']`. Default none. */
  nodeArgs?: string[];
  /** Working folder of the child (where `--import tsx` is resolved). Default: the parent's. */
  cwd?: string;
}

/**
 * Runs `node [nodeArgs] script [args]` and resolves with the parsed result line. Other output goes to
 * the parent's stderr; a non-zero exit or a missing result rejects with the child's exit status.
 * @example await runChild({ script: 'bench/relevance.ts', args: ['--engine', 'bm25-bigram'], nodeArgs: ['--import', 'tsx'] })
 */
export function runChild(options: RunChildOptions): Promise<unknown> {
  const { script, args = [], nodeArgs = [], cwd = process.cwd() } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = stdout.split('\n');
      for (const line of lines)
        if (line !== '' && !line.startsWith(RESULT_PREFIX)) process.stderr.write(`${line}\n`);
      const resultLine = lines.find((line) => line.startsWith(RESULT_PREFIX));
      if (code === 0 && resultLine !== undefined) {
        resolve(JSON.parse(resultLine.slice(RESULT_PREFIX.length)));
      } else {
        reject(
          new Error(`${script} ${args.join(' ')} exited with ${signal ?? `code ${code}`} and no result`),
        );
      }
    });
  });
}
