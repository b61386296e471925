// Server options: defaults, `--flags` and `KACHI_*` environment variables, merged in one place.
import { KachiError } from '../errors.ts';

/** How `kachi serve` runs. Every option mirrors a Meilisearch flag of the same name. */
export interface ServerOptions {
  /** `host:port` to listen on. Default `127.0.0.1:7700`; port 0 picks a free port. */
  httpAddr: string;
  /** Data folder shared with the engine. Default `./kachi-data`. */
  dbPath: string;
  /** Master key; without one (development only) every route but `/keys` is open. Default none. */
  masterKey: string | null;
  /** `development` (default) or `production`, which requires a master key of at least 16 bytes. */
  env: 'development' | 'production';
  /** Upper bound, in bytes, for the documents one indexing batch holds in memory. Default 256 MiB. */
  maxIndexingMemory: number;
  /** Largest accepted request body, in bytes. Default 100 MB, like Meilisearch. */
  httpPayloadSizeLimit: number;
  /** A dump file (`.dump`) to import at start when the data folder holds no index yet. Default none. */
  importDump: string | null;
  /** Log each request to stderr. Default false. */
  logRequests: boolean;
  /** Kachi: the SMTP server email alerts go through, `smtp://user:pass@host:587`. Default none (no email alerts). */
  smtpUrl: string | null;
  /** Kachi: the From header of alert emails. Default `까치 알림 <kachi@localhost>`. */
  smtpFrom: string | null;
  /** Kachi: let alert webhooks reach private, loopback and link-local addresses (intranets, tests). Default false. */
  alertsAllowPrivateWebhooks: boolean;
  /** Kachi: delivery attempts before a notification becomes a dead letter. Default 8. */
  alertsMaxAttempts: number;
  /** Kachi: delay before the first retry of a failed delivery, in ms; it doubles each time, with jitter. Default 1 s. */
  alertsRetryDelay: number;
  /** Kachi: unsent bytes one alert stream subscriber may hold before it is dropped. Default 1 MiB. */
  alertsSseBuffer: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  httpAddr: '127.0.0.1:7700',
  dbPath: './kachi-data',
  masterKey: null,
  env: 'development',
  maxIndexingMemory: 256 * 1024 * 1024,
  httpPayloadSizeLimit: 100_000_000,
  importDump: null,
  logRequests: false,
  smtpUrl: null,
  smtpFrom: null,
  alertsAllowPrivateWebhooks: false,
  alertsMaxAttempts: 8,
  alertsRetryDelay: 1000,
  alertsSseBuffer: 1024 * 1024,
};

/** The smallest master key accepted in production, as in Meilisearch. */
export const MASTER_KEY_MIN_BYTES = 16;

const FLAGS: Record<string, keyof ServerOptions> = {
  'http-addr': 'httpAddr',
  'db-path': 'dbPath',
  'master-key': 'masterKey',
  env: 'env',
  'max-indexing-memory': 'maxIndexingMemory',
  'http-payload-size-limit': 'httpPayloadSizeLimit',
  'import-dump': 'importDump',
  'log-requests': 'logRequests',
  'smtp-url': 'smtpUrl',
  'smtp-from': 'smtpFrom',
  'alerts-allow-private-webhooks': 'alertsAllowPrivateWebhooks',
  'alerts-max-attempts': 'alertsMaxAttempts',
  'alerts-retry-delay': 'alertsRetryDelay',
  'alerts-sse-buffer': 'alertsSseBuffer',
};

/** Flags that may stand alone (`--log-requests` means `--log-requests=true`). */
const SWITCHES = new Set<keyof ServerOptions>(['logRequests', 'alertsAllowPrivateWebhooks']);

/**
 * Reads options from argv (`--db-path x` or `--db-path=x`) over `KACHI_*` variables over defaults.
 * `resolveServerOptions(['--http-addr', '0.0.0.0:7700'], { KACHI_MASTER_KEY: '…' })`.
 */
