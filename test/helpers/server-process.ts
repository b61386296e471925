// Runs a Kachi server as its own process (for kill -9 tests): flags as `kachi serve`, prints its URL on stdout.
import { resolveServerOptions, startServer } from '../../src/server/app.ts';

const server = await startServer(resolveServerOptions(process.argv.slice(2), process.env));
const address = server.app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`listening http://127.0.0.1:${port}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
