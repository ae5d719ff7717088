import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FormEventKind } from '../../../domain/form/form.js';
import { epochMs, LEN } from '../columns.js';

/** Row of `form_event`: one entry of a form's thread history, read back in id order. */
@Entity('form_event')
@Index('idx_form_event_form_id', ['formId'])
export class FormEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'form_id' })
  formId!: number;

  @Column({ type: 'bigint', name: 'at', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'actor' })
  actor!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'kind' })
  kind!: FormEventKind;

  @Column({ type: 'text', name: 'text' })
  text!: string;
}
