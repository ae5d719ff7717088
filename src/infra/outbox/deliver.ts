/**
 * Delivers due outbox rows through a sender, oldest first, marking each sent with the platform's
 * message id in its own transaction. A failure leaves the row pending with a later attempt time
 * (exponential back-off), and after `maxAttempts` marks it dead.
 *
 * The console's deliverer: one process, no rate limits, no leases. Chat platforms use the
 * dispatcher (./dispatcher.ts, ./README.md), which is safe with several instances.
 */
import type { OutboxRow, Store } from '../../app/ports.js';

/** Sends one stored message to its platform; returns the platform's id for it when there is one. */
export interface MessageSender {
  send(row: OutboxRow): Promise<{ platformMessageId?: string }>;
}

export interface DeliverOptions {
  limit?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
}

export async function deliverDue(store: Store, now: number, sender: MessageSender, opts: DeliverOptions = {}): Promise<number> {
  const { limit = 200, maxAttempts = 8, baseDelayMs = 5_000 } = opts;
  const rows = await store.transaction((tx) => tx.outbox.due(now, limit));
  let sent = 0;
  for (const row of rows) {
    try {
      const r = await sender.send(row);
      row.status = 'sent';
      row.sentAt = now;
      if (r.platformMessageId) row.platformMessageId = r.platformMessageId;
      sent += 1;
    } catch (err) {
      row.attempts += 1;
      row.lastError = err instanceof Error ? err.message.slice(0, 500) : String(err).slice(0, 500);
      row.status = row.attempts >= maxAttempts ? 'dead' : 'pending';
      row.nextAttemptAt = now + baseDelayMs * 2 ** (row.attempts - 1);
    }
    row.attempts += row.status === 'sent' ? 1 : 0;
    await store.transaction((tx) => tx.outbox.update(row));
  }
  return sent;
}
