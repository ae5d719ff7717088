import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxStatus } from '../../../app/ports.js';
import type { MessageView, Recipient } from '../../../domain/message.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `outbox`: a message committed with the state change that caused it (ARCHITECTURE
 * rule 4). `key` is unique, which makes `enqueue` idempotent. The dispatcher reads pending rows
 * by (status, next_attempt_at, id). The recipient column is `recipient`, not `to`: TO is a reserved
 * word in SQL and would need quoting in every hand-written query.
 *
 * Delivery columns (migration 1767484800000): `conversation_key` orders the messages of one
 * conversation (only the oldest unsent row of a key may be sent); `lease_until` is the claim of
 * the dispatcher that is sending the row; `first_attempt_at` bounds the search for an in-doubt
 * message on the platform; `in_doubt` says the last attempt may have reached the platform.
 */
@Entity('outbox')
@Index('ux_outbox_key', ['key'], { unique: true })
@Index('idx_outbox_status_next_attempt_at', ['status', 'nextAttemptAt', 'id'])
@Index('idx_outbox_conversation_key', ['conversationKey', 'status', 'id'])
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.key, name: 'key' })
  key!: string;

  @Column({ type: 'simple-json', name: 'recipient' })
  to!: Recipient;

  @Column({ type: 'simple-json', name: 'view' })
  view!: MessageView;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: LEN.code, name: 'status' })
  status!: OutboxStatus;

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'bigint', name: 'next_attempt_at', transformer: epochMs })
  nextAttemptAt!: number;

  @Column({ type: 'bigint', name: 'sent_at', nullable: true, transformer: epochMs })
  sentAt!: number | null;

  @Column({ type: 'varchar', length: LEN.key, name: 'platform_message_id', nullable: true })
  platformMessageId!: string | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** `thread:<formId>`, `person:<id>` or `dept:<code>`; NULL only for rows the migration could not read. */
  @Column({ type: 'varchar', length: LEN.key, name: 'conversation_key', nullable: true })
  conversationKey!: string | null;

  @Column({ type: 'bigint', name: 'lease_until', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;

  /** The instance whose dispatcher holds the claim (see `instance`); NULL when unknown. */
  @Column({ type: 'varchar', length: 40, name: 'owner', nullable: true })
  owner!: string | null;

  @Column({ type: 'bigint', name: 'first_attempt_at', nullable: true, transformer: epochMs })
  firstAttemptAt!: number | null;

  /** NULL means false. */
  @Column({ type: 'boolean', name: 'in_doubt', nullable: true })
  inDoubt!: boolean | null;
}
