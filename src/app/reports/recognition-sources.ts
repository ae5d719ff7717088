/**
 * Where the 表扬 punctuality facts come from (issue 16 part 4), one source per kind of duty. The
 * list is open: another kind (periodic work reports, 汇报) joins by adding a source to
 * `RECOGNITION_SOURCES` (a duty rule of its own: `dutySource('report', ['<rule>'])`) — nothing else
 * changes; its kind gets a column and a label
 * (`TC.kind`, src/texts/commendation.ts).
 */
import type { DutyOutcomeFields } from '../../domain/duty/duty.js';
import type { Violation } from '../../domain/duty/violation.js';
import type { DutyRule } from '../../domain/policy.js';
import type { PunctualityFact } from '../../domain/report/recognition.js';
import { taskOutcome } from '../../domain/report/task-outcomes.js';
import type { Tx } from '../ports.js';

/** The month being read, the instant the figures are taken at, and the month's violations (read once for every source). */
export interface RecognitionRange {
  month: string;
  from: number;
  to: number;
  asOf: number;
  violations: readonly Violation[];
}

/** A source of punctuality facts for the month. */
export interface RecognitionSource {
  kind: string;
  read(tx: Tx, range: RecognitionRange): Promise<PunctualityFact[]>;
}

/**
 * Facts of the duties of `rules` that fell due in the month: on time when done by the due time
 * with no violation; late when a violation was recorded (for the violation's person — a deputy's
 * miss is the deputy's), done after the due time, or still open past it. Waived violations
 * excuse the duty: no fact.
 */
export function dutySource(kind: string, rules: readonly DutyRule[]): RecognitionSource {
  return {
    kind,
    async read(tx, { from, to, asOf, violations: monthViolations }) {
      // Only the rows asked for: reading every duty of the last months (and hydrating them) for each
      // source was 370 ms of the dashboard's cold 月度考评 with 100,000 duties (eighth session).
      const duties = await tx.duties.dueBetween(from, to, rules);
      const violations = new Map(monthViolations.map((v) => [v.dutyId, v]));
      const out: PunctualityFact[] = [];
      for (const d of duties) {
        const v = violations.get(d.id);
        if (v?.waived) continue;
        const outcome = dutyOutcome(d, v !== undefined, asOf);
        if (outcome) out.push({ person: v?.person ?? d.person, kind, onTime: outcome === 'on_time' });
      }
      return out;
    },
  };
}

function dutyOutcome(d: DutyOutcomeFields, violated: boolean, asOf: number): 'on_time' | 'late' | undefined {
  if (violated || d.violationId !== undefined) return 'late';
  if (d.status === 'cancelled') return undefined;
  if (d.status === 'done') return d.doneAt !== undefined && d.doneAt <= d.dueAt ? 'on_time' : 'late';
  return asOf > d.dueAt ? 'late' : undefined;
}

/** Tasks whose 期限 is in the month: each assignee's first result against it (`taskOutcome`). */
const taskSource: RecognitionSource = {
  kind: 'task',
  async read(tx, { from, to, asOf }) {
    const out: PunctualityFact[] = [];
    for (const task of await tx.tasks.dueBetween(from, to)) {
      for (const a of task.assignees) {
        const o = taskOutcome(task, a, asOf);
        if (o !== 'open') out.push({ person: a.person, kind: 'task', onTime: o === 'on_time' });
      }
    }
    return out;
  },
};

/** The sources read for every monthly assessment, in column order. */
export const RECOGNITION_SOURCES: RecognitionSource[] = [
  dutySource('ack', ['superior_notice', 'superior_email', 'missed_call', 'task_ack']),
  dutySource('sign', ['liaison_form']),
  taskSource,
  // 汇报制度 (issue 16 part 2): each period's report, on time when submitted by its due time.
  dutySource('report', ['work_report']),
];
