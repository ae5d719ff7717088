import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditEntry } from '../../../domain/audit.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `audit_log`: append-only (the repository has no update or delete). `before_json` and
 * `after_json` hold `JSON.stringify` of the states, written by the mapper rather than
 * `simple-json` so that a JSON `null` state and an absent state (SQL NULL) stay distinct.
 */
@Entity('audit_log')
@Index('idx_audit_log_entity', ['entity', 'entityId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'bigint', name: 'at', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'actor' })
  actor!: string;

  @Column({ type: 'varchar', length: LEN.key, name: 'action' })
  action!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'entity' })
  entity!: AuditEntry['entity'];

  @Column({ type: 'varchar', length: LEN.key, name: 'entity_id' })
  entityId!: string;

  @Column({ type: 'text', name: 'before_json', nullable: true })
  beforeJson!: string | null;

  @Column({ type: 'text', name: 'after_json', nullable: true })
  afterJson!: string | null;
}
