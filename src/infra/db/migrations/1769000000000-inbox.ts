import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The durable inbox (issue 9, src/infra/inbox/) and the shared send-rate buckets
 * (src/infra/outbox/rate-buckets.ts). Dialect-neutral Table API with literal lengths: a
 * migration is history and must not change with the entities.
 */
const inbox = (): Table =>
  new Table({
    name: 'inbox',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'platform', type: 'varchar', length: '16', isNullable: false },
      { name: 'dedupe_hash', type: 'varchar', length: '64', isNullable: false },
      { name: 'order_hash', type: 'varchar', length: '64', isNullable: true },
      { name: 'payload', type: 'text', isNullable: true },
      { name: 'urgent', type: 'boolean', isNullable: false },
      { name: 'status', type: 'varchar', length: '16', isNullable: false },
      { name: 'attempts', type: 'integer', isNullable: false },
      { name: 'received_at', type: 'bigint', isNullable: false },
      { name: 'available_at', type: 'bigint', isNullable: false },
      { name: 'owner', type: 'varchar', length: '40', isNullable: true },
      { name: 'lease_until', type: 'bigint', isNullable: true },
      { name: 'done_at', type: 'bigint', isNullable: true },
      { name: 'last_error', type: 'varchar', length: '200', isNullable: true },
      { name: 'result', type: 'varchar', length: '64', isNullable: true },
    ],
    indices: [
      new TableIndex({ name: 'ux_inbox_dedupe', columnNames: ['dedupe_hash'], isUnique: true }),
      new TableIndex({ name: 'idx_inbox_status_id', columnNames: ['status', 'id'] }),
      new TableIndex({ name: 'idx_inbox_order', columnNames: ['order_hash', 'status', 'id'] }),
      new TableIndex({ name: 'idx_inbox_urgent', columnNames: ['urgent', 'status'] }),
    ],
  });

const rateBucket = (): Table =>
  new Table({
    name: 'rate_bucket',
    columns: [
      { name: 'key', type: 'varchar', length: '255', isPrimary: true, isNullable: false },
      { name: 'tat', type: 'bigint', isNullable: false },
    ],
  });

/** Adds `inbox` and `rate_bucket`. */
export class Inbox1769000000000 implements MigrationInterface {
  name = 'Inbox1769000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(inbox(), false, false, true);
    await queryRunner.createTable(rateBucket(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_bucket', true, false, true);
    await queryRunner.dropTable('inbox', true, false, true);
  }
}
