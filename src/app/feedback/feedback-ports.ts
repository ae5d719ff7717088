/**
 * The feedback repositories (ports; `infra/db` implements them on TypeORM). They hang off `Tx`
 * as `tx.feedback` and `tx.feedbackEvents`, so an item, its history, its duties, its messages and
 * its audit rows commit together (ARCHITECTURE rule 4).
 *
 * The sealed sender of an anonymous item is stored beside the item, never inside it: `insert`
 * takes it separately and only `sealedSenders` reads it back, so no use case gets it by accident.
 */
import type { FeedbackCategory, FeedbackEvent, FeedbackItem, FeedbackState } from '../../domain/feedback/feedback.js';
import type { DeptCode, PersonId } from '../../domain/org.js';

/** Filters of `FeedbackRepo.list`; all given ones must hold. Time ranges are `[from, to)`. */
export interface FeedbackQuery {
  number?: string;
  states?: FeedbackState[];
  categories?: FeedbackCategory[];
  dept?: DeptCode;
  owner?: PersonId;
  submitter?: PersonId;
  anonymous?: boolean;
  registeredFrom?: number;
  registeredTo?: number;
  resolvedFrom?: number;
  resolvedTo?: number;
}

/** An item as the similar-item search sees it (`FeedbackRepo.similarCandidates`). */
export type SimilarCandidate = Pick<FeedbackItem, 'id' | 'category' | 'anonymous' | 'description'>;

/** Feedback items bound to one transaction. */
export interface FeedbackRepo {
  /** Stores a new item with, for an anonymous one, its sealed sender (ciphertext only). */
  insert(item: Omit<FeedbackItem, 'id'>, sealedSender?: string): Promise<FeedbackItem>;
  /** Writes every field of the item (never the sealed sender, which does not change). */
  update(item: FeedbackItem): Promise<void>;
  byNumber(number: string): Promise<FeedbackItem | undefined>;
  byId(id: number): Promise<FeedbackItem | undefined>;
  /** Reads and locks the row for the rest of the transaction (PostgreSQL `FOR UPDATE`). */
  getForUpdate(id: number): Promise<FeedbackItem | undefined>;
  /** `getForUpdate` of several rows in one statement, in id order (locked in that order). */
  getManyForUpdate(ids: number[]): Promise<FeedbackItem[]>;
  /** Items matching the query, oldest first (id order). */
  list(query: FeedbackQuery): Promise<FeedbackItem[]>;
  /**
   * What the similar-item search compares, for the `limit` latest items registered at or after
   * `registeredFrom` that are `anonymous` or not (id order): only the id, category, anonymity and
   * description of each — no full item is built.
   */
  similarCandidates(registeredFrom: number, anonymous: boolean, limit: number): Promise<SimilarCandidate[]>;
  /** Writes the links and priority only of each item (a repeat linked to them: `addRepeatLink`), in one statement; throws when one is missing. */
  updateLinks(items: Array<Pick<FeedbackItem, 'id' | 'links' | 'priority'>>): Promise<void>;
  /** The sealed senders of those of `ids` that have one. */
  sealedSenders(ids: number[]): Promise<Map<number, string>>;
  /**
   * Claims up to `limit` resolved/unresolvable items whose `autoCloseAt <= now`, locking them
   * (PostgreSQL `FOR UPDATE SKIP LOCKED`: concurrent sweeps take disjoint rows).
   */
  claimAutoClose(now: number, limit: number): Promise<FeedbackItem[]>;
  /**
   * The next gapless sequence number of a local day (`YYYYMMDD`), from 1. The counter row stays
   * locked until the transaction ends, so a rollback leaves no gap and concurrent intakes queue.
   */
  nextSequence(day: string): Promise<number>;
}

/** Items' history, append-only, bound to one transaction. */
export interface FeedbackEventRepo {
  append(event: FeedbackEvent): Promise<FeedbackEvent>;
  /** The item's history in the order it was appended. */
  forItem(feedbackId: number): Promise<FeedbackEvent[]>;
  /** How many history entries each item has (`forItem(id).length`, without reading them); 0 included. */
  countsForItems(feedbackIds: number[]): Promise<Map<number, number>>;
  /** Stores several events at once (in this order), when their ids are not needed. */
  appendMany(events: FeedbackEvent[]): Promise<void>;
}
