import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * A duty's position in its step plan (`step`, `next_action_at`) moves out of `duty` into its own
 * queue, `duty_next_step` (issue 14: the sweep's cost no longer depends on where its due duties lie
 * in `duty`; duty-next-step.entity.ts says why). Open duties with a next step keep it, at the same
 * time and step; finished ones need none. Dialect-neutral Table API with literal names: a
 * migration is history.
 */
const nextStep = (): Table =>
  new Table({
    name: 'duty_next_step',
    withoutRowid: true,
    columns: [
      { name: 'at', type: 'bigint', isPrimary: true, isNullable: false },
      { name: 'duty_id', type: 'integer', isPrimary: true, isNullable: false },
      { name: 'step', type: 'integer', isNullable: false },
    ],
  });
const OLD_INDEX = new TableIndex({ name: 'idx_duty_next_action_at', columnNames: ['next_action_at', 'id'] });

/** Adds `duty_next_step`, fills it from the open duties, and drops `duty.step` and `duty.next_action_at`. */
export class DutyNextStep1769800000000 implements MigrationInterface {
  name = 'DutyNextStep1769800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(nextStep(), false, false, true);
    await queryRunner.query(`INSERT INTO duty_next_step (at, duty_id, step) SELECT next_action_at, id, step FROM duty WHERE next_action_at IS NOT NULL AND status = 'open'`);
    await queryRunner.dropIndex('duty', OLD_INDEX.name!);
    await queryRunner.dropColumns('duty', ['step', 'next_action_at']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('duty', [
      new TableColumn({ name: 'step', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'next_action_at', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE duty SET step = (SELECT s.step FROM duty_next_step s WHERE s.duty_id = duty.id), next_action_at = (SELECT s.at FROM duty_next_step s WHERE s.duty_id = duty.id) WHERE id IN (SELECT duty_id FROM duty_next_step)`);
    await queryRunner.createIndex('duty', OLD_INDEX);
    await queryRunner.dropTable('duty_next_step', true, false, true);
  }
}