export function resolveServerOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServerOptions {
  const raw = new Map<keyof ServerOptions, string>();
  for (const [flag, name] of Object.entries(FLAGS)) {
    const value = env[`KACHI_${flag.toUpperCase().replaceAll('-', '_')}`];
    if (value !== undefined && value !== '') raw.set(name, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const name = FLAGS[flag];
    if (name === undefined) throw optionError(`Unknown flag \`--${flag}\`. Known flags: ${knownFlags()}.`);
    if (SWITCHES.has(name)) {
      raw.set(name, eq === -1 ? 'true' : arg.slice(eq + 1));
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw optionError(`The flag \`--${flag}\` needs a value.`);
    raw.set(name, value);
  }
  return checkServerOptions(fromRaw(raw));
}

function fromRaw(raw: Map<keyof ServerOptions, string>): ServerOptions {
  const options = { ...DEFAULT_SERVER_OPTIONS };
  const get = (name: keyof ServerOptions): string | undefined => raw.get(name);
  options.httpAddr = get('httpAddr') ?? options.httpAddr;
  options.dbPath = get('dbPath') ?? options.dbPath;
  options.masterKey = get('masterKey') ?? null;
  options.importDump = get('importDump') ?? null;
  const env = get('env');
  if (env !== undefined) {
    if (env !== 'development' && env !== 'production')
      throw optionError(`\`--env\` must be \`development\` or \`production\`, not \`${env}\`.`);
    options.env = env;
  }
  const memory = get('maxIndexingMemory');
  if (memory !== undefined) options.maxIndexingMemory = parseByteSize(memory, 'max-indexing-memory');
  const limit = get('httpPayloadSizeLimit');
  if (limit !== undefined) options.httpPayloadSizeLimit = parseByteSize(limit, 'http-payload-size-limit');
  const log = get('logRequests');
  if (log !== undefined) options.logRequests = log !== 'false' && log !== '0';
  options.smtpUrl = get('smtpUrl') ?? null;
  options.smtpFrom = get('smtpFrom') ?? null;
  const allowPrivate = get('alertsAllowPrivateWebhooks');
  if (allowPrivate !== undefined) options.alertsAllowPrivateWebhooks = allowPrivate !== 'false' && allowPrivate !== '0';
  const attempts = get('alertsMaxAttempts');
  if (attempts !== undefined) {
    options.alertsMaxAttempts = Number(attempts);
    if (!Number.isInteger(options.alertsMaxAttempts) || options.alertsMaxAttempts < 1)
      throw optionError(`\`--alerts-max-attempts\` must be a positive integer, not \`${attempts}\`.`);
  }
  const delay = get('alertsRetryDelay');
  if (delay !== undefined) options.alertsRetryDelay = parseDuration(delay, 'alerts-retry-delay');
  const buffer = get('alertsSseBuffer');
  if (buffer !== undefined) options.alertsSseBuffer = parseByteSize(buffer, 'alerts-sse-buffer');
  return options;
}

/** Validates a full options object; `createServer` calls this too, so programmatic callers get the same checks. */
export function checkServerOptions(options: ServerOptions): ServerOptions {
  parseHttpAddr(options.httpAddr);
  if (options.env === 'production') {
    const bytes = options.masterKey === null ? 0 : Buffer.byteLength(options.masterKey, 'utf8');
    if (bytes < MASTER_KEY_MIN_BYTES)
      throw optionError(
        `In production a master key of at least ${MASTER_KEY_MIN_BYTES} bytes is required (got ${bytes}). ` +
          'Pass `--master-key` or set `KACHI_MASTER_KEY`, or use `--env development`.',
      );
  }
  if (options.masterKey === '') options.masterKey = null;
  return options;
}

/** `127.0.0.1:7700` → host and port; `[::1]:7700` works too. */
export function parseHttpAddr(addr: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(addr);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port > 65535)
    throw optionError(`\`--http-addr\` must look like \`127.0.0.1:7700\`, not \`${addr}\`.`);
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `100 MB`, `100Mb`, `512MiB`, `1000000` → bytes. */
export function parseByteSize(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined)
    throw optionError(`\`--${flag}\` must be a size such as \`100 MB\` or \`512MiB\`, not \`${text}\`.`);
  return Math.floor(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `250ms`, `1s`, `5m`, `1500` (ms) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  const unit = DURATION_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined) throw optionError(`\`--${flag}\` must be a duration such as \`1s\` or \`250ms\`, not \`${text}\`.`);
  return Math.round(Number(match[1]) * unit);
}

function knownFlags(): string {
  return Object.keys(FLAGS)
    .map((flag) => `--${flag}`)
    .join(', ');
}

function optionError(message: string): KachiError {
  return new KachiError('bad_request', message);
}
