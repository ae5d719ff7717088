import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `platform_thread`: where a form's thread lives on one platform — the channel and the id
 * of the root message (Slack: its `ts`). Written by the Slack sender when the first message for a
 * form creates the root; later messages reply in that thread. One row per (form, platform).
 */
@Entity('platform_thread')
export class PlatformThreadEntity {
  @PrimaryColumn({ type: 'integer', name: 'form_id' })
  formId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @Column({ type: 'varchar', length: 255, name: 'channel' })
  channel!: string;

  @Column({ type: 'varchar', length: 64, name: 'root_id' })
  rootId!: string;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;
}
