/**
 * The ports the app layer needs (ARCHITECTURE rule 1): a clock, and a store whose transaction
 * hands out repositories. `infra/db` implements them with TypeORM on SQLite and PostgreSQL;
 * nothing here knows which.
 */
import type { AuditEntry } from '../domain/audit.js';
import type { Deputy, NewDeputy } from '../domain/deputy/deputy.js';
import type { Duty, DutyOutcomeFields, DutyPosition, NewDuty, ScheduledDuty } from '../domain/duty/duty.js';
import type { Violation } from '../domain/duty/violation.js';
import type { FormEvent, FormState, LiaisonForm } from '../domain/form/form.js';
import type { ExportSheet } from '../domain/form/form-export.js';
import type { OutgoingMessage, Recipient, MessageView } from '../domain/message.js';
import type { Notice } from '../domain/notice.js';
import type { NoticeProgress } from '../domain/notice-progress.js';
import type { NewReadWatch, ReadReceipt, ReadWatch } from '../domain/read-receipt.js';
import type { DeptCode, Org, PersonId } from '../domain/org.js';
import type { DutyRule } from '../domain/policy.js';
import type { MonthlyAssessment } from '../domain/report/monthly-assessment.js';
import type { FeedbackEventRepo, FeedbackRepo } from './feedback/feedback-ports.js';
import type { NewTask, Task } from '../domain/task/task.js';
import type { DashboardReads, WebAuthRepo } from './dashboard/dashboard-ports.js';
import type { WorkReportRepo } from './work-reports/work-report-ports.js';

/** Time is passed in: production uses the system clock, tests and the console a virtual one. */
export interface Clock {
  now(): number;
}

/** The store: every state change happens inside one `transaction`, which commits or rolls back whole. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * `first`: this transaction goes ahead of the others waiting for the connection (SQLite has one
   * writer); the inbox writer uses it, because a platform's acknowledgement waits for its commit.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, opts?: { first?: boolean }): Promise<T>;
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
  jobs: JobStateRepo;
  /** Platform thread roots of forms (the outbox dispatcher's Slack sender; see `PlatformThreadRepo`). */
  platformThreads: PlatformThreadRepo;
  /** The card button each person last clicked on a platform without threads (WeCom; see `CardClickRepo`). */
  cardClicks: CardClickRepo;
  /** Platform messages that stand for a form or a notice (Slack thread roots, notices; see `PlatformMessageRepo`). */
  platformMessages: PlatformMessageRepo;
  /** 信息反馈 items and their history (src/app/feedback/feedback-ports.ts). */
  feedback: FeedbackRepo;
  feedbackEvents: FeedbackEventRepo;
  /** The durable inbox of inbound platform events (src/infra/inbox; see `InboxRepo`). */
  inbox: InboxRepo;
  /** Send-rate buckets shared by every instance (the outbox dispatcher; see `RateBucketRepo`). */
  rateBuckets: RateBucketRepo;
  /** Heartbeats of the running server processes (see `InstanceRepo`). */
  instances: InstanceRepo;
  /** 任务 and their gapless numbers (src/app/tasks; see `TaskRepo`). */
  tasks: TaskRepo;
  /** The dashboard's login links and sessions, and its read queries (src/app/dashboard/dashboard-ports.ts). */
  web: WebAuthRepo;
  dashboard: DashboardReads;
  /** Platform read receipts of notices (已读; see `ReadReceiptRepo`). */
  readReceipts: ReadReceiptRepo;
  /** Sent notice messages whose read status a platform polls (see `ReadWatchRepo`). */
  readWatches: ReadWatchRepo;
  /** 代理 appointments (see `DeputyRepo`). */
  deputies: DeputyRepo;
  /** 汇报制度: recurring work reports (src/app/work-reports/work-report-ports.ts). */
  workReports: WorkReportRepo;
  /**
   * Runs `work` in a savepoint of this transaction: when it throws, only its own writes are
   * undone (and the error rethrown); the transaction goes on. The inbox worker runs each event's
   * use cases this way, so a refusal or failure never undoes the inbox bookkeeping around it.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * An instance whose heartbeat is older than this was killed: its claims (inbox rows `working`,
 * outbox rows `sending`) are taken over at once instead of when their lease runs out.
 */
export const DEAD_AFTER_MS = 10_000;

