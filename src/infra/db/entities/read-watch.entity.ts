import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `read_watch` (src/domain/read-receipt.ts `ReadWatch`): a sent notice message whose read
 * status a platform adapter polls on each scheduler tick, until `until_at` (the notice's window
 * end) or until everyone in `readers` has read it. `handle` is the platform's query key
 * (DingTalk `processQueryKey`); `readers` maps platform user ids to person ids (JSON) and shrinks
 * as reads are recorded. Claimed by `next_poll_at` (indexed with the platform); found by `handle`
 * (indexed with the platform) when a platform pushes a read of its messages.
 */
@Entity('read_watch')
@Index('idx_read_watch_due', ['platform', 'nextPollAt'])
@Index('idx_read_watch_handle', ['platform', 'handle'])
export class ReadWatchEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @Column({ type: 'integer', name: 'notice_id' })
  noticeId!: number;

  @Column({ type: 'varchar', length: 255, name: 'handle' })
  handle!: string;

  @Column({ type: 'varchar', length: 255, name: 'channel' })
  channel!: string;

  @Column({ type: 'text', name: 'readers' })
  readers!: string;

  @Column({ type: 'bigint', name: 'until_at', transformer: epochMs })
  until!: number;

  @Column({ type: 'bigint', name: 'next_poll_at', transformer: epochMs })
  nextPollAt!: number;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;
}
