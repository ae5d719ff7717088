/**
 * The durable inbox's writing side (ARCHITECTURE rule 11, issue 9 §1): `accept(entry)` resolves
 * only once the entry is committed, and the receivers acknowledge the platform only then.
 *
 * Group commit: entries accepted while a commit is being written, or in the same turn of the
 * event loop, share the next transaction (at most `maxBatch` a transaction), so a burst of
 * requests costs one commit per group instead of one per request. The entry is sealed and its keys
 * hashed (src/infra/crypto/inbox-crypto.ts) before it is queued — or, with `commit` (the SQLite
 * commit thread of server mode), by that thread as it stores the group — so plaintext never waits
 * longer than a group commit and never reaches the database.
 *
 * Failure: when the transaction fails (the database is down, the disk full), every entry of that
 * group is rejected with `InboxUnavailableError` and the receivers answer an error, so the
 * platform delivers the event again later. Nothing is ever acknowledged that was not stored.
 */
import type { Clock, NewInboxRow, Store } from '../../app/ports.js';
import type { AcceptResult, Inbox, InboxEntry } from '../../chat/adapter-contract.js';
import type { InboxCrypto } from '../crypto/inbox-crypto.js';
import type { PlainEntry } from './sqlite-commit-thread.js';

/** The inbox could not store an entry: do not acknowledge the platform. */
export class InboxUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`inbox unavailable: ${cause instanceof Error ? cause.name : 'error'}`);
    this.name = 'InboxUnavailableError';
  }
}

/** What the writer is built from. */
export interface InboxWriterOptions {
  store: Store;
  crypto: InboxCrypto;
  clock: Clock;
  /** Called after each commit that stored something (`urgent`: an interactive event among them). */
  onStored?: (info: { stored: number; urgent: boolean }) => void;
  /** Entries per transaction at most (default 500). */
  maxBatch?: number;
  /**
   * Stores one group in one transaction (`true` where new). Default: `store.transaction` with the
   * inbox repository, ahead of the other transactions waiting for the connection. The receive
   * thread of server mode passes its own SQLite connection (sqlite-inbox-sink.ts).
   */
  insert?: (rows: NewInboxRow[]) => Promise<boolean[]>;
  /**
   * Instead of `insert`: seals, hashes and stores a group of entries as accepted (the receive
   * thread's commit thread on SQLite, sqlite-commit-thread.ts), so none of that runs here.
   */
  commit?: (entries: PlainEntry[]) => Promise<boolean[]>;
}

/** The inbox with its group commit; `flushed()` resolves when nothing is waiting (tests, shutdown). */
export interface InboxWriter extends Inbox {
  flushed(): Promise<void>;
  /** Entries accepted and not yet committed. */
  readonly waiting: number;
}

type Waiting = { row: NewInboxRow | PlainEntry; resolve: (r: AcceptResult) => void; reject: (e: Error) => void };

/** The dedupe hash of an event: platform and event id, keyed. Also used to look rows up. */
export function dedupeHashOf(crypto: InboxCrypto, platform: string, dedupeKey: string): string {
  return crypto.hash(`dedupe\u0001${platform}\u0001${dedupeKey}`);
}

export function createInboxWriter(opts: InboxWriterOptions): InboxWriter {
  const { store, crypto, clock } = opts;
  const maxBatch = opts.maxBatch ?? 500;
  const insert = opts.insert ?? ((rows: NewInboxRow[]) => store.transaction((tx) => tx.inbox.insert(rows), { first: true }));
  let queue: Waiting[] = [];
  let writing: Promise<void> | undefined;
  let scheduled = false;

  async function write(group: Waiting[]): Promise<void> {
    let stored: boolean[];
    try {
      stored = opts.commit ? await opts.commit(group.map((w) => w.row as PlainEntry)) : await insert(group.map((w) => w.row as NewInboxRow));
    } catch (err) {
      const e = new InboxUnavailableError(err);
      for (const w of group) w.reject(e);
      return;
    }
    let n = 0;
    let urgent = false;
    group.forEach((w, i) => {
      if (stored[i]) {
        n += 1;
        urgent ||= w.row.urgent;
      }
      w.resolve(stored[i] ? 'stored' : 'duplicate');
    });
    if (n > 0) opts.onStored?.({ stored: n, urgent });
  }

  /** Writes groups until the queue is empty; one writer at a time. */
  function drain(): void {
    scheduled = false;
    if (writing || queue.length === 0) return;
    writing = (async () => {
      while (queue.length) {
        const group = queue.slice(0, maxBatch);
        queue = queue.slice(group.length);
        await write(group);
      }
    })().finally(() => {
      writing = undefined;
      if (queue.length) schedule();
    });
  }

  function schedule(): void {
    if (scheduled || writing) return;
    scheduled = true;
    // Everything accepted in this turn of the event loop joins the group.
    setImmediate(drain);
  }

  return {
    accept(entry: InboxEntry): Promise<AcceptResult> {
      const row: NewInboxRow | PlainEntry = opts.commit ? {
        platform: entry.platform,
        dedupeKey: entry.dedupeKey,
        orderKey: entry.orderKey,
        json: JSON.stringify(entry.payload),
        urgent: entry.urgent === true,
        receivedAt: clock.now(),
      } : {
        platform: entry.platform,
        dedupeHash: dedupeHashOf(crypto, entry.platform, entry.dedupeKey),
        orderHash: crypto.hash(`order\u0001${entry.platform}\u0001${entry.orderKey}`),
        payload: crypto.seal(entry.payload),
        urgent: entry.urgent === true,
        receivedAt: clock.now(),
      };
      return new Promise<AcceptResult>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        schedule();
      });
    },
    async flushed() {
      while (queue.length || writing || scheduled) await (writing ?? new Promise((r) => setImmediate(r)));
    },
    get waiting() {
      return queue.length;
    },
  };
}