/**
 * Heartbeats of the running server processes (src/server/heartbeat.ts): each process writes its
 * id and the time every 2 s, and deletes its row when it stops cleanly. A claim whose owner has a
 * heartbeat older than `DEAD_AFTER_MS` belongs to a killed process. An owner without a row is
 * unknown (a test's dispatcher, say): only its lease ends its claim.
 */
export interface InstanceRepo {
  /** Records that `id` is alive, at the database's own clock (one clock for every replica). */
  beat(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Forgets instances silent for `silentForMs` by the database's clock (killed long ago: their leases have expired). */
  prune(silentForMs: number): Promise<number>;
}

/** A status of an inbox row; see `InboxRepo`. */
export type InboxStatus = 'pending' | 'working' | 'done' | 'parked';

/** An inbound event to store: hashes and the sealed payload are computed by the inbox writer. */
export interface NewInboxRow {
  platform: string;
  dedupeHash: string;
  orderHash: string;
  /** Sealed (base64 ciphertext). */
  payload: string;
  urgent: boolean;
  receivedAt: number;
}

/** A claimed inbox row, as the worker processes it. */
export interface InboxRow {
  id: number;
  platform: string;
  /** Sealed (base64 ciphertext). */
  payload: string;
  urgent: boolean;
  attempts: number;
  receivedAt: number;
}

/**
 * The inbox table. A row is a sender's *head* when no older row with the same order hash is
 * still `pending` or `working`; only heads (and the rows right behind them, in the same claim)
 * are claimed, so one sender's events run one at a time, in arrival order, across instances.
 * Every method that takes `owner` is fenced by it: a worker whose lease was taken over after it
 * expired changes nothing (the method answers false / undefined).
 */
export interface InboxRepo {
  /** Stores each row unless its dedupe hash is stored already; per row, whether it was stored. */
  insert(rows: NewInboxRow[]): Promise<boolean[]>;
  /**
   * Claims up to `limit` ready heads — urgent ones first — each with up to `perSender − 1` rows
   * behind it, for `owner` until `leaseUntil` (status `working`); only rows of `platforms` when
   * given (the platforms this instance has adapters for). Returns one array per sender,
   * oldest first. PostgreSQL skips rows another transaction holds (`FOR UPDATE SKIP LOCKED`).
   */
  claim(now: number, opts: { limit: number; perSender: number; owner: string; leaseUntil: number; platforms?: string[]; urgentOnly?: boolean }): Promise<InboxRow[][]>;
  /** Counts an attempt on claimed rows; their new attempt counts (a row whose claim was lost is missing). */
  beginMany(ids: number[], owner: string): Promise<Map<number, number>>;
  /** Takes back the attempt counted on claimed rows that were then not processed (handed back by `release`). */
  uncount(ids: number[], owner: string): Promise<void>;
  /** Done: clears the payload and the order hash, records `result`; false when the claim was lost. */
  complete(id: number, owner: string, now: number, result?: string): Promise<boolean>;
  /** After a failure: `pending` again from `retryAt`, or `parked` for good; keeps the error's class only. */
  fail(id: number, owner: string, outcome: { retryAt: number } | { parked: true }, error: string): Promise<boolean>;
  /** Hands claimed rows back unprocessed (the sender's earlier event failed). */
  release(ids: number[], owner: string): Promise<void>;
  /** Deletes done rows finished before `doneBefore` and parked rows received before `parkedBefore`. */
  purge(doneBefore: number, parkedBefore: number): Promise<number>;
  /** Rows per status (metrics, tests). */
  counts(): Promise<Record<InboxStatus, number>>;
  /** A stored row's status and result by dedupe hash (the customer endpoint's replays). */
  lookup(dedupeHash: string): Promise<{ id: number; status: InboxStatus; result?: string } | undefined>;
  /** The soonest time a pending row becomes ready (its retry time), or undefined. */
  nextReadyAt(): Promise<number | undefined>;
}

/** One GCRA bucket to take a token from: its key and spec. */
export interface BucketUse {
  key: string;
  intervalMs: number;
  burst: number;
  /** Only checked, never drawn from (a pause: it holds back until its time, then lets all through). */
  checkOnly?: boolean;
}

/** `RateBucketRepo.take` looking ahead: a window, and per request the instant it may go at the earliest. */
export interface TakeAhead {
  ms: number;
  notBefore: number[];
}

/**
 * Send-rate buckets in the database (GCRA: one theoretical arrival time per key), shared by every
 * instance. `take` locks the buckets' rows for the transaction (PostgreSQL `FOR UPDATE`, keys in
 * sorted order so two dispatchers never deadlock).
 */
export interface RateBucketRepo {
  /**
   * For each request in order, takes one token from each of its buckets if all of them conform at
   * `now`; returns, per request, 0 when taken or the ms to wait. With `ahead`, a request is taken
   * when its buckets conform within `ahead.ms` of `now` — at the first instant they do, and not
   * before its `notBefore` — and the value is the ms from `now` to that instant (0 … `ahead.ms`);
   * a value above `ahead.ms` is the wait of a request not taken.
   */
  take(requests: BucketUse[][], now: number, ahead?: TakeAhead): Promise<number[]>;
  /** The earliest instant each request could take its tokens (no lock, no change). */
  freeAt(requests: BucketUse[][]): Promise<number[]>;
  /**
   * Messages went out at `at` through these buckets, after their tokens were taken: each bucket
   * that draws tokens counts from then (its arrival time moves to at least `at + interval`; never back).
   */
  restamp(sends: Array<{ buckets: BucketUse[]; at: number }>): Promise<void>;
  /** Nothing more through these buckets before `until` (a 429's `Retry-After`). */
  pause(buckets: BucketUse[], until: number): Promise<void>;
  /** Deletes buckets whose arrival time has passed (they carry no state). */
  prune(now: number): Promise<number>;
}

export interface FormQuery {
  states?: FormState[];
  issuingDept?: DeptCode;
  receivingDept?: DeptCode;
  issuer?: PersonId;
  /** Forms where this person is an implementer. */
  implementer?: PersonId;
  /**
   * Forms this person has a part in: they issued it or implement it, or its issuing or receiving
   * department is one of `leads` (the departments they lead). A pre-filter: the caller still
   * applies the exact rule (`rolesOn`); it may let extra rows through, never hold one back.
   */
  involving?: { person: PersonId; leads: DeptCode[] };
  /** Forms issued (numbered) at or after this instant… */
  issuedFrom?: number;
  /** …and before this one (reports: a month is `[from, to)`). */
  issuedTo?: number;
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
  /** The events of several forms, in the order they were appended (reports). */
  forForms(formIds: number[]): Promise<FormEvent[]>;
}

export interface DutyRepo {
  /** Inserts with `status: 'open'`, and its next step (`DutyPosition`) as given. */
  insert(duty: NewDuty & DutyPosition): Promise<ScheduledDuty>;
  /** `insert` for many duties at once (a company-wide notice); returned in the same order. */
  insertMany(duties: Array<NewDuty & DutyPosition>): Promise<ScheduledDuty[]>;
  /** Writes the duty; only the fields changed since this transaction read it (never its position). */
  update(duty: Duty): Promise<void>;
  /** `update` for many duties, in as few statements as their changes allow (the sweep's batches). */
  updateMany(duties: Duty[]): Promise<void>;
  openForPerson(person: PersonId): Promise<Duty[]>;
  openForSubject(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', id: number): Promise<Duty[]>;
  byId(id: number): Promise<Duty | undefined>;
  /** How many people still have an open duty about this notice, form, feedback item or task. */
  countOpenPeople(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', id: number): Promise<number>;
  /**
   * Claims up to `limit` next steps due by `now`, earliest first, and takes them off the queue in
   * this transaction (a rollback puts them back); on PostgreSQL steps whose row or duty another
   * transaction has locked are skipped (`SKIP LOCKED`). `claimed` counts the steps taken; `duties`
   * are those of open duties, in the steps' order: a settled duty's step is dropped unrun. Uses the
   * queue's primary key only: its cost follows the due steps, not the open duties.
   */
  claimDue(now: number, limit: number): Promise<{ claimed: number; duties: ScheduledDuty[] }>;
  /** Queues the next step of duties claimed (or inserted) in this transaction; none for one with nothing left. */
  schedule(duties: ScheduledDuty[]): Promise<void>;
  /** The earliest next step of any open duty, or undefined (the console's virtual scheduler uses it). */
  earliestAction(): Promise<number | undefined>;
  /** Open duties past their due time (for digests). */
  overdue(now: number): Promise<Duty[]>;
  /** Every duty (any status) about these notices or forms, in id order (reports). */
  forSubjects(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', ids: number[]): Promise<Duty[]>;
  /** Every duty (any status) created in `[from, to)`, in id order (monthly reports; not indexed). */
  createdBetween(from: number, to: number): Promise<Duty[]>;
  /**
   * Every duty (any status) of one of `rules` whose due time is in `[from, to)`, in id order, with
   * only the fields its punctuality needs (表扬); only those rows and columns are read
   * (idx_duty_status_due_at, one range per status).
   */
  dueBetween(from: number, to: number, rules: readonly DutyRule[]): Promise<DutyOutcomeFields[]>;
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
  /**
   * What the sender was last told about the notice's acknowledgements (src/domain/notice-progress.ts),
   * and how many recipients have not acknowledged it: their duty is open, or was cancelled because
   * the notice never reached them (src/app/undelivered-notice.ts) — one round trip.
   */
  progress(id: number): Promise<NoticeProgress & { unacknowledged: number }>;
  /**
   * Records a progress message of `reported` at `at` and clears `dueAt` — only if the last one is
   * still the one at `lastAt` (compare-and-set: of two acknowledgements racing to report, one
   * wins; the other holds). Returns whether it was recorded.
   */
  reportProgress(id: number, lastAt: number | undefined, reported: number, at: number): Promise<boolean>;
  /** Marks acknowledgements held back: the sweep reports them at `dueAt` (an earlier mark stays). */
  holdProgress(id: number, dueAt: number): Promise<void>;
  /** Notices with held-back acknowledgements due at `now`, oldest due first, at most `limit`. */
  progressDue(now: number, limit: number): Promise<number[]>;
}

export interface AuditRepo {
  append(entries: AuditEntry[]): Promise<void>;
  list(query: { entity?: AuditEntry['entity']; entityId?: string }): Promise<AuditEntry[]>;
}

/**
 * `sending`: claimed by a dispatcher, which holds a lease until `leaseUntil`; a `sending` row whose
 * lease has expired is in doubt (its dispatcher may have crashed after the platform accepted it).
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';

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
  /** While `sending`: when the claim expires and another dispatcher may take the row over. */
  leaseUntil?: number;
  /** When the row was first claimed for sending (Slack looks for an in-doubt message after it). */
  firstAttemptAt?: number;
  /** The last attempt may have reached the platform: ask it before sending again. */
  inDoubt?: boolean;
}

export interface OutboxRepo {
  /** Adds messages; a message whose `key` is already stored is skipped (idempotent). */
  enqueue(messages: OutgoingMessage[], now: number): Promise<void>;
  /** Pending rows with `nextAttemptAt <= now`, in id order (which is creation order). */
  due(now: number, limit: number): Promise<OutboxRow[]>;
  update(row: OutboxRow): Promise<void>;
  count(status: OutboxStatus): Promise<number>;
  /** Which of these keys are already stored (any status): jobs use it to report what they sent. */
  presentKeys(keys: string[]): Promise<string[]>;
  /**
   * The head of each conversation — its oldest `pending` or `sending` row (the conversation key is
   * derived from the recipient at enqueue: `thread:<formId>`, `person:<id>`, `dept:<code>`) —
   * ordered by when it is ready (`nextAttemptAt`, or `leaseUntil` when sending), at most `limit`.
   * Reads only. Only heads may be sent, which keeps each conversation in order. With `readyBy`,
   * only the heads ready by then and the first one that is not (when there is one) are returned.
   */
  heads(limit: number, readyBy?: number): Promise<OutboxRow[]>;
  /**
   * Claims those of `ids` that are still heads and ready at `now` (pending and due, or sending with
   * an expired lease): `status = 'sending'`, `leaseUntil = now + leaseMs`, `attempts + 1`,
   * `firstAttemptAt` set once; a row taken over from an expired lease comes back `inDoubt`.
   * PostgreSQL skips rows another transaction holds (`FOR UPDATE SKIP LOCKED`), so concurrent
   * dispatchers never claim the same row. Returns the claimed rows in id order. `dueBy` (default
   * `now`) claims pending rows due by then: a pass that looks ahead sends them when they are due.
   */
  claim(ids: number[], now: number, leaseMs: number, owner?: string, dueBy?: number): Promise<OutboxRow[]>;
  /**
   * Records the outcome of a claimed row (every field `update` writes), but only while the claim
   * is still ours — the row is `sending` with the same `attempts` (the fencing token). Returns
   * false when another dispatcher took the row over after our lease expired.
   */
  complete(row: OutboxRow): Promise<boolean>;
  /**
   * `complete` for the outcomes of many attempts (the dispatcher's group commit): writes what an
   * attempt changes, not `to` and `view`; per row, whether the claim was still ours.
   */
  completeMany(rows: OutboxRow[]): Promise<boolean[]>;
  /**
   * Pending rows whose rate-limit buckets are empty wait until `until`: their `nextAttemptAt`
   * moves on (never back), no attempt is counted — and so does that of the later pending rows of
   * the same conversation, which cannot go before their head.
   */
  defer(rows: Array<{ id: number; until: number }>): Promise<void>;
  /**
   * After a row was sent: the pending rows behind it in its conversation that go to the same
   * recipient (so through the same buckets) wait until `until`, when its bucket allows the next.
   */
  holdBehind(rows: Array<{ id: number; until: number }>): Promise<void>;
}

/**
 * Where a form's thread lives on a platform: the channel and the id of its root message (Slack:
 * the root's `ts`). The first message for a form in a channel creates the root.
 */
export interface PlatformThread {
  formId: number;
  platform: string;
  channel: string;
  rootId: string;
  createdAt: number;
}

export interface PlatformThreadRepo {
  get(formId: number, platform: string): Promise<PlatformThread | undefined>;
  /** Stores the root unless one is stored already; returns the stored one (first writer wins). */
  put(thread: PlatformThread): Promise<PlatformThread>;
}

/** What a platform message stands for: a form's thread root, a notice, or a notice's live ack line. */
export type PlatformMessageSubject = 'form' | 'notice' | 'notice_status';

/**
 * A message on a platform (Slack: channel + `ts`) that stands for a form or a notice, so that a
 * reply in its thread or a reaction on it is tied back to it. `subjectRef` is the form number or
 * the notice ref (`TZ12`).
 */
export interface PlatformMessage {
  platform: string;
  channel: string;
  messageId: string;
  subjectKind: PlatformMessageSubject;
  subjectId: number;
  subjectRef: string;
  createdAt: number;
}

export interface PlatformMessageRepo {
  /** Records a message unless it is recorded already (the first record stays). */
  put(message: PlatformMessage): Promise<void>;
  find(platform: string, channel: string, messageId: string): Promise<PlatformMessage | undefined>;
  /** The messages of one subject on a platform, oldest first. */
  forSubject(platform: string, kind: PlatformMessageSubject, id: number): Promise<PlatformMessage[]>;
}

/**
 * The card button a person last clicked on a platform whose app messages have no threads (WeCom):
 * the form number, draft (`#12`) or notice (`TZ12`) it was about, and when. The adapter binds the
 * person's next bare reply to it for a short while.
 */
export interface CardClick {
  person: PersonId;
  platform: string;
  ref: string;
  clickedAt: number;
}

export interface CardClickRepo {
  get(person: PersonId, platform: string): Promise<CardClick | undefined>;
  /** Creates or replaces the person's last click on that platform. */
  put(click: CardClick): Promise<void>;
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

/**
 * Writes the monthly assessment's detail files (XLSX and CSV) and says where they are. Files are
 * infrastructure (ARCHITECTURE rule 1): `infra/report` implements this and the caller passes it in
 * through `AppDeps.reportFiles`. Writing the same month again replaces that month's files.
 */
export interface ReportFiles {
  writeAssessment(model: MonthlyAssessment): Promise<{ xlsx: string; csv: string }>;
}

/**
 * Spreadsheet files built in memory (导出 <编号>, 导出违规, 月度考评 in chat): `infra/report/form-xlsx.ts`
 * implements it with exceljs, and the caller passes it in through `AppDeps.spreadsheets`.
 */
export interface Spreadsheets {
  xlsx(sheets: ExportSheet[], meta: { title: string; company: string; at: number }): Promise<Uint8Array>;
  /** The monthly assessment's workbook: the same sheets as its report file and the dashboard's download. */
  assessment(model: MonthlyAssessment, org: Org, timezone: string): Promise<Uint8Array>;
}

/** Who takes a job period, and for how long (ms) before another instance may take it over. */
export interface JobClaim {
  owner: string;
  leaseMs: number;
}

/**
 * Progress of the periodic jobs (overdue digest, monthly assessment, public report): the last
 * period each has completed, and a lease on the period being run. Periods of one job are
 * `YYYY-MM-DD` or `YYYY-MM` and compare as text. Together with the outbox's unique keys this is
 * what makes a job run once per period across restarts, downtime and several instances: `claim`
 * succeeds for one caller only, and a crashed run's lease expires so another caller repeats it
 * (its messages, already stored, are skipped by key).
 */
export interface JobStateRepo {
  /** The last period completed, or undefined before the first. */
  lastPeriod(job: string): Promise<string | undefined>;
  /**
   * Takes `period` when it is later than the last completed one and no unexpired lease is held;
   * true for exactly one of any number of concurrent callers.
   */
  claim(job: string, period: string, now: number, claim: JobClaim): Promise<boolean>;
  /** Marks `period` completed (never moves backwards) and drops the lease. */
  complete(job: string, period: string, now: number): Promise<void>;
  /** Gives up `owner`'s lease on `period` without completing it (the run failed). */
  release(job: string, period: string, owner: string): Promise<void>;
}

/** 任务 (issue 16): one row per task, its assignees' states and histories inside it. */
export interface TaskRepo {
  insert(task: NewTask, number: string): Promise<Task>;
  update(task: Task): Promise<void>;
  /** Reads and locks the row for the rest of the transaction (PostgreSQL `FOR UPDATE`). */
  byNumberForUpdate(number: string): Promise<Task | undefined>;
  byNumber(number: string): Promise<Task | undefined>;
  byId(id: number): Promise<Task | undefined>;
  /** The person's tasks not yet closed, oldest first (我的待办: results to confirm). */
  openFrom(person: PersonId): Promise<Task[]>;
  /** Tasks whose 期限 is in `[from, to)`, in id order (monthly assessment; not indexed). */
  dueBetween(from: number, to: number): Promise<Task[]>;
  /** The next gapless number of a local month (`YYYYMM`), from 1; the counter row stays locked until commit. */
  nextSequence(month: string): Promise<number>;
}

/**
 * Read receipts (src/domain/read-receipt.ts): one row per notice and person, the first read kept.
 */
export interface ReadReceiptRepo {
  /** Stores the receipt unless that person's read of that notice is stored already; whether it was new. */
  record(r: ReadReceipt): Promise<boolean>;
  /** Every receipt of these notices. */
  forNotices(noticeIds: number[]): Promise<ReadReceipt[]>;
}

/**
 * What platform adapters poll for read status (src/domain/read-receipt.ts `ReadWatch`): a row per
 * sent notice message, due at `nextPollAt`, dropped once everyone read it or `until` passed.
 */
export interface ReadWatchRepo {
  add(w: NewReadWatch): Promise<ReadWatch>;
  /** Up to `limit` watches of `platform` due at `now`, soonest first. */
  due(platform: string, now: number, limit: number): Promise<ReadWatch[]>;
  /** The watches of `platform` for these message handles (a pushed read names its messages). */
  byHandles(platform: string, handles: string[]): Promise<ReadWatch[]>;
  /** Saves who is still unread and when to ask again. */
  update(id: number, change: { readers: Record<string, PersonId>; nextPollAt: number }): Promise<void>;
  remove(id: number): Promise<void>;
}

/**
 * 代理 appointments (issue 13): who acts for whom until when. Small (a few rows per absence), so
 * readers load the current ones and let `domain/deputy` decide who covers whom at an instant.
 */
export interface DeputyRepo {
  insert(d: NewDeputy): Promise<Deputy>;
  /** Ends an appointment early (取消代理). */
  end(id: number, at: number): Promise<void>;
  /** Appointments that have not yet run out at `at` (including ended ones; check `isActive`). */
  current(at: number): Promise<Deputy[]>;
  /** Appointments overlapping [from, to). */
  overlapping(from: number, to: number): Promise<Deputy[]>;
}
