// What the benchmark ran on, printed beside every table so figures can be compared across machines.
import { execFileSync } from 'node:child_process';
import { arch, cpus, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  os: string;
}

export function describeMachine(): MachineInfo {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
  };
}

/** @example formatMachine(describeMachine()) // → '2 cores (AMD EPYC …), 23.4 GiB, Node v20.20.2, linux …' */
export function formatMachine(m: MachineInfo): string {
  return `${m.cores} cores (${m.cpuModel}), ${m.totalMemoryGiB.toFixed(1)} GiB memory, Node ${m.node}, ${m.os}`;
}

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The commit the benchmark ran from, marked `+dirty` when `paths` have uncommitted changes
 * (other engineers may be editing the same tree while it runs); 'unknown' outside git.
 * @example sourceRevision('/work/main', ['src']) // → 'a38c3b9+dirty'
 */
export function sourceRevision(cwd: string, paths: string[]): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', ...paths], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.trim() === '' ? head : `${head}+dirty`;
  } catch {
    return 'unknown';
  }
}
