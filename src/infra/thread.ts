/**
 * Starts a worker thread on one of our modules, from the sources (under tsx: tests, `npm start`)
 * or from the built files alike. Worker threads do not inherit tsx's loader in Node 20, so a
 * `.ts` module is started through a small entry that registers tsx (with the repository's
 * tsconfig: decorators) and then imports it; a `--import tsx` among the process's flags is left
 * out, since it would be resolved from the working directory, which may be anywhere.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The process's flags less a `--import tsx`. */
function withoutTsx(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '--import' || a === '--require' || a === '--loader') && /tsx/.test(argv[i + 1] ?? '')) i++;
    else if (!/^--(import|require|loader)=.*tsx/.test(a)) out.push(a);
  }
  return out;
}

/**
 * A worker thread running `module` (a URL beside the caller's, `.ts` or `.js` as the caller is),
 * with `data`; `youngGenerationMb` sizes its young generation instead of the process's V8 flags
 * (`npm start` keeps the receive thread's small, see package.json).
 */
export function startThread(module: URL, data: unknown, opts: { youngGenerationMb?: number } = {}): Worker {
  const limits = opts.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: opts.youngGenerationMb } } : {};
  if (module.pathname.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
    const code = `import { register } from ${JSON.stringify(tsx)}; register({ tsconfig: ${JSON.stringify(tsconfig)} }); await import(${JSON.stringify(module.href)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data, execArgv: withoutTsx(process.execArgv), ...limits });
  }
  return new Worker(module, { workerData: data, ...limits });
}

/** `name` beside `base` (an `import.meta.url`), with the extension `base` has (`.ts` from sources, `.js` built). */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** Whether `module` can be started (a bundled build may not have it beside the caller). */
export function threadModuleExists(module: URL): boolean {
  return module.protocol === 'file:' && existsSync(fileURLToPath(module));
}

/**
 * Runs `module` in a thread of its own until it answers (its first message) and ends: resolves with
 * the answer, rejects with the thread's error, or when it ends without answering.
 */
export function runThread<T = unknown>(module: URL, data: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const thread = startThread(module, data);
    let answered: { value: T } | undefined;
    let failed: unknown;
    thread.once('message', (value: T) => {
      answered = { value };
    });
    thread.once('error', (err) => {
      failed = err;
    });
    thread.once('exit', (code) => {
      if (failed !== undefined) reject(failed instanceof Error ? failed : new Error(`thread error: ${JSON.stringify(failed)}`));
      else if (answered) resolve(answered.value);
      else reject(new Error(`thread ${module.pathname.split('/').pop()} ended with code ${code} without answering`));
    });
  });
}
