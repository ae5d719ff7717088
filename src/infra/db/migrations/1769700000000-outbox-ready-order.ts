import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * A dispatch pass reads the pending heads due now in the order (next_attempt_at, id), stopping at
 * the 200th (`readyHeadIds`, issue 14). With the index on (status, next_attempt_at) only,
 * PostgreSQL sorts each group of equal times by id, so after a burst — a company-wide notice's
 * 2,000 rows share one time — it probed every pending row before it could stop: 36–39 ms a pass over
 * 20,000 rows (auto_explain). With `id` in the index the rows come in the pass's order. (SQLite puts
 * the rowid at the end of every index already; the index is rebuilt there too, the same on both.)
 * Dialect-neutral Table API with literal names: a migration is history.
 */
const BEFORE = new TableIndex({ name: 'idx_outbox_status_next_attempt_at', columnNames: ['status', 'next_attempt_at'] });
const AFTER = new TableIndex({ name: 'idx_outbox_status_next_attempt_at', columnNames: ['status', 'next_attempt_at', 'id'] });

/** `idx_outbox_status_next_attempt_at` becomes (status, next_attempt_at, id). */
export class OutboxReadyOrder1769700000000 implements MigrationInterface {
  name = 'OutboxReadyOrder1769700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox', BEFORE.name!);
    await queryRunner.createIndex('outbox', AFTER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox', AFTER.name!);
    await queryRunner.createIndex('outbox', BEFORE);
  }
}
