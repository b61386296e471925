// `kachi serve`: starts the HTTP server with Meilisearch's flags (or KACHI_* variables) and stops it
// cleanly on SIGINT/SIGTERM, saving segments so the next start loads instead of re-analysing.
import { resolveServerOptions } from '../server/options.ts';
import { startServer } from '../server/app.ts';

export async function serveCommand(argv: string[]): Promise<number> {
  const options = resolveServerOptions(argv, process.env);
  const server = await startServer(options);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
