import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `duty_next_step`: an open duty's next step, the queue the sweep claims from (ARCHITECTURE
 * rule 3). A duty has at most one row; none once its steps have all run. Settling a duty leaves
 * its row: the sweep drops it when it comes due (`claimDue`), so an acknowledgement writes only
 * the duty.
 *
 * Why a table of its own (issue 14): the sweep moves every due duty on by a step. When that
 * position lived in the `duty` row, each step rewrote a wide row wherever it lay in the table, so
 * the due duties of a minute, scattered over a million open ones, dirtied a page each, and the
 * checkpoint inside COMMIT wrote them back. Here the primary key is (at, duty_id): a step deletes
 * the row at the front of the queue and inserts one at a later time, among the other rows due
 * then, so a batch dirties a few pages whatever the size or order of `duty`. On SQLite it is
 * `WITHOUT ROWID`: the rows are the primary key's b-tree, with no second copy.
 */
@Entity('duty_next_step', { withoutRowid: true })
export class DutyNextStepEntity {
  @PrimaryColumn({ type: 'bigint', name: 'at', transformer: epochMs })
  at!: number;

  @PrimaryColumn({ type: 'integer', name: 'duty_id' })
  dutyId!: number;

  /** Index of the step of `planDutySteps` due at `at`. */
  @Column({ type: 'integer', name: 'step' })
  step!: number;
}
