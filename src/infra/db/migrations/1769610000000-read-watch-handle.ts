import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * A pushed read receipt (Feishu `im.message.message_read_v1`, issue 10/17) names the messages that
 * were read: `read_watch` is looked up by (platform, handle) for every such event, so it gets an
 * index. Dialect-neutral Table API with literal names: a migration is history.
 */
const INDEX = new TableIndex({ name: 'idx_read_watch_handle', columnNames: ['platform', 'handle'] });

/** Adds `idx_read_watch_handle` on `read_watch (platform, handle)`. */
export class ReadWatchHandle1769610000000 implements MigrationInterface {
  name = 'ReadWatchHandle1769610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('read_watch', INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('read_watch', INDEX.name!);
  }
}
