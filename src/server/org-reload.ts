/**
 * Reloads the org file into the running bot without a restart (issue 12 §3): on SIGHUP, and on a
 * change of the file when `ORG_WATCH=1`. The new file is read and validated in full first
 * (`parseOrgYaml`, the same checks as on start); only a valid directory is swapped in, by one
 * assignment of `deps.org`, which every use case and adapter reads per event (`() => deps.org`),
 * so an event sees either the old directory or the new one, never a mix. A bad file keeps the
 * old directory and logs every problem naming the file, the entry and the field.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { loadOrgFile } from '../config/org-file.js';
import type { Org } from '../domain/org.js';
import type { Log } from '../infra/log.js';

export interface OrgReloadOptions {
  /** The org file, as loaded on start. */
  path: string;
  /** Holds the running directory; `org` is replaced on a good reload. */
  deps: { org: Org };
  log: Log;
  /** Reload on this signal (server mode: SIGHUP); false for none. */
  signal?: NodeJS.Signals | false;
  /** Reload when the file changes (ORG_WATCH=1). */
  watch?: boolean;
  /** Debounce of file-change events (editors write in several steps); default 200 ms. */
  watchDebounceMs?: number;
  /** Called after a swap with the old and the new directory (people who left or moved). */
  onSwap?: (previous: Org, next: Org) => Promise<void> | void;
}

export type OrgReloadResult =
  | { ok: true; people: number; departments: number; added: string[]; removed: string[] }
  | { ok: false; error: string };

export interface OrgReloader {
  /** Reads, validates and swaps in the org file now; `reason` goes to the log. */
  reload(reason: string): Promise<OrgReloadResult>;
  /** Reloads so far: good ones, refused ones, and the last refusal's message. */
  status(): { loads: number; failures: number; lastError?: string };
  stop(): void;
}

export function startOrgReload(opts: OrgReloadOptions): OrgReloader {
  const { deps, log } = opts;
  const path = resolve(opts.path);
  let loads = 0;
  let failures = 0;
  let lastError: string | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const once = async (reason: string): Promise<OrgReloadResult> => {
    let next: Org;
    try {
      next = loadOrgFile(path);
    } catch (err) {
      failures++;
      const issues = err instanceof ConfigError ? err.issues : [{ entry: '', field: '', message: err instanceof Error ? err.message : String(err) }];
      lastError = err instanceof Error ? err.message : String(err);
      log.error({ file: opts.path, reason, issues }, '组织文件无效,继续使用原通讯录 — org file refused; the running directory is kept');
      return { ok: false, error: lastError };
    }
    const previous = deps.org;
    deps.org = next;
    loads++;
    const added = next.people.filter((p) => !previous.personById.has(p.id)).map((p) => p.id);
    const removed = previous.people.filter((p) => !next.personById.has(p.id)).map((p) => p.id);
    log.info({ file: opts.path, reason, people: next.people.length, departments: next.departments.length, added: added.length, removed: removed.length }, '组织文件已重新加载 — org file reloaded');
    if (opts.onSwap) {
      try {
        await opts.onSwap(previous, next);
      } catch (err) {
        log.error({ file: opts.path, err: err instanceof Error ? err.message : String(err) }, 'org reload: handling people who left or moved failed');
      }
    }
    return { ok: true, people: next.people.length, departments: next.departments.length, added, removed };
  };
  // Reloads run one after another, so two quick signals never interleave their follow-up work.
  const reload = (reason: string): Promise<OrgReloadResult> => {
    const run = chain.then(() => once(reason));
    chain = run.catch(() => undefined);
    return run;
  };

  const onSignal = () => void reload(String(opts.signal));
  if (opts.signal) process.on(opts.signal, onSignal);

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (opts.watch) {
    // The directory is watched, not the file: editors and `org import` replace it by a rename.
    watcher = watch(dirname(path), (_event, name) => {
      if (name !== null && name !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload('ORG_WATCH'), opts.watchDebounceMs ?? 200);
    });
    watcher.on('error', (err) => log.warn({ file: opts.path, err: err.message }, 'org file watch failed'));
  }

  return {
    reload,
    status: () => ({ loads, failures, ...(lastError !== undefined ? { lastError } : {}) }),
    stop() {
      if (opts.signal) process.off(opts.signal, onSignal);
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
