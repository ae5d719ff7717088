/**
 * An `Inbox` (src/chat/adapter-contract.ts) that records what receivers commit, for receiver unit
 * tests: a fake of OUR interface, not of the thing under test. `accept` resolves `duplicate` for
 * a dedupe key it has stored before (as the real inbox does), and can be made to fail (the
 * database is down) or to hold its answer (a slow commit), to prove a receiver acknowledges only
 * after the commit.
 */
import type { AcceptResult, Inbox, InboxEntry } from '../../src/chat/adapter-contract.js';

export class RecordingInbox implements Inbox {
  readonly entries: InboxEntry[] = [];
  private readonly keys = new Set<string>();
  /** While set, `accept` rejects (the database cannot take the row). */
  failing = false;
  /** While set, `accept` waits for it before answering. */
  hold: Promise<void> | undefined;

  async accept(entry: InboxEntry): Promise<AcceptResult> {
    if (this.hold) await this.hold;
    if (this.failing) throw new Error('inbox unavailable: database down');
    const key = `${entry.platform}\u0001${entry.dedupeKey}`;
    if (this.keys.has(key)) return 'duplicate';
    this.keys.add(key);
    this.entries.push(structuredClone(entry));
    return 'stored';
  }
}
