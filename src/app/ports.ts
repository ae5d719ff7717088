/**
 * The ports the app layer needs (ARCHITECTURE rule 1): a clock, and a store whose transaction
 * hands out repositories. `infra/db` implements them with TypeORM on SQLite and PostgreSQL;
 * nothing here knows which.
 */
import type { AuditEntry } from '../domain/audit.js';
import type { Duty, NewDuty } from '../domain/duty/duty.js';
import type { Violation } from '../domain/duty/violation.js';
import type { FormEvent, FormState, LiaisonForm } from '../domain/form/form.js';
import type { OutgoingMessage, Recipient, MessageView } from '../domain/message.js';
import type { Notice } from '../domain/notice.js';
import type { DeptCode, PersonId } from '../domain/org.js';
import type { DutyRule } from '../domain/policy.js';

/** Time is passed in: production uses the system clock, tests and the console a virtual one. */
export interface Clock {
  now(): number;
}

/** The store: every state change happens inside one `transaction`, which commits or rolls back whole. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Repositories bound to one transaction. */
export interface Tx {
  forms: FormRepo;
  formEvents: FormEventRepo;
  duties: DutyRepo;
  violations: ViolationRepo;
  notices: NoticeRepo;
  audit: AuditRepo;
  outbox: OutboxRepo;
  dialogues: DialogueRepo;
}

export interface FormQuery {
  states?: FormState[];
  issuingDept?: DeptCode;
  receivingDept?: DeptCode;
  issuer?: PersonId;
  /** Forms where this person is an implementer. */
  implementer?: PersonId;
}

export interface FormRepo {
  insert(form: Omit<LiaisonForm, 'id'>): Promise<LiaisonForm>;
  update(form: LiaisonForm): Promise<void>;
  /** Reads and locks the row for the rest of the transaction (PostgreSQL `FOR UPDATE`). */
  getForUpdate(id: number): Promise<LiaisonForm | undefined>;
  byNumber(number: string): Promise<LiaisonForm | undefined>;
  byId(id: number): Promise<LiaisonForm | undefined>;
  list(query: FormQuery): Promise<LiaisonForm[]>;
  /**
   * The next gapless sequence number for a department and month (`YYYYMM`), starting at 1. The
   * counter row stays locked until the transaction ends, so a rollback leaves no gap and
   * concurrent issuers queue.
   */
  nextSequence(dept: DeptCode, yyyymm: string): Promise<number>;
}

export interface FormEventRepo {
  append(event: FormEvent): Promise<FormEvent>;
  forForm(formId: number): Promise<FormEvent[]>;
}

export interface DutyRepo {
  /** Inserts with `status: 'open'`, `step` and `nextActionAt` as given. */
  insert(duty: NewDuty & { step: number; nextActionAt?: number }): Promise<Duty>;
  update(duty: Duty): Promise<void>;
  openForPerson(person: PersonId): Promise<Duty[]>;
  openForSubject(kind: 'notice' | 'form', id: number): Promise<Duty[]>;
  byId(id: number): Promise<Duty | undefined>;
  /**
   * Claims up to `limit` duties whose `nextActionAt <= now`, oldest first, locking them for this
   * transaction; on PostgreSQL rows locked by another transaction are skipped (`SKIP LOCKED`).
   * Uses the index on `nextActionAt` only: its cost follows the due rows, not the open ones.
   */
  claimDue(now: number, limit: number): Promise<Duty[]>;
  /** The earliest `nextActionAt` of any duty, or undefined (the console's virtual scheduler uses it). */
  earliestAction(): Promise<number | undefined>;
  /** Open duties past their due time (for digests). */
  overdue(now: number): Promise<Duty[]>;
}

export interface ViolationRepo {
  insert(v: Omit<Violation, 'id'>): Promise<Violation>;
  update(v: Violation): Promise<void>;
  byId(id: number): Promise<Violation | undefined>;
  /**
   * Serialises tier decisions for one person, rule and month until the transaction ends
   * (PostgreSQL advisory transaction lock; SQLite transactions are already serial).
   */
  lockTier(person: PersonId, rule: DutyRule, month: string): Promise<void>;
  forPersonRuleMonth(person: PersonId, rule: DutyRule, month: string): Promise<Violation[]>;
  list(query: { month?: string; person?: PersonId }): Promise<Violation[]>;
}

export interface NoticeRepo {
  /** Inserts and assigns `ref` (`TZ<id>`). */
  insert(n: Omit<Notice, 'id' | 'ref'>): Promise<Notice>;
  byRef(ref: string): Promise<Notice | undefined>;
  byId(id: number): Promise<Notice | undefined>;
}

export interface AuditRepo {
  append(entries: AuditEntry[]): Promise<void>;
  list(query: { entity?: AuditEntry['entity']; entityId?: string }): Promise<AuditEntry[]>;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

/** A stored outgoing message. */
export interface OutboxRow {
  id: number;
  key: string;
  to: Recipient;
  view: MessageView;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  sentAt?: number;
  platformMessageId?: string;
  lastError?: string;
}

export interface OutboxRepo {
  /** Adds messages; a message whose `key` is already stored is skipped (idempotent). */
  enqueue(messages: OutgoingMessage[], now: number): Promise<void>;
  /** Pending rows with `nextAttemptAt <= now`, in id order (which is creation order). */
  due(now: number, limit: number): Promise<OutboxRow[]>;
  update(row: OutboxRow): Promise<void>;
  count(status: OutboxStatus): Promise<number>;
}

/** A multi-step chat dialogue in progress (e.g. the guided 新建联络单), one per person. */
export interface Dialogue {
  person: PersonId;
  kind: string;
  data: Record<string, unknown>;
  updatedAt: number;
}

export interface DialogueRepo {
  get(person: PersonId): Promise<Dialogue | undefined>;
  put(d: Dialogue): Promise<void>;
  delete(person: PersonId): Promise<void>;
}
