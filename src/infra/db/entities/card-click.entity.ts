import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `card_click`: the card button a person last clicked on a platform without threads
 * (WeCom app messages). The adapter binds that person's next bare reply, within a short window,
 * to the clicked form (`src/adapters/wecom/thread-binding.ts`). One row per (person, platform),
 * replaced on every click.
 */
@Entity('card_click')
export class CardClickEntity {
  @PrimaryColumn({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @Column({ type: 'varchar', length: LEN.ref, name: 'ref' })
  ref!: string;

  @Column({ type: 'bigint', name: 'clicked_at', transformer: epochMs })
  clickedAt!: number;
}
