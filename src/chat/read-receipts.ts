/**
 * The shared read-receipt poll (SPEC §6 已读未回), written once for every platform that can say who
 * read a message (DingTalk readStatus / groupMessages/query, Feishu read users). A sender that
 * delivered a notice message registers a `ReadWatch` (`PlatformRecords.watchReads`); on each
 * scheduler tick the adapter calls `pollReadWatches` with its own query, and this records the new
 * reads (src/app/record-read.ts: evidence; an acknowledgement only if the policy says so), keeps
 * polling who has not read it yet, and drops the watch once everyone has read it or the window
 * (`until`) has passed. A failed query is logged and retried on the next poll.
 */
import type { AdapterLog } from './adapter-contract.js';
import type { PlatformRecords } from './platform-records.js';
import type { ReadWatch } from '../domain/read-receipt.js';

/** What a platform answers for one watch: the platform users who have read it (and when). */
export type ReadQuery = (watch: ReadWatch) => Promise<Array<{ user: string; readAt: number }>>;

export interface PollReadOptions {
  records: PlatformRecords;
  platform: string;
  now: number;
  query: ReadQuery;
  log: AdapterLog;
  /** How long until a watch is asked again (default 60 s). */
  intervalMs?: number;
  /** Watches per tick (default 50). */
  limit?: number;
}

/** Polls the due watches once; answers how many reads were newly recorded. */
export async function pollReadWatches(opts: PollReadOptions): Promise<number> {
  const { records, platform, now, log } = opts;
  const interval = opts.intervalMs ?? 60_000;
  let recorded = 0;
  for (const w of await records.dueReadWatches(platform, now, opts.limit ?? 50)) {
    let reads: Array<{ user: string; readAt: number }>;
    try {
      reads = await opts.query(w);
    } catch (err) {
      log.warn({ platform, watch: w.id, err: err instanceof Error ? err.message : String(err) }, 'read status query failed; asking again later');
      if (now >= w.until) await records.endReadWatch(w.id);
      else await records.updateReadWatch(w.id, w.readers, now + interval);
      continue;
    }
    const readers = { ...w.readers };
    const found = reads.flatMap((r) => {
      const person = readers[r.user];
      if (person === undefined) return [];
      delete readers[r.user];
      return [{ noticeId: w.noticeId, person, readAt: r.readAt }];
    });
    recorded += await records.recordReads(platform, found);
    if (!Object.keys(readers).length || now >= w.until) await records.endReadWatch(w.id);
    else await records.updateReadWatch(w.id, readers, Math.min(now + interval, w.until));
  }
  return recorded;
}
