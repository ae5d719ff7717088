import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * A notice's progress messages to its sender (issue 14 §3, src/domain/notice-progress.ts): the
 * count last reported and when, and when held-back acknowledgements are due to be reported.
 * Dialect-neutral Table API with literal types: a migration is history.
 */
export class NoticeProgress1769200000000 implements MigrationInterface {
  name = 'NoticeProgress1769200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('notice', [
      new TableColumn({ name: 'progress_reported', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'progress_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'progress_due_at', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.createIndex('notice', new TableIndex({ name: 'idx_notice_progress_due', columnNames: ['progress_due_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('notice', 'idx_notice_progress_due');
    await queryRunner.dropColumns('notice', ['progress_due_at', 'progress_at', 'progress_reported']);
  }
}
