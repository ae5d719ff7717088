/**
 * The receive thread's inbox commits on SQLite, in a thread of their own (issue 9): the receive
 * thread hands each group over by a message — the entries as they were accepted, their payloads
 * as JSON — and this thread seals the payloads, hashes the keys (src/infra/crypto/inbox-crypto.ts),
 * and commits the group into the inbox's staging file with one prepared statement, synchronously
 * (inbox-staging.ts: the processing thread moves it into `inbox`). The answer — which
 * entries were new — goes back, and only then does the receive thread acknowledge them. So the
 * receive thread's event loop keeps reading, verifying and decoding requests while a group is
 * sealed and written, and the next group gathers meanwhile.
 *
 * Plaintext crosses from one thread's memory to another's and is sealed there; it never reaches
 * the database or a log unsealed. If the thread dies, every group in flight and every later one
 * fails (`InboxUnavailableError` in the writer): the platforms get an error and deliver again.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { NewInboxRow } from '../../app/ports.js';
import { createInboxCrypto } from '../crypto/inbox-crypto.js';
import { siblingModule, startThread } from '../thread.js';
import { dedupeHashOf } from './inbox-writer.js';
import { openStagingWriter } from './inbox-staging.js';

/** An accepted entry, not yet sealed. */
export interface PlainEntry {
  platform: string;
  dedupeKey: string;
  orderKey: string;
  /** The payload's JSON. */
  json: string;
  urgent: boolean;
  receivedAt: number;
}

interface ThreadData {
  role: 'shoudao-inbox-commit';
  path: string;
  secret: string;
}

type Request = { id: number; entries: PlainEntry[] } | { id: 0; close: true };
type Answer = { id: number; stored?: boolean[]; error?: string };

/** The receive thread's side: `commit(entries)` resolves with which were new. */
export interface CommitThread {
  commit(entries: PlainEntry[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** This module, to be started as a thread (serve-threaded.ts checks that it exists). */
export const COMMIT_THREAD_MODULE = siblingModule(import.meta.url, 'sqlite-commit-thread');

export function startSqliteCommitThread(path: string, secret: string): CommitThread {
  const data: ThreadData = { role: 'shoudao-inbox-commit', path, secret };
  const thread = startThread(COMMIT_THREAD_MODULE, data);
  const waiting = new Map<number, { resolve: (s: boolean[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  thread.on('message', (a: Answer) => {
    const w = waiting.get(a.id);
    waiting.delete(a.id);
    if (a.stored) w?.resolve(a.stored);
    else w?.reject(new Error(a.error ?? 'commit failed'));
  });
  const fail = (err: Error) => {
    dead ??= err;
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`inbox commit thread exited (${code})`)));
  return {
    commit(entries) {
      if (dead) return Promise.reject(dead);
      const id = ++next;
      return new Promise<boolean[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        thread.postMessage({ id, entries } satisfies Request);
      });
    },
    async close() {
      if (dead) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ id: 0, close: true } satisfies Request);
      await exited;
    },
  };
}

function serveCommits(port: MessagePort, data: ThreadData): void {
  const crypto = createInboxCrypto(data.secret);
  const sink = openStagingWriter(data.path);
  // One group at a time, in the order they came (the receive thread sends the next after an answer).
  port.on('message', (m: Request) => {
    if ('close' in m) {
      sink.close();
      port.close();
      return;
    }
    {
      try {
        const rows: NewInboxRow[] = m.entries.map((e) => ({
          platform: e.platform,
          dedupeHash: dedupeHashOf(crypto, e.platform, e.dedupeKey),
          orderHash: crypto.hash(`order\u0001${e.platform}\u0001${e.orderKey}`),
          payload: crypto.sealJson(e.json),
          urgent: e.urgent,
          receivedAt: e.receivedAt,
        }));
        port.postMessage({ id: m.id, stored: sink.insert(rows) } satisfies Answer);
      } catch (err) {
        port.postMessage({ id: m.id, error: err instanceof Error ? err.name : 'error' } satisfies Answer);
      }
    }
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | undefined)?.role === 'shoudao-inbox-commit') {
  serveCommits(parentPort, workerData as ThreadData);
}
