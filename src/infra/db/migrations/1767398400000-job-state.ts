import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The `job_state` table of the periodic jobs (src/infra/scheduler). Dialect-neutral Table API
 * with literal lengths, like the initial schema: a migration is history and must not change
 * when the entity does.
 */
const table = (): Table =>
  new Table({
    name: 'job_state',
    columns: [
      { name: 'job', type: 'varchar', length: '32', isPrimary: true, isNullable: false },
      { name: 'done_period', type: 'varchar', length: '32', isNullable: false },
      { name: 'running_period', type: 'varchar', length: '32', isNullable: true },
      { name: 'lease_until', type: 'bigint', isNullable: true },
      { name: 'owner', type: 'varchar', length: '128', isNullable: true },
      { name: 'updated_at', type: 'bigint', isNullable: false },
    ],
  });

/** Adds `job_state`: the last period each periodic job completed, and the lease of a run in progress. */
export class JobState1767398400000 implements MigrationInterface {
  name = 'JobState1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(table(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_state', true, false, true);
  }
}
