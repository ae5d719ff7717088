import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * Tasks (任务, issue 16): `task` with its assignees as JSON, and the gapless monthly
 * `task_sequence`. Dialect-neutral Table API with literal lengths: a migration is history.
 */
const task = (): Table =>
  new Table({
    name: 'task',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'number', type: 'varchar', length: '32', isNullable: true },
      { name: 'from_person', type: 'varchar', length: '128', isNullable: false },
      { name: 'text', type: 'text', isNullable: false },
      { name: 'due_at', type: 'bigint', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
      { name: 'dept', type: 'varchar', length: '16', isNullable: true },
      { name: 'state', type: 'varchar', length: '32', isNullable: false },
      { name: 'assignees', type: 'text', isNullable: false },
    ],
  });

const taskSequence = (): Table =>
  new Table({
    name: 'task_sequence',
    columns: [
      { name: 'month', type: 'varchar', length: '6', isPrimary: true, isNullable: false },
      { name: 'last', type: 'integer', isNullable: false },
    ],
  });

/** Adds `task` and `task_sequence`. */
export class Task1769300000000 implements MigrationInterface {
  name = 'Task1769300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(task(), false, false, true);
    await queryRunner.createIndex('task', new TableIndex({ name: 'ux_task_number', columnNames: ['number'], isUnique: true }));
    await queryRunner.createIndex('task', new TableIndex({ name: 'idx_task_issuer_state', columnNames: ['from_person', 'state'] }));
    await queryRunner.createTable(taskSequence(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_sequence', true, false, true);
    await queryRunner.dropTable('task', true, false, true);
  }
}
