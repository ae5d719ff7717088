/**
 * The directory as every platform adapter needs it, written once (ARCHITECTURE rule 12): the org
 * person behind a platform user id, a person's id on a platform, and the department whose group
 * chat a channel is (`channels.<platform>` in the org file).
 *
 * Each platform compares its user ids by its own rule (`PLATFORM_ID_RULES` in
 * `domain/platform-ids.ts`, the same rule the org file's validation uses): WeCom and Slack ids
 * are matched without regard to case; DingTalk and Feishu ids are opaque and compared exactly.
 * Indexes are built once per loaded org (a reloaded org gets fresh ones).
 */
import type { DeptCode, Org, PersonId } from '../domain/org.js';
import { PLATFORM_ID_RULES } from '../domain/platform-ids.js';

const keyOf = (platform: string, id: string): string =>
  (PLATFORM_ID_RULES as Record<string, { key(id: string): string } | undefined>)[platform]?.key(id) ?? id;

interface Index {
  people: Map<string, PersonId>;
  channels: Map<string, DeptCode>;
}
const indexes = new WeakMap<Org, Map<string, Index>>();

function indexFor(org: Org, platform: string): Index {
  let byPlatform = indexes.get(org);
  if (!byPlatform) indexes.set(org, (byPlatform = new Map<string, Index>()));
  let index = byPlatform.get(platform);
  if (!index) {
    index = { people: new Map(), channels: new Map() };
    for (const p of org.people) {
      const id = (p.platformIds as Record<string, string | undefined>)[platform];
      if (id) index.people.set(keyOf(platform, id), p.id);
    }
    for (const d of org.departments) {
      const channel = (d.channels as Record<string, string | undefined>)[platform];
      if (channel) index.channels.set(channel, d.code);
    }
    byPlatform.set(platform, index);
  }
  return index;
}

/** The org person with this platform user id, or undefined for someone not in the org file. */
export function personOn(org: Org, platform: string, userId: string): PersonId | undefined {
  return indexFor(org, platform).people.get(keyOf(platform, userId));
}

/** The person's id on the platform, if the org file gives one. */
export function platformIdOf(org: Org, person: PersonId, platform: string): string | undefined {
  return (org.personById.get(person)?.platformIds as Record<string, string | undefined> | undefined)?.[platform] || undefined;
}

/** The department whose group chat on the platform is `channel`. */
export function deptOfChannel(org: Org, platform: string, channel: string): DeptCode | undefined {
  return indexFor(org, platform).channels.get(channel);
}
