import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/** Row of `dialogue`: the one multi-step chat dialogue a person has in progress. */
@Entity('dialogue')
export class DialogueEntity {
  @PrimaryColumn({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'kind' })
  kind!: string;

  @Column({ type: 'simple-json', name: 'data' })
  data!: Record<string, unknown>;

  @Column({ type: 'bigint', name: 'updated_at', transformer: epochMs })
  updatedAt!: number;
}
