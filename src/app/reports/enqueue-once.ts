/**
 * Exactly-once per recipient per period for the report jobs: every message carries a key naming
 * its period and recipient (`digest:<YYYY-MM-DD>:<person>` …), and the outbox skips a key it has
 * already stored, so a job run twice — a restart, a catch-up, a second instance — sends once.
 */
import type { OutgoingMessage } from '../../domain/message.js';
import type { Tx } from '../ports.js';

/**
 * Enqueues the messages whose keys are new and returns how many that was. The count is for logs
 * and metrics: two instances racing on PostgreSQL may both count a message that only one of them
 * stored (the unique key still stores and sends it once).
 */
export async function enqueueOnce(tx: Tx, messages: OutgoingMessage[], now: number): Promise<number> {
  if (!messages.length) return 0;
  const present = new Set(await tx.outbox.presentKeys(messages.map((m) => m.key)));
  const fresh = messages.filter((m) => !present.has(m.key));
  await tx.outbox.enqueue(fresh, now);
  return fresh.length;
}
