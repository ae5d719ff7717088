import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The dashboard (看板, issue 11): one-time login links and browser sessions, both stored by the
 * SHA-256 of their secret (a database dump opens no session), and the indexes its pages read by —
 * open duties by due time, forms by issue month and by receiving department and state. Dialect-
 * neutral Table API with literal lengths: a migration is history.
 */
const webLogin = (): Table =>
  new Table({
    name: 'web_login',
    columns: [
      { name: 'id', type: 'varchar', length: '64', isPrimary: true, isNullable: false },
      { name: 'person', type: 'varchar', length: '128', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
      { name: 'expires_at', type: 'bigint', isNullable: false },
      { name: 'used_at', type: 'bigint', isNullable: true },
    ],
  });

const webSession = (): Table =>
  new Table({
    name: 'web_session',
    columns: [
      { name: 'id', type: 'varchar', length: '64', isPrimary: true, isNullable: false },
      { name: 'person', type: 'varchar', length: '128', isNullable: false },
      { name: 'csrf', type: 'varchar', length: '64', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
      { name: 'seen_at', type: 'bigint', isNullable: false },
      { name: 'revoked_at', type: 'bigint', isNullable: true },
    ],
    indices: [{ name: 'idx_web_session_person', columnNames: ['person'] }],
  });

const INDEXES: Array<[table: string, TableIndex]> = [
  ['duty', new TableIndex({ name: 'idx_duty_status_due_at', columnNames: ['status', 'due_at'] })],
  ['liaison_form', new TableIndex({ name: 'idx_liaison_form_issued_at', columnNames: ['issued_at'] })],
  ['liaison_form', new TableIndex({ name: 'idx_liaison_form_receiving_state', columnNames: ['receiving_dept', 'state'] })],
];

/** Adds `web_login`, `web_session` and the dashboard's indexes. */
export class Dashboard1769400000000 implements MigrationInterface {
  name = 'Dashboard1769400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(webLogin(), false, false, true);
    await queryRunner.createTable(webSession(), false, false, true);
    for (const [table, index] of INDEXES) await queryRunner.createIndex(table, index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of INDEXES) await queryRunner.dropIndex(table, index.name!);
    await queryRunner.dropTable('web_session', true, false, true);
    await queryRunner.dropTable('web_login', true, false, true);
  }
}
