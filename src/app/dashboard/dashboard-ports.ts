/**
 * The dashboard's (看板) storage ports: login links and sessions (`WebAuthRepo`), and the read
 * queries its pages need at scale (`DashboardReads`) — filtered, counted and limited in SQL, so a
 * page costs what it shows, not what the database holds. `infra/db` implements both.
 */
import type { Duty } from '../../domain/duty/duty.js';
import type { FormState, LiaisonForm } from '../../domain/form/form.js';
import type { Notice } from '../../domain/notice.js';
import type { DeptCode, PersonId } from '../../domain/org.js';

/** A stored browser session (the cookie's value is known only by its hash). */
export interface WebSession {
  id: string;
  person: PersonId;
  csrf: string;
  createdAt: number;
  seenAt: number;
  revokedAt?: number;
}

/**
 * One-time login links and sessions, each stored by the SHA-256 of its secret. `redeem` marks a
 * link used in the same statement that checks it, so of two concurrent uses exactly one wins.
 */
export interface WebAuthRepo {
  addLogin(row: { id: string; person: PersonId; createdAt: number; expiresAt: number }): Promise<void>;
  /** Marks the link used when it is unused and unexpired at `now`; its person, or undefined. */
  redeem(id: string, now: number): Promise<PersonId | undefined>;
  addSession(s: WebSession): Promise<void>;
  session(id: string): Promise<WebSession | undefined>;
  touch(id: string, now: number): Promise<void>;
  revoke(id: string, now: number): Promise<void>;
}

/**
 * Who a query is for: `all` (总经办, HR for company-wide pages), or the departments and people
 * whose records are in scope. An empty scope matches nothing.
 */
export type ReadScope = 'all' | { depts: DeptCode[]; people: PersonId[] };

/** The 联络单 list's filters; `text` matches the number or subject (a plain substring, never SQL). */
export interface FormFilter {
  states?: FormState[];
  /** Either side of the form. */
  dept?: DeptCode;
  /** Issued in `[from, to)`. */
  issuedFrom?: number;
  issuedTo?: number;
  /** Open (issued … in progress) and past the deadline at `now`. */
  overdueAt?: number;
  text?: string;
}

/** Who may see a form (`canView`'s rule as SQL): everyone, or the forms of these departments or people. */
export type FormAccess = 'all' | { depts: DeptCode[]; person: PersonId };

export interface DashboardReads {
  /** Open notice and form-sign duties due before `now` owed by people in scope, oldest first, at most `limit`; and how many in all. */
  overdueDuties(now: number, scope: ReadScope, limit: number): Promise<{ duties: Duty[]; total: number }>;
  /** Forms in `states` received by departments in scope that are past the deadline or escalated, oldest deadline first. */
  overdueForms(now: number, states: FormState[], scope: ReadScope, limit: number): Promise<{ forms: LiaisonForm[]; total: number }>;
  /** One page of the forms `access` allows that match `filter`, newest first, and the number matching. */
  forms(filter: FormFilter, access: FormAccess, page: { limit: number; offset: number }): Promise<{ forms: LiaisonForm[]; total: number }>;
  /** These forms (one query per 500 ids), in id order. */
  formsByIds(ids: number[]): Promise<LiaisonForm[]>;
  /** The newest notices `person` sent or received (every notice for `null`), at most `limit`. */
  notices(person: PersonId | null, limit: number): Promise<Notice[]>;
  /** The newest audit row's id: every state change appends one (rule 4), so it versions the data. */
  dataVersion(): Promise<number>;
}
