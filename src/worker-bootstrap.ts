// The first script of Kachi's worker threads: it loads the worker's module through tsx when Kachi runs
// from its TypeScript sources (the build loads the .js beside it), and runs `onFailure` (JavaScript,
// with `workerData` and `error` in scope) when the module cannot be loaded, so the thread that waits
// for answers hears of it instead of waiting forever.

/**
 * @example new Worker(workerBootstrap(import.meta.url, './merge-worker', 'workerData.port.postMessage({ error: String(error) })'), { eval: true, workerData })
 */
export function workerBootstrap(callerUrl: string, moduleBase: string, onFailure: string): string {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`${moduleBase}${fromSources ? '.ts' : '.js'}`, callerUrl).href;
  const tsx = fromSources ? import.meta.resolve('tsx/esm/api') : null;
  const load = tsx
    ? `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
    : `import(${JSON.stringify(entry)})`;
  return `const { workerData } = require('node:worker_threads');
${load}.catch((error) => {
${onFailure}
});`;
}

