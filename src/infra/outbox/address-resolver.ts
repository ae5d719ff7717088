/**
 * Recipient → platform address, from the org directory and the enabled platforms:
 * - a person: a direct message on the first enabled platform where they have an id;
 * - a department: its group chat or channel on the first enabled platform that has one;
 * - a form's thread: the thread in the issuing department's channel on the first enabled platform
 *   that has such a channel (and where the person pushed to has an id, to @-mention them);
 *   without one, a direct message to that person, so nobody misses a form's news;
 * - an anonymous feedback sender (`sealed`): opened by `unseal` into the platform and address it
 *   was sealed from, a direct message there (the address is never logged nor shown to admins).
 * A recipient that resolves to nothing is a permanent failure: the row goes dead at once and the
 * admins are told the reason. Platform ids and channels come from the org file (src/domain/org.ts).
 */
import type { SealedAddress } from '../../app/feedback/sealer.js';
import type { Store } from '../../app/ports.js';
import type { DeptCode, Org, Platform } from '../../domain/org.js';
import type { AddressResolver, PlatformAddress, Resolution } from '../../chat/sending.js';
import { BoundedCache } from '../../domain/bounded-cache.js';

export type { AddressResolver, Resolution } from '../../chat/sending.js';

/** The departments of a form: its thread lives in the issuing department's channel. */
export type FormDepts = (formId: number) => Promise<{ issuingDept: DeptCode } | undefined>;

export interface AddressResolverOptions {
  /** The directory, or a getter for the running one (server mode reloads it, issue 12 §3). */
  org: Org | (() => Org);
  /** Enabled platforms in order of preference; `console` resolves everything to the console. */
  platforms: Platform[];
  formDepts: FormDepts;
  /**
   * Opens a `sealed` recipient (an anonymous feedback sender, src/app/feedback/sealer.ts) into the
   * platform and address it was sealed from. Without it, or when it cannot open one (no or another
   * SHOUDAO_SECRET), the row fails permanently.
   */
  unseal?: (sealed: string) => SealedAddress | undefined;
}

type ChatPlatform = Exclude<Platform, 'console'>;

const fail = (reason: string): Resolution => ({ ok: false, reason });

export function createAddressResolver(opts: AddressResolverOptions): AddressResolver {
  const orgOf = typeof opts.org === 'function' ? opts.org : ((o: Org) => () => o)(opts.org);
  const chat = opts.platforms.filter((p): p is ChatPlatform => p !== 'console');
  const enabled = chat.join(', ') || '无 none';

  const personOn = (person: string, p: ChatPlatform) => orgOf().personById.get(person)?.platformIds[p];

  const direct = (person: string, extra: Partial<PlatformAddress> = {}): Resolution => {
    if (!orgOf().personById.has(person)) return fail(`未知人员 ${person} — unknown person`);
    for (const p of chat) {
      const id = personOn(person, p);
      if (id) return { ok: true, address: { platform: p, kind: 'user', id, ...extra } };
    }
    return fail(`人员 ${person} 在已启用的平台(${enabled})上没有账号 — person has no id on any enabled platform`);
  };

  return {
    async resolve(to) {
      if (to.kind === 'sealed') {
        const a = opts.unseal?.(to.sealed);
        if (!a) return fail('匿名反馈人的地址无法解密(未配置或更换了 SHOUDAO_SECRET)— sealed recipient cannot be opened');
        if (!opts.platforms.includes(a.platform)) return fail(`匿名反馈人所在平台未启用 — the sender's platform is not enabled`);
        // An answer goes back where it was said; a later message is a direct one. Either way the
        // address is marked sealed: the dispatcher then keeps no platform id and logs no address.
        const kind = a.replyTo ? 'reply' : 'user';
        return { ok: true, address: { platform: a.platform, kind, id: a.address, sealed: true, ...(a.replyTo ? { replyTo: a.replyTo } : {}) } };
      }
      if (to.kind === 'announcements') {
        // The 公示's company channel per platform; where a platform has none, 总经办's channel.
        if (opts.platforms.includes('console')) return { ok: true, address: { platform: 'console', kind: 'channel', id: 'announcements' } };
        for (const p of chat) {
          const channel = orgOf().announcements?.[p];
          if (channel) return { ok: true, address: { platform: p, kind: 'channel', id: channel } };
        }
        to = { kind: 'dept', dept: orgOf().departments.find((d) => d.role === 'gm_office')?.code ?? '' };
      }
      if (opts.platforms.includes('console')) {
        if (to.kind === 'reply') return { ok: true, address: { platform: 'console', kind: 'user', id: to.person ?? to.user } };
        const id = to.kind === 'person' ? to.person : to.kind === 'dept' ? to.dept : to.formNumber;
        return { ok: true, address: { platform: 'console', kind: to.kind === 'person' ? 'user' : to.kind === 'dept' ? 'channel' : 'thread', id } };
      }
      if (to.kind === 'person') return direct(to.person);
      if (to.kind === 'reply') {
        if (chat.includes(to.platform)) return { ok: true, address: { platform: to.platform, kind: 'reply', id: to.user, replyTo: to.replyTo } };
        return to.person ? direct(to.person) : fail(`平台 ${to.platform} 未启用 — the platform of this answer is not enabled`);
      }
      if (to.kind === 'dept') {
        const dept = orgOf().deptByCode.get(to.dept);
        if (!dept) return fail(`未知部门 ${to.dept} — unknown department`);
        for (const p of chat) {
          const channel = dept.channels[p];
          if (channel) return { ok: true, address: { platform: p, kind: 'channel', id: channel } };
        }
        return fail(`部门 ${to.dept} 在已启用的平台(${enabled})上没有群/频道 — department has no channel on any enabled platform`);
      }
      const form = await opts.formDepts(to.formId);
      const dept = form ? orgOf().deptByCode.get(form.issuingDept) : undefined;
      const thread = { formId: to.formId, formNumber: to.formNumber };
      for (const p of chat) {
        const channel = dept?.channels[p];
        const mention = to.person ? personOn(to.person, p) : undefined;
        if (channel && (!to.person || mention)) {
          return { ok: true, address: { platform: p, kind: 'thread', id: channel, ...thread, ...(mention ? { mention } : {}) } };
        }
      }
      if (to.person) return direct(to.person, thread);
      return fail(`联络单 ${to.formNumber} 的发文部门在已启用的平台上没有群/频道 — the issuing department has no channel`);
    },
  };
}

/**
 * `FormDepts` reading the store, with a cache: a form's issuing department never changes. Call it
 * outside a transaction (it opens its own).
 */
export function formDeptsFromStore(store: Store, maxCached = 5_000): FormDepts {
  const cache = new BoundedCache<number, { issuingDept: DeptCode }>(maxCached);
  return async (formId) => {
    const hit = cache.get(formId);
    if (hit) return hit;
    const form = await store.transaction((tx) => tx.forms.byId(formId));
    if (!form) return undefined;
    const depts = { issuingDept: form.issuingDept };
    cache.set(formId, depts);
    return depts;
  };
}
