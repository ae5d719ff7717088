import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The `platform_message` table (src/adapters/slack/): which platform message stands for which form
 * or notice — a form's thread root, a notice as posted, the bot's live ack line of a notice — so a
 * reply in its thread or a reaction on it can be tied back. Dialect-neutral Table API with literal
 * lengths, like the other migrations: a migration is history and must not change with the entity.
 */
const table = (): Table =>
  new Table({
    name: 'platform_message',
    columns: [
      { name: 'platform', type: 'varchar', length: '16', isPrimary: true, isNullable: false },
      { name: 'channel', type: 'varchar', length: '255', isPrimary: true, isNullable: false },
      { name: 'message_id', type: 'varchar', length: '64', isPrimary: true, isNullable: false },
      { name: 'subject_kind', type: 'varchar', length: '32', isNullable: false },
      { name: 'subject_id', type: 'integer', isNullable: false },
      { name: 'subject_ref', type: 'varchar', length: '32', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
    ],
    indices: [new TableIndex({ name: 'idx_platform_message_subject', columnNames: ['subject_kind', 'subject_id'] })],
  });

/** Adds `platform_message`: platform messages that stand for a form or a notice. */
export class PlatformMessage1768435200000 implements MigrationInterface {
  name = 'PlatformMessage1768435200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(table(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('platform_message', true, false, true);
  }
}
