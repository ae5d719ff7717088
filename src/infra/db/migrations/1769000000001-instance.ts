import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Instance heartbeats (src/server/heartbeat.ts) and the owner of an outbox claim, so that the
 * claims of a killed process are taken over as soon as it is seen dead instead of when their
 * lease runs out. Dialect-neutral Table API with literal lengths: a migration is history.
 */
const instance = (): Table =>
  new Table({
    name: 'instance',
    columns: [
      { name: 'id', type: 'varchar', length: '40', isPrimary: true, isNullable: false },
      { name: 'seen_at', type: 'bigint', isNullable: false },
    ],
  });

/** Adds `instance` and `outbox.owner`. */
export class Instance1769000000001 implements MigrationInterface {
  name = 'Instance1769000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(instance(), false, false, true);
    await queryRunner.addColumn('outbox', new TableColumn({ name: 'owner', type: 'varchar', length: '40', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbox', 'owner');
    await queryRunner.dropTable('instance', true, false, true);
  }
}
