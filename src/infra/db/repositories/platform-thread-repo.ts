import type { PlatformThread, PlatformThreadRepo } from '../../../app/ports.js';
import { PlatformThreadEntity } from '../entities/platform-thread.entity.js';
import type { RepoContext } from './row-mapping.js';

const toThread = (r: PlatformThreadEntity): PlatformThread => ({
  formId: r.formId,
  platform: r.platform,
  channel: r.channel,
  rootId: r.rootId,
  createdAt: r.createdAt,
});

/** `PlatformThreadRepo` on TypeORM: one `platform_thread` row per (form, platform), never replaced. */
export class TypeormPlatformThreadRepo implements PlatformThreadRepo {
  constructor(private readonly ctx: RepoContext) {}

  async get(formId: number, platform: string): Promise<PlatformThread | undefined> {
    const row = await this.ctx.em.findOneBy(PlatformThreadEntity, { formId, platform });
    return row ? toThread(row) : undefined;
  }

  /**
   * `INSERT … ON CONFLICT DO NOTHING` / `INSERT OR IGNORE`, then reads the stored row: if another
   * writer stored a root first, theirs stays and is returned (the thread must not fork).
   */
  async put(thread: PlatformThread): Promise<PlatformThread> {
    await this.ctx.em
      .createQueryBuilder()
      .insert()
      .into(PlatformThreadEntity)
      .values({ ...thread })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const stored = await this.get(thread.formId, thread.platform);
    if (!stored) throw new Error(`platform_thread ${thread.formId}/${thread.platform} not stored`);
    return stored;
  }
}
