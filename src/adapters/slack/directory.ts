/**
 * Slack ids ↔ the org directory (SPEC §1): a person's `slack` id in the org file, and a
 * department's Slack channel (`channels.slack`). Built once from the loaded org; pure lookups.
 */
import type { DeptCode, Org, PersonId } from '../../domain/org.js';

/** Lookups between Slack user and channel ids and org people and departments. */
export interface SlackDirectory {
  /** The org person with this Slack user id, or undefined for someone not in the org file. */
  personOf(userId: string): PersonId | undefined;
  /** The person's Slack user id, if the org file gives one. */
  userOf(person: PersonId): string | undefined;
  /** The department whose `channels.slack` is this channel. */
  deptOfChannel(channel: string): DeptCode | undefined;
}

/** Indexes the org's Slack ids and channels. */
export function slackDirectory(org: Org): SlackDirectory {
  const people = new Map<string, PersonId>();
  for (const p of org.people) if (p.platformIds.slack) people.set(p.platformIds.slack, p.id);
  const channels = new Map<string, DeptCode>();
  for (const d of org.departments) if (d.channels.slack) channels.set(d.channels.slack, d.code);
  return {
    personOf: (userId) => people.get(userId),
    userOf: (person) => org.personById.get(person)?.platformIds.slack || undefined,
    deptOfChannel: (channel) => channels.get(channel),
  };
}
