// A progress line for long imports: documents/s, MB/s and ETA, redrawn in place on a terminal.

export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(documents: number, bytes: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const rate = bytes / seconds;
    const fraction = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1;
    const eta = rate > 0 ? (this.totalBytes - bytes) / rate : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ` +
      `${documents.toLocaleString('en')} docs  ${(documents / seconds).toFixed(0)} docs/s  ${(rate / 1e6).toFixed(2)} MB/s  ETA ${formatSeconds(eta)}`;
    if (this.stream.isTTY) this.stream.write(`\r${line}\x1b[K`);
    else if (force || fraction === 1) this.stream.write(`${line}\n`);
  }

  finish(documents: number, bytes: number): void {
    this.update(documents, bytes, true);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
