// argv → engine calls. Each subcommand lives in its own file; this file only dispatches.
import { reportError } from './common.ts';
import { indexCommand } from './index-command.ts';
import { searchCommand } from './search-command.ts';
import { statsCommand } from './stats-command.ts';

const USAGE = `kachi — a Korean-first search and answer engine

Usage:
  kachi serve   [--http-addr 127.0.0.1:7700] [--db-path ./kachi-data] [--master-key KEY] [--env development|production]
  kachi index   <file.jsonl|.json|.csv> --index NAME [--primary-key id]
  kachi ingest  <file|folder>... --index NAME [--max-file-size 100MB] [--force] [--keep-missing]
  kachi crawl   <url> --index NAME [--max-pages 1000] [--max-depth 10] [--delay 1000] [--allow-private]
  kachi search  NAME "질문" [--limit 10] [--filter EXPR] [--sort field:asc] [--json] [--explain]
  kachi ask     NAME "질문" [--limit 5] [--filter EXPR] [--json]   (KACHI_LLM_BASE_URL: generative answers)
  kachi stats   [NAME] [--json]
  kachi demo    [--url http://127.0.0.1:7700]   loads the sample index kachi-guide (Kachi's user guide in Korean)
  kachi alerts  add|list|rm INDEX …   saved searches that notify, on a running server (kachi alerts --help)
  kachi import  <archive.kachi> [--id ID] [--passphrase P]   a workspace export, as a workspace of this data folder

Every command takes --db-path (or KACHI_DB_PATH); the default is ./kachi-data.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  index: indexCommand,
  ingest: async (argv) => (await import('./ingest-command.ts')).ingestCommand(argv),
  crawl: async (argv) => (await import('./crawl-command.ts')).crawlCommand(argv),
  search: searchCommand,
  ask: async (argv) => (await import('./ask-command.ts')).askCommand(argv),
  stats: statsCommand,
  serve: async (argv) => (await import('./serve-command.ts')).serveCommand(argv),
  demo: async (argv) => (await import('./demo-command.ts')).demoCommand(argv),
  alerts: async (argv) => (await import('./alerts.ts')).alertsCommand(argv),
  import: async (argv) => (await import('./import.ts')).importCommand(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`kachi: unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    return reportError(error);
  }
}
