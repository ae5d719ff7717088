/**
 * The durable inbox of a server-mode process (issue 9): the writer the receivers commit to, and
 * the worker that processes committed events through the shared chat pipeline, each in one
 * transaction with its effects (src/infra/inbox/). Alerts about parked events go to 总经办's
 * leaders — the platform and the inbox id, never the text or the sender — and the sender hears
 * that their message could not be processed.
 */
import type { AppDeps } from '../app/deps.js';
import type { InboxRow, Tx } from '../app/ports.js';
import { customerIntake, type CustomerFeedbackInput } from '../app/feedback/customer-intake.js';
import type { AdapterLog, ChatPlatform, PlatformAdapter } from '../chat/adapter-contract.js';
import { processInbound } from '../chat/inbound-pipeline.js';
import { deptWithRole } from '../domain/org.js';
import { T } from '../texts/zh.js';
import { TI } from '../texts/inbound.js';
import type { InboxCrypto } from '../infra/crypto/inbox-crypto.js';
import { joinedStore } from '../infra/db/joined-store.js';
import { startInboxWorker, type InboxWorker } from '../infra/inbox/inbox-worker.js';
import { createInboxWriter, type InboxWriter } from '../infra/inbox/inbox-writer.js';
import type { Log } from '../infra/log.js';

/** Options of the process's inbox (tests shorten the lease and the retry delays). */
export interface InboxTuning {
  /** This process's instance id (heartbeat.ts). */
  instance?: string;
  leaseMs?: number;
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  idleMs?: number;
  /** A loop for urgent events only (inbox-worker.ts); the processing thread turns it on. */
  urgentLane?: boolean;
}

/** The writer, and the worker once the adapters exist. */
export interface ServerInbox {
  writer: InboxWriter;
  /** Starts processing with these adapters (after they are created, which needs the writer). */
  start(adapters: Map<ChatPlatform, PlatformAdapter>, committed: () => void): InboxWorker;
}

/** Creates the writer now; the worker starts with `start`. */
export function createServerInbox(deps: AppDeps, crypto: InboxCrypto, log: Log, tuning: InboxTuning = {}): ServerInbox {
  let worker: InboxWorker | undefined;
  const writer = createInboxWriter({
    store: deps.store,
    crypto,
    clock: deps.clock,
    // Work starts on what was just committed at once — an interaction's trigger lives 3 s.
    onStored: () => worker?.wake(),
  });
  return {
    writer,
    start(adapters, committed) {
      const adapterLog: AdapterLog = log;
      const parked = async (tx: Tx, row: InboxRow, reason: string) => {
        const now = deps.clock.now();
        const admins = deptWithRole(deps.org, 'gm_office').leaders;
        await tx.outbox.enqueue(
          admins.map((admin) => ({ key: `inbox-parked:${row.id}:${admin}`, to: { kind: 'person' as const, person: admin }, view: { title: TI.parkedTitle, lines: TI.parked(row.platform, row.id, reason.slice(0, 120)) } })),
          now,
        );
        // The sender is told their message could not be processed, where it was said.
        const adapter = adapters.get(row.platform as ChatPlatform);
        const payload = adapter ? crypto.open(row.payload) : undefined;
        const d = adapter && payload !== undefined ? adapter.decode(payload, { personOf: () => undefined }) : undefined;
        if (d && d.kind !== 'ignore' && d.kind !== 'read') {
          await tx.outbox.enqueue([{ key: `reply:${row.id}`, to: { kind: 'reply', platform: adapter!.platform, user: d.user, replyTo: d.reply }, view: { lines: [T.internalError] } }], now);
        }
      };
      worker = startInboxWorker({
        store: deps.store,
        crypto,
        clock: deps.clock,
        log,
        parked,
        committed,
        ...tuning,
        platforms: [...adapters.keys(), 'customer'],
        concurrency: deps.store.dialect === 'postgres' ? 4 : 1,
        process: async ({ row, payload }, tx) => {
          const joined: AppDeps = { ...deps, store: joinedStore(tx, deps.store.dialect) };
          if (row.platform === 'customer') {
            const r = await customerIntake(joined, payload as CustomerFeedbackInput);
            return { result: r.ok ? `${r.number}|${r.registeredAt}` : `refused:${r.error}` };
          }
          const adapter = adapters.get(row.platform as ChatPlatform);
          if (!adapter) throw new Error(`no adapter for platform ${row.platform} (not configured here)`);
          return processInbound(joined, adapter, row.id, payload, adapterLog);
        },
      });
      return worker;
    },
  };
}
