import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `read_receipt` (src/domain/read-receipt.ts): a person's first read of a notice message,
 * as a platform reported it (DingTalk readStatus, Feishu read users). One row per (notice, person);
 * a later report of the same read changes nothing. Evidence only: it discharges no duty unless the
 * policy's `read_receipt_acknowledges` says so.
 */
@Entity('read_receipt')
export class ReadReceiptEntity {
  @PrimaryColumn({ type: 'integer', name: 'notice_id' })
  noticeId!: number;

  @PrimaryColumn({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  @Column({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @Column({ type: 'bigint', name: 'read_at', transformer: epochMs })
  readAt!: number;
}
