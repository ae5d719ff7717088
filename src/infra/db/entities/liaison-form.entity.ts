import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeRequest, FormDetails, FormNature, FormState } from '../../../domain/form/form.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `liaison_form` (one 工作联络单). `number` is NULL until the form is issued and unique
 * once set (NULLs do not collide on either dialect). Details, implementers and the pending
 * change request are JSON text: they are read whole with the form, never queried by field
 * (the implementer filter pre-selects with LIKE and checks exactly in code).
 */
@Entity('liaison_form')
@Index('ux_liaison_form_number', ['number'], { unique: true })
@Index('idx_liaison_form_state', ['state'])
@Index('idx_liaison_form_issued_at', ['issuedAt'])
@Index('idx_liaison_form_receiving_state', ['receivingDept', 'state'])
export class LiaisonFormEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'number', nullable: true })
  number!: string | null;

  @Column({ type: 'varchar', length: LEN.code, name: 'state' })
  state!: FormState;

  @Column({ type: 'varchar', length: LEN.dept, name: 'issuing_dept' })
  issuingDept!: string;

  @Column({ type: 'varchar', length: LEN.dept, name: 'receiving_dept' })
  receivingDept!: string;

  @Column({ type: 'varchar', length: LEN.person, name: 'issuer' })
  issuer!: string;

  @Column({ type: 'text', name: 'subject' })
  subject!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'nature' })
  nature!: FormNature;

  @Column({ type: 'boolean', name: 'urgent' })
  urgent!: boolean;

  @Column({ type: 'simple-json', name: 'details' })
  details!: FormDetails;

  @Column({ type: 'bigint', name: 'deadline', transformer: epochMs })
  deadline!: number;

  @Column({ type: 'bigint', name: 'reply_by', nullable: true, transformer: epochMs })
  replyBy!: number | null;

  @Column({ type: 'simple-json', name: 'implementers' })
  implementers!: string[];

  @Column({ type: 'simple-json', name: 'change_request', nullable: true })
  changeRequest!: ChangeRequest | null;

  @Column({ type: 'integer', name: 'follow_ups' })
  followUps!: number;

  @Column({ type: 'integer', name: 'revision' })
  revision!: number;

  @Column({ type: 'boolean', name: 'escalated' })
  escalated!: boolean;

  @Column({ type: 'text', name: 'result', nullable: true })
  result!: string | null;

  @Column({ type: 'text', name: 'evaluation', nullable: true })
  evaluation!: string | null;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', name: 'issued_at', nullable: true, transformer: epochMs })
  issuedAt!: number | null;

  @Column({ type: 'bigint', name: 'closed_at', nullable: true, transformer: epochMs })
  closedAt!: number | null;
}
