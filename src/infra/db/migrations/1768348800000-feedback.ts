import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/*
 * The feedback tables (SPEC §2): `feedback_item`, its history `feedback_event`, and the daily
 * number counter `feedback_sequence`. Dialect-neutral Table API with literal lengths, like the
 * initial schema: a migration is history and must not change when the entities do.
 */
const col = (name: string, type: string, nullable = false, length?: number): TableColumnOptions => ({
  name,
  type,
  isNullable: nullable,
  ...(length === undefined ? {} : { length: String(length) }),
});
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const varchar = (name: string, length: number, nullable = false) => col(name, 'varchar', nullable, length);
const bigint = (name: string, nullable = false) => col(name, 'bigint', nullable);
const text = (name: string, nullable = false) => col(name, 'text', nullable);
const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

const tables = (): Table[] => [
  new Table({
    name: 'feedback_item',
    columns: [
      id(), varchar('number', 32), varchar('category', 32), varchar('state', 32), varchar('priority', 32),
      text('description'), varchar('dept', 16), text('details'), col('anonymous', 'boolean'),
      varchar('submitter', 128, true), text('sealed_sender', true), varchar('source_platform', 16),
      varchar('source_channel', 64), varchar('owner', 128, true), text('links'), bigint('registered_at'),
      bigint('response_due_at'), bigint('first_response_at', true), bigint('triaged_at', true),
      bigint('resolution_due_at', true), bigint('resolved_at', true), col('satisfaction', 'integer', true),
      bigint('closed_at', true), bigint('auto_close_at', true), col('reopen_count', 'integer'),
    ],
    indices: [
      index('ux_feedback_item_number', ['number'], true),
      index('idx_feedback_item_state', ['state']),
      index('idx_feedback_item_registered_at', ['registered_at']),
      index('idx_feedback_item_auto_close_at', ['auto_close_at']),
    ],
  }),
  new Table({
    name: 'feedback_event',
    columns: [id(), col('feedback_id', 'integer'), bigint('at'), varchar('actor', 128), varchar('kind', 32), text('text')],
    indices: [index('idx_feedback_event_feedback_id', ['feedback_id'])],
  }),
  new Table({
    name: 'feedback_sequence',
    columns: [{ ...varchar('day', 8), isPrimary: true }, col('last', 'integer')],
  }),
];

/** Adds the feedback tables. */
export class Feedback1768348800000 implements MigrationInterface {
  name = 'Feedback1768348800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true, false, true);
  }
}
