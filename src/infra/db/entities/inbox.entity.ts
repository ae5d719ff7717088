import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `inbox` (ARCHITECTURE rule 11): one inbound platform event, committed before the
 * platform was acknowledged, processed exactly once by a worker of any instance.
 *
 * - `dedupe_hash`: keyed hash (HMAC) of platform + the platform's event id; unique, so a retry,
 *   a restart or another replica never stores an event twice. Kept for the retention window.
 * - `order_hash`: keyed hash of platform + sender id; rows of one hash are processed one at a
 *   time in id order. Cleared (NULL) once the row is done, so done rows link nobody.
 * - `payload`: the event as the adapter's decode reads it, sealed (AES-256-GCM); NULL once done.
 * - `status`: `pending` → `working` (claimed by `owner` until `lease_until`) → `done`, or back to
 *   `pending` after a failure (retried at `available_at`), or `parked` after too many attempts.
 * - `result`: a short, non-confidential outcome some callers read back (the customer endpoint's
 *   FK number), else NULL.
 */
@Entity('inbox')
@Index('ux_inbox_dedupe', ['dedupeHash'], { unique: true })
@Index('idx_inbox_status_id', ['status', 'id'])
@Index('idx_inbox_order', ['orderHash', 'status', 'id'])
@Index('idx_inbox_urgent', ['urgent', 'status'])
export class InboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @Column({ type: 'varchar', length: 64, name: 'dedupe_hash' })
  dedupeHash!: string;

  @Column({ type: 'varchar', length: 64, name: 'order_hash', nullable: true })
  orderHash!: string | null;

  @Column({ type: 'text', name: 'payload', nullable: true })
  payload!: string | null;

  @Column({ type: 'boolean', name: 'urgent' })
  urgent!: boolean;

  @Column({ type: 'varchar', length: 16, name: 'status' })
  status!: string;

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'bigint', name: 'received_at', transformer: epochMs })
  receivedAt!: number;

  @Column({ type: 'bigint', name: 'available_at', transformer: epochMs })
  availableAt!: number;

  @Column({ type: 'varchar', length: 40, name: 'owner', nullable: true })
  owner!: string | null;

  @Column({ type: 'bigint', name: 'lease_until', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;

  @Column({ type: 'bigint', name: 'done_at', nullable: true, transformer: epochMs })
  doneAt!: number | null;

  @Column({ type: 'varchar', length: 200, name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'result', nullable: true })
  result!: string | null;
}
