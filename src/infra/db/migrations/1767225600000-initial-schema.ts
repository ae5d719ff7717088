import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/*
 * Column builders for this migration only. They use the dialect-neutral Table API with types
 * both drivers know (integer, bigint, varchar(n), text, boolean, double precision), so this one
 * migration creates the same schema on SQLite and PostgreSQL. Lengths are literals on purpose:
 * a migration is history and must not change when the entities do.
 */
const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const col = (name: string, type: string, nullable = false, length?: number): TableColumnOptions => ({
  name,
  type,
  isNullable: nullable,
  ...(length === undefined ? {} : { length: String(length) }),
});
const varchar = (name: string, length: number, nullable = false) => col(name, 'varchar', nullable, length);
const bigint = (name: string, nullable = false) => col(name, 'bigint', nullable);
const int = (name: string, nullable = false) => col(name, 'integer', nullable);
const text = (name: string, nullable = false) => col(name, 'text', nullable);
const bool = (name: string) => col(name, 'boolean');
const index = (name: string, columnNames: string[], isUnique = false) =>
  new TableIndex({ name, columnNames, isUnique });

/** Fresh Table objects per run: TypeORM may annotate them while creating (tests migrate twice). */
const tables = (): Table[] => [
  new Table({
    name: 'liaison_form',
    columns: [
      id(), varchar('number', 32, true), varchar('state', 32), varchar('issuing_dept', 16),
      varchar('receiving_dept', 16), varchar('issuer', 128), text('subject'), varchar('nature', 32),
      bool('urgent'), text('details'), bigint('deadline'), bigint('reply_by', true), text('implementers'),
      text('change_request', true), int('follow_ups'), int('revision'), bool('escalated'),
      text('result', true), text('evaluation', true), bigint('created_at'), bigint('issued_at', true),
      bigint('closed_at', true),
    ],
    indices: [index('ux_liaison_form_number', ['number'], true), index('idx_liaison_form_state', ['state'])],
  }),
  new Table({
    name: 'form_sequence',
    columns: [
      { ...varchar('dept', 16), isPrimary: true },
      { ...varchar('yyyymm', 7), isPrimary: true },
      int('last'),
    ],
  }),
  new Table({
    name: 'form_event',
    columns: [id(), int('form_id'), bigint('at'), varchar('actor', 128), varchar('kind', 32), text('text')],
    indices: [index('idx_form_event_form_id', ['form_id'])],
  }),
  new Table({
    name: 'duty',
    columns: [
      id(), varchar('person', 128), varchar('rule', 32), varchar('subject_kind', 32), int('subject_id'),
      varchar('subject_ref', 32), text('title'), varchar('from_person', 128), bigint('created_at'),
      bigint('due_at'), varchar('status', 32), bigint('done_at', true), int('step'),
      bigint('next_action_at', true), int('violation_id', true),
    ],
    indices: [
      index('idx_duty_next_action_at', ['next_action_at', 'id']),
      index('idx_duty_person_status', ['person', 'status']),
      index('idx_duty_subject', ['subject_kind', 'subject_id']),
    ],
  }),
  new Table({
    name: 'violation',
    columns: [
      id(), int('duty_id'), varchar('person', 128), varchar('rule', 32), varchar('subject_ref', 32),
      text('title'), bigint('due_at'), varchar('month', 7), int('tier'), col('fine', 'double precision'),
      bigint('resolved_at', true), bigint('late_ms', true), bool('waived'), varchar('waived_by', 128, true),
      text('waive_reason', true), bigint('recorded_at'),
    ],
    indices: [
      index('ux_violation_duty_id', ['duty_id'], true),
      index('idx_violation_person_rule_month', ['person', 'rule', 'month']),
      index('idx_violation_month', ['month']),
    ],
  }),
  new Table({
    name: 'notice',
    columns: [
      id(), varchar('ref', 32, true), varchar('kind', 32), varchar('from_person', 128), text('text'),
      text('recipients'), varchar('dept', 16, true), bigint('created_at'),
    ],
    indices: [index('ux_notice_ref', ['ref'], true)],
  }),
  new Table({
    name: 'audit_log',
    columns: [
      id(), bigint('at'), varchar('actor', 128), varchar('action', 255), varchar('entity', 32),
      varchar('entity_id', 255), text('before_json', true), text('after_json', true),
    ],
    indices: [index('idx_audit_log_entity', ['entity', 'entity_id'])],
  }),
  new Table({
    name: 'outbox',
    columns: [
      id(), varchar('key', 255), text('recipient'), text('view'), bigint('created_at'), varchar('status', 32),
      int('attempts'), bigint('next_attempt_at'), bigint('sent_at', true),
      varchar('platform_message_id', 255, true), text('last_error', true),
    ],
    indices: [
      index('ux_outbox_key', ['key'], true),
      index('idx_outbox_status_next_attempt_at', ['status', 'next_attempt_at']),
    ],
  }),
  new Table({
    name: 'dialogue',
    columns: [{ ...varchar('person', 128), isPrimary: true }, varchar('kind', 32), text('data'), bigint('updated_at')],
  }),
];

/** The first schema: every table of ARCHITECTURE's store, on SQLite and PostgreSQL alike. */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true, false, true);
  }
}
