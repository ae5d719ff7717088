import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * 代理 (issue 13): who acts for an absent person until when. Dialect-neutral Table API with
 * literal lengths: a migration is history.
 */
const deputy = (): Table =>
  new Table({
    name: 'deputy',
    columns: [
      { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'absent', type: 'varchar', length: '128', isNullable: false },
      { name: 'deputy', type: 'varchar', length: '128', isNullable: false },
      { name: 'from_at', type: 'bigint', isNullable: false },
      { name: 'until_at', type: 'bigint', isNullable: false },
      { name: 'reason', type: 'text', isNullable: true },
      { name: 'set_by', type: 'varchar', length: '128', isNullable: false },
      { name: 'created_at', type: 'bigint', isNullable: false },
      { name: 'ended_at', type: 'bigint', isNullable: true },
    ],
    indices: [new TableIndex({ name: 'idx_deputy_until', columnNames: ['until_at'] })],
  });

/** Adds `deputy`. */
export class Deputy1769100000000 implements MigrationInterface {
  name = 'Deputy1769100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(deputy(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deputy', true, false, true);
  }
}
