import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * 汇报制度 (issue 16 part 2): `work_report`, one row per definition, period and reporter.
 * Dialect-neutral Table API with literal lengths: a migration is history.
 */
const workReport = (): Table =>
  new Table({
    name: 'work_report',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'report_key', type: 'varchar', length: '64', isNullable: false },
      { name: 'period', type: 'varchar', length: '32', isNullable: false },
      { name: 'person', type: 'varchar', length: '128', isNullable: false },
      { name: 'recipients', type: 'text', isNullable: false },
      { name: 'opened_at', type: 'bigint', isNullable: false },
      { name: 'due_at', type: 'bigint', isNullable: false },
      { name: 'state', type: 'varchar', length: '32', isNullable: false },
      { name: 'duty_id', type: 'integer', isNullable: true },
      { name: 'submitted_at', type: 'bigint', isNullable: true },
      { name: 'late', type: 'boolean', isNullable: true },
      { name: 'late_ms', type: 'bigint', isNullable: true },
      { name: 'content', type: 'text', isNullable: true },
      { name: 'feedback_ref', type: 'varchar', length: '32', isNullable: true },
    ],
  });

/** Adds `work_report`. */
export class WorkReport1769310000000 implements MigrationInterface {
  name = 'WorkReport1769310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(workReport(), false, false, true);
    await queryRunner.createIndex('work_report', new TableIndex({ name: 'ux_work_report_period_person', columnNames: ['report_key', 'period', 'person'], isUnique: true }));
    await queryRunner.createIndex('work_report', new TableIndex({ name: 'idx_work_report_person_state', columnNames: ['person', 'state'] }));
    await queryRunner.createIndex('work_report', new TableIndex({ name: 'idx_work_report_due', columnNames: ['due_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('work_report', true, false, true);
  }
}
