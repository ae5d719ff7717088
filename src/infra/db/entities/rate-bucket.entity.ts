import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';

/**
 * Row of `rate_bucket`: one send-rate bucket shared by every instance of the deployment (issue 9
 * §5), kept with GCRA — `tat` is the bucket's theoretical arrival time (epoch ms). A send takes a
 * token with one conditional UPDATE, so the limit holds across replicas. Keys are
 * `<platform>:to:<conversation>` and `<platform>:app[:n]`; rows whose `tat` has passed carry no
 * state and are deleted.
 */
@Entity('rate_bucket')
export class RateBucketEntity {
  @PrimaryColumn({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  @Column({ type: 'bigint', name: 'tat', transformer: epochMs })
  tat!: number;
}
