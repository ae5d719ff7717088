/**
 * The sweep benchmark's data, as pure functions of a duty id: both loaders (SQLite, PostgreSQL)
 * write exactly these rows, so the two dialects are measured on the same table.
 *
 * The table holds `n` open `superior_notice` duties of the demo org's people, all at step 0 (the
 * 10-minute reminder of a 30-minute window, default policy). The sweep is run once per "tick", a
 * minute apart, like the real scheduler; at each tick exactly `DUE` (1,000) duties are due and the
 * other n - 1,000 are due later. Tick r's due duties are the ids with `id % stride === r` (stride =
 * n / 1,000), so they are spread evenly over the whole table rather than packed at one end. Every
 * tick claims fresh rows that no earlier run touched: no reset between runs, no dead tuples that
 * differ between sizes. Tick 0 is the warm-up and is not counted.
 *
 * All instants fall on Wednesday 2026-03-11 between 09:39 and 10:50 (Asia/Shanghai), inside the
 * 08:00-12:00 working interval, so working time equals wall time here; `checkAgainstPolicy` proves
 * it with the real plan (`planDutySteps`) on sample rows before anything is measured.
 */
import { planDutySteps } from '../../src/domain/duty/duty-plan.js';
import type { WorkCalendar } from '../../src/domain/calendar.js';
import { localInstant } from '../../src/domain/local-time.js';
import type { Org } from '../../src/domain/org.js';
import type { Policy } from '../../src/domain/policy.js';

const MIN = 60_000;
export const TZ = 'Asia/Shanghai';
/** Duties due at every tick. */
export const DUE = 1000;
/** The scheduler's cadence (policy `schedule.sweep` is every minute). */
export const TICK_MS = MIN;
/** Tick 0: a working Wednesday morning. */
export const T0 = localInstant('2026-03-11 10:00', TZ);
/** superior_notice window (30 min) and its reminder 10 min before the end: step 0 is at +20 min. */
export const WINDOW_MS = 30 * MIN;
export const REMIND_AFTER_MS = 20 * MIN;
/** Not-yet-due duties have their reminder spread over the 14 minutes after the last tick. */
const FUTURE_SPAN_MS = 14 * MIN;

export interface Layout {
  /** Open duties in the table. */
  n: number;
  /** Sweep runs, the warm-up included (one set of DUE rows each). */
  ticks: number;
  stride: number;
}

export function layout(n: number, ticks: number): Layout {
  if (n % DUE !== 0) throw new Error(`open duties (${n}) must be a multiple of ${DUE}`);
  const stride = n / DUE;
  if (stride < ticks) throw new Error(`${n} open duties hold at most ${stride} sets of ${DUE} due rows, ${ticks} ticks asked`);
  return { n, ticks, stride };
}

export const tickAt = (r: number): number => T0 + r * TICK_MS;

/** The tick at which duty `id` is due, or undefined when it stays in the future throughout. */
export function dueTick(l: Layout, id: number): number | undefined {
  const s = id % l.stride;
  return s < l.ticks ? s : undefined;
}

/** `next_action_at` of duty `id` (ids 1..n): up to 999 ms before its tick, or after the last tick. */
export function nextActionAt(l: Layout, id: number): number {
  const s = dueTick(l, id);
  if (s !== undefined) return tickAt(s) - Math.floor((id - 1) / l.stride);
  return tickAt(l.ticks - 1) + 1 + Math.floor(((id - 1) * FUTURE_SPAN_MS) / l.n);
}

/**
 * One `duty` row, column name → value, exactly as the migration's schema has it, with the duty's
 * next step (`step`, `next_action_at`: its `duty_next_step` row).
 */
export interface DutyRow {
  id: number;
  person: string;
  rule: 'superior_notice';
  subject_kind: 'notice';
  subject_id: number;
  subject_ref: string;
  title: string;
  from_person: string;
  created_at: number;
  due_at: number;
  status: 'open';
  done_at: null;
  step: number;
  next_action_at: number;
  violation_id: null;
}

/** The columns of `duty`. */
export const DUTY_COLUMNS: ReadonlyArray<keyof DutyRow> = [
  'id', 'person', 'rule', 'subject_kind', 'subject_id', 'subject_ref', 'title', 'from_person',
  'created_at', 'due_at', 'status', 'done_at', 'violation_id',
];
/** The columns of `duty_next_step` and the row fields they hold. */
export const NEXT_STEP_COLUMNS: ReadonlyArray<[string, keyof DutyRow]> = [['at', 'next_action_at'], ['duty_id', 'id'], ['step', 'step']];

const TITLES = [
  '【通知】明天上午九点在三楼会议室召开安全生产例会,请准时参加',
  '【通知】本周五前提交三月份物料需求计划',
  '【通知】请核对二号车间焊材库存并回复',
  '【通知】下周一起执行新的质检记录表格式',
  '【通知】请确认客户来访接待安排',
];

/** Each notice goes to 5 people: 5 consecutive duties share a subject. */
const PER_NOTICE = 5;

/** Builds rows for the org: recipient round-robin over its people, sent by their superior. */
export function rowMaker(org: Org, l: Layout): (id: number) => DutyRow {
  const people = org.people.map((p) => ({ id: p.id, from: p.superior ?? org.people[0]!.id }));
  return (id) => {
    const who = people[id % people.length]!;
    const notice = Math.floor((id - 1) / PER_NOTICE) + 1;
    const next = nextActionAt(l, id);
    const createdAt = next - REMIND_AFTER_MS;
    return {
      id,
      person: who.id,
      rule: 'superior_notice',
      subject_kind: 'notice',
      subject_id: notice,
      subject_ref: `TZ${notice}`,
      title: TITLES[notice % TITLES.length]!,
      from_person: who.from,
      created_at: createdAt,
      due_at: createdAt + WINDOW_MS,
      status: 'open',
      done_at: null,
      step: 0,
      next_action_at: next,
      violation_id: null,
    };
  };
}

/**
 * Fails unless, for sample rows, the real policy and calendar agree with the formulas: the window
 * ends at `due_at`, step 0 is a reminder at `next_action_at`, and step 1 (the violation at
 * `due_at`) is after the last tick, so each due duty runs exactly one step per sweep.
 */
export function checkAgainstPolicy(l: Layout, make: (id: number) => DutyRow, policy: Policy, cal: WorkCalendar): void {
  const samples = [1, 2, l.stride, l.stride + 1, l.n - l.stride + l.ticks - 1, l.n - 1, l.n];
  for (const id of samples) {
    const row = make(id);
    const plan = planDutySteps({ createdAt: row.created_at, dueAt: row.due_at }, policy, cal);
    const problems = [
      cal.addWorkingTime(row.created_at, policy.rules.superior_notice.windowMs) !== row.due_at && 'due_at is not the end of the window',
      (plan[0]?.kind !== 'remind' || plan[0].at !== row.next_action_at) && 'step 0 is not the reminder at next_action_at',
      (plan[1]?.kind !== 'violate' || plan[1].at <= tickAt(l.ticks - 1)) && 'step 1 would fall due during the benchmark',
    ].filter(Boolean);
    if (problems.length) throw new Error(`scenario row ${id} disagrees with the policy: ${problems.join('; ')}`);
  }
}
