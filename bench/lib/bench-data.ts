// Where benchmark data lives: ../shared/bench/data beside the project, or $KACHI_BENCH_DATA.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json), found from this file's location. */
export const projectRoot: string = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The benchmark data folder. The data is shared by every checkout and never copied into the project.
 * @example benchDataDir() // → '/work/shared/bench/data'
 */
export function benchDataDir(): string {
  const fromEnv = process.env['KACHI_BENCH_DATA'];
  return fromEnv !== undefined && fromEnv !== ''
    ? resolve(fromEnv)
    : resolve(projectRoot, '../shared/bench/data');
}

/**
 * The path of one data file, checked to exist so a missing data set fails with a clear message.
 * @example benchDataFile('KorQuAD_v1.0_dev.json')
 */
export function benchDataFile(name: string): string {
  const path = join(benchDataDir(), name);
  if (!existsSync(path)) {
    throw new Error(
      `Benchmark data file not found: ${path}. Point KACHI_BENCH_DATA at the folder holding ${name} ` +
        `(see ../shared/bench/README.md).`,
    );
  }
  return path;
}
