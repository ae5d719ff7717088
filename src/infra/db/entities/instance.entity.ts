import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `instance`: one running server process and the time it last said it was alive (every
 * 2 s; src/server/heartbeat.ts). A claim (an inbox row `working`, an outbox row `sending`) held by
 * an instance whose heartbeat is older than `DEAD_AFTER_MS` is taken over at once, without
 * waiting for its lease: that process was killed. A process that stops cleanly deletes its row.
 */
@Entity('instance')
export class InstanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 40, name: 'id' })
  id!: string;

  @Column({ type: 'bigint', name: 'seen_at', transformer: epochMs })
  seenAt!: number;
}
