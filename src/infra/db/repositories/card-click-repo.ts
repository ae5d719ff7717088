import type { CardClick, CardClickRepo } from '../../../app/ports.js';
import type { PersonId } from '../../../domain/org.js';
import { CardClickEntity } from '../entities/card-click.entity.js';
import type { RepoContext } from './row-mapping.js';

/** `CardClickRepo` on TypeORM: one `card_click` row per (person, platform), replaced on each click. */
export class TypeormCardClickRepo implements CardClickRepo {
  constructor(private readonly ctx: RepoContext) {}

  async get(person: PersonId, platform: string): Promise<CardClick | undefined> {
    const row = await this.ctx.em.findOneBy(CardClickEntity, { person, platform });
    return row ? { person: row.person, platform: row.platform, ref: row.ref, clickedAt: row.clickedAt } : undefined;
  }

  /** Creates or replaces the person's last click (`INSERT … ON CONFLICT (person, platform) DO UPDATE`). */
  async put(click: CardClick): Promise<void> {
    await this.ctx.em.upsert(CardClickEntity, { ...click }, { conflictPaths: ['person', 'platform'], skipUpdateIfNoValuesChanged: false });
  }
}
