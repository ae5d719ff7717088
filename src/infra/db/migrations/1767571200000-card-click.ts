import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The `card_click` table (src/adapters/wecom/thread-binding.ts): per person and platform, the
 * form or notice of the card button last clicked. Dialect-neutral Table API with literal lengths,
 * like the initial schema: a migration is history and must not change when the entity does.
 */
const table = (): Table =>
  new Table({
    name: 'card_click',
    columns: [
      { name: 'person', type: 'varchar', length: '128', isPrimary: true, isNullable: false },
      { name: 'platform', type: 'varchar', length: '16', isPrimary: true, isNullable: false },
      { name: 'ref', type: 'varchar', length: '32', isNullable: false },
      { name: 'clicked_at', type: 'bigint', isNullable: false },
    ],
  });

/** Adds `card_click`: the last clicked card's form/notice per person (WeCom has no threads). */
export class CardClick1767571200000 implements MigrationInterface {
  name = 'CardClick1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(table(), false, false, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('card_click', true, false, true);
  }
}
