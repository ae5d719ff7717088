import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/** Row of `deputy` (代理): `deputy` acts for `absent` in [from, until), unless ended earlier. The sweep reads the active ones by `until`. */
@Entity('deputy')
@Index('idx_deputy_until', ['until'])
export class DeputyEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'absent' })
  absent!: string;

  @Column({ type: 'varchar', length: LEN.person, name: 'deputy' })
  deputy!: string;

  @Column({ type: 'bigint', name: 'from_at', transformer: epochMs })
  from!: number;

  @Column({ type: 'bigint', name: 'until_at', transformer: epochMs })
  until!: number;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: LEN.person, name: 'set_by' })
  setBy!: string;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', name: 'ended_at', nullable: true, transformer: epochMs })
  endedAt!: number | null;
}
