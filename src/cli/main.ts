// argv → engine calls. Each subcommand lives in its own file; this file only dispatches.

const USAGE = `kachi — a Korean-first search and answer engine

Usage:
  kachi serve   [--http-addr 127.0.0.1:7700] [--db-path ./kachi-data]
  kachi index   <file.jsonl|.json|.csv> --index NAME [--primary-key id]
  kachi search  NAME "질문" [--limit 10] [--json]
  kachi stats   [NAME]

Every command takes --db-path (or KACHI_DB_PATH); the default is ./kachi-data.`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  console.error(`kachi: unknown command '${command}'.\n\n${USAGE}`);
  return 2;
}
