import { createHash } from 'node:crypto';
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Outbox delivery by several dispatchers (src/infra/outbox/dispatcher.ts): a conversation key that
 * keeps each conversation in order, a claim lease, the first attempt time (which bounds the search
 * for an in-doubt message on the platform), an in-doubt flag, and the `platform_thread` table of
 * form thread roots. Dialect-neutral Table API with literal lengths: a migration is history.
 */
const columns = (): TableColumn[] => [
  new TableColumn({ name: 'conversation_key', type: 'varchar', length: '255', isNullable: true }),
  new TableColumn({ name: 'lease_until', type: 'bigint', isNullable: true }),
  new TableColumn({ name: 'first_attempt_at', type: 'bigint', isNullable: true }),
  new TableColumn({ name: 'in_doubt', type: 'boolean', isNullable: true }),
];

const conversationIndex = (): TableIndex =>
  new TableIndex({ name: 'idx_outbox_conversation_key', columnNames: ['conversation_key', 'status', 'id'] });

const threadTable = (): Table =>
  new Table({
    name: 'platform_thread',
    columns: [
      { name: 'form_id', type: 'integer', isPrimary: true, isNullable: false },
      { name: 'platform', type: 'varchar', length: '16', isPrimary: true, isNullable: false },
      { name: 'channel', type: 'varchar', length: '255', isNullable: false },
      { name: 'root_id', type: 'varchar', length: '64', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
    ],
  });

/**
 * The conversation key of a stored recipient — a frozen copy of `conversationKey`
 * (src/infra/outbox/conversation-key.ts) as it was when this migration was written.
 */
function keyOf(recipientJson: string): string | null {
  try {
    const to = JSON.parse(recipientJson) as { kind?: string; formId?: number; person?: string; dept?: string; sealed?: string };
    if (to.kind === 'thread') return `thread:${to.formId}`;
    if (to.kind === 'person') return `person:${to.person}`;
    if (to.kind === 'dept') return `dept:${to.dept}`;
    if (to.kind === 'sealed') return `sealed:${createHash('sha256').update(String(to.sealed)).digest('hex').slice(0, 32)}`;
  } catch {
    // Unreadable: left NULL, which orders the row on its own.
  }
  return null;
}

/** Adds the outbox delivery columns and `platform_thread`; fills the key of rows still to send. */
export class OutboxDelivery1767484800000 implements MigrationInterface {
  name = 'OutboxDelivery1767484800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('outbox', columns());
    await queryRunner.createIndex('outbox', conversationIndex());
    await queryRunner.createTable(threadTable(), false, false, true);
    const pg = queryRunner.connection.driver.options.type === 'postgres';
    const rows = (await queryRunner.query(`SELECT id, recipient FROM outbox WHERE status = 'pending'`)) as Array<{
      id: number;
      recipient: string;
    }>;
    for (const row of rows) {
      const sql = pg ? 'UPDATE outbox SET conversation_key = $1 WHERE id = $2' : 'UPDATE outbox SET conversation_key = ? WHERE id = ?';
      await queryRunner.query(sql, [keyOf(row.recipient), row.id]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('platform_thread', true, false, true);
    await queryRunner.dropIndex('outbox', 'idx_outbox_conversation_key');
    for (const column of columns().reverse()) await queryRunner.dropColumn('outbox', column.name);
  }
}
