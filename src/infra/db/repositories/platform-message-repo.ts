import type { PlatformMessage, PlatformMessageRepo, PlatformMessageSubject } from '../../../app/ports.js';
import { PlatformMessageEntity } from '../entities/platform-message.entity.js';
import type { RepoContext } from './row-mapping.js';

const toMessage = (r: PlatformMessageEntity): PlatformMessage => ({
  platform: r.platform,
  channel: r.channel,
  messageId: r.messageId,
  subjectKind: r.subjectKind as PlatformMessageSubject,
  subjectId: r.subjectId,
  subjectRef: r.subjectRef,
  createdAt: r.createdAt,
});

/** `PlatformMessageRepo` on TypeORM: one `platform_message` row per (platform, channel, message id). */
export class TypeormPlatformMessageRepo implements PlatformMessageRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** `INSERT … ON CONFLICT DO NOTHING` / `INSERT OR IGNORE`: the first record of a message stays. */
  async put(message: PlatformMessage): Promise<void> {
    await this.ctx.em.createQueryBuilder().insert().into(PlatformMessageEntity).values({ ...message }).orIgnore().updateEntity(false).execute();
  }

  async find(platform: string, channel: string, messageId: string): Promise<PlatformMessage | undefined> {
    const row = await this.ctx.em.findOneBy(PlatformMessageEntity, { platform, channel, messageId });
    return row ? toMessage(row) : undefined;
  }

  async forSubject(platform: string, subjectKind: PlatformMessageSubject, subjectId: number): Promise<PlatformMessage[]> {
    const rows = await this.ctx.em.find(PlatformMessageEntity, { where: { platform, subjectKind, subjectId }, order: { createdAt: 'ASC' } });
    return rows.map(toMessage);
  }
}
