/**
 * The similar-item search's candidates, kept for the rest of one transaction (issue 9, processing
 * speed). On SQLite the inbox worker processes a batch of events in one transaction, and every
 * feedback intake among them read the latest 1,000 items of its window again — a quarter of the
 * processing bench's SQL time. Within one transaction the answer changes only by what that
 * transaction writes, so the repository reads it once and keeps it up to date:
 *
 * - an item it inserts is appended (the newest id), the oldest dropped beyond the limit;
 * - any other write to an item (`update`: its category may have changed) and any savepoint rolled
 *   back (an insert undone, its id free again) forget everything, and the next search reads;
 * - a later search's window starts later (`registeredFrom` grows with the clock): the kept rows
 *   are filtered by their registration time, unless the read was cut at the limit and the filter
 *   drops a row — then rows older than the kept ones might belong to the window, and it reads.
 *
 * Another writer cannot change the answer meanwhile: a SQLite transaction holds the file's write
 * lock (BEGIN IMMEDIATE), and a PostgreSQL transaction holds one event, whose one intake searches
 * once. A new repository — a new transaction — starts empty.
 */
import type { SimilarCandidate } from '../../../app/feedback/feedback-ports.js';

/** A candidate with the time the window is filtered by. */
export type WindowRow = SimilarCandidate & { registeredAt: number };

type Kept = { from: number; limit: number; rows: WindowRow[]; cut: boolean };

export class CandidateWindow {
  private readonly kept = new Map<boolean, Kept>();

  /** The kept answer for this search, or undefined when it must be read. */
  get(registeredFrom: number, anonymous: boolean, limit: number): SimilarCandidate[] | undefined {
    const k = this.kept.get(anonymous);
    if (!k || k.limit !== limit || registeredFrom < k.from) return undefined;
    const rows = k.rows.filter((r) => r.registeredAt >= registeredFrom);
    if (k.cut && rows.length < k.rows.length) return undefined;
    return rows; // a new array of the kept objects: the caller filters it, and never writes to a candidate
  }

  /** A read's answer (oldest first) for the search it answered. */
  keep(registeredFrom: number, anonymous: boolean, limit: number, rows: WindowRow[]): void {
    this.kept.set(anonymous, { from: registeredFrom, limit, rows, cut: rows.length >= limit });
  }

  /** An item this transaction inserted. */
  inserted(row: WindowRow): void {
    const k = this.kept.get(row.anonymous);
    if (!k) return;
    k.rows.push(row);
    if (k.rows.length > k.limit) {
      k.rows.shift();
      k.cut = true;
    }
  }

  forget(): void {
    this.kept.clear();
  }
}
