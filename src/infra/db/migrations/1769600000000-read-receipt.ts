import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Read receipts (issue 17, shared by DingTalk and Feishu): `read_receipt` keeps each person's
 * first read of a notice; `read_watch` lists the sent notice messages a platform adapter polls
 * for read status. Dialect-neutral Table API with literal lengths: a migration is history.
 */
const readReceipt = (): Table =>
  new Table({
    name: 'read_receipt',
    columns: [
      { name: 'notice_id', type: 'integer', isPrimary: true, isNullable: false },
      { name: 'person', type: 'varchar', length: '128', isPrimary: true, isNullable: false },
      { name: 'platform', type: 'varchar', length: '16', isNullable: false },
      { name: 'read_at', type: 'bigint', isNullable: false },
    ],
  });

const readWatch = (): Table =>
  new Table({
    name: 'read_watch',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'platform', type: 'varchar', length: '16', isNullable: false },
      { name: 'notice_id', type: 'integer', isNullable: false },
      { name: 'handle', type: 'varchar', length: '255', isNullable: false },
      { name: 'channel', type: 'varchar', length: '255', isNullable: false },
      { name: 'readers', type: 'text', isNullable: false },
      { name: 'until_at', type: 'bigint', isNullable: false },
      { name: 'next_poll_at', type: 'bigint', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
    ],
    indices: [new TableIndex({ name: 'idx_read_watch_due', columnNames: ['platform', 'next_poll_at'] })],
  });

/** Adds `read_receipt` and `read_watch`. */
export class ReadReceipt1769600000000 implements MigrationInterface {
  name = 'ReadReceipt1769600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(readReceipt(), false, false, true);
    await queryRunner.createTable(readWatch(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('read_watch', true, false, true);
    await queryRunner.dropTable('read_receipt', true, false, true);
  }
}
