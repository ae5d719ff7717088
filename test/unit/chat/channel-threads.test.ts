/**
 * The form-thread resolver for platforms with group threads (src/chat/channel-threads.ts): the
 * receiving department's chat, the stored root's chat once there is one (the thread never forks),
 * an @-mention for a person pushed to, and the wrapped resolver for everything else.
 */
import { describe, expect, it } from 'vitest';
import { withChannelThreads } from '../../../src/chat/channel-threads.js';
import type { PlatformRecords, ThreadRoot } from '../../../src/chat/platform-records.js';
import type { AddressResolver } from '../../../src/chat/sending.js';
import { demoOrg } from '../../helpers/app.js';

const org = demoOrg();
for (const p of org.people) p.platformIds.feishu = `ou_${p.id}`;
org.deptByCode.get('JSB')!.channels.feishu = 'oc_JSB';
delete org.personById.get('he')!.platformIds.feishu;

const roots = new Map<number, ThreadRoot>();
const records = { threadRoot: async (id: number) => roots.get(id) } as unknown as PlatformRecords;
const base: AddressResolver = { resolve: async (to) => ({ ok: false, reason: `base:${to.kind}` }) };
const depts: Record<number, string> = { 1: 'JSB', 2: 'ZLB' };
const r = withChannelThreads(base, { platform: 'feishu', org: () => org, records, receivingDept: async (id) => depts[id] });

describe('withChannelThreads', () => {
  it('puts a form thread in the receiving department chat, @-mentioning the person pushed to', async () => {
    expect(await r.resolve({ kind: 'thread', formId: 1, formNumber: 'SCB1' })).toEqual({ ok: true, address: { platform: 'feishu', kind: 'thread', id: 'oc_JSB', formId: 1, formNumber: 'SCB1' } });
    expect(await r.resolve({ kind: 'thread', formId: 1, formNumber: 'SCB1', person: 'lin' })).toMatchObject({ ok: true, address: { id: 'oc_JSB', mention: 'ou_lin' } });
  });

  it('keeps a stored root’s chat, and leaves the rest to the wrapped resolver', async () => {
    roots.set(2, { formId: 2, platform: 'feishu', channel: 'oc_OLD', rootId: 'om_1', createdAt: 0 });
    expect(await r.resolve({ kind: 'thread', formId: 2, formNumber: 'SCB2' })).toMatchObject({ ok: true, address: { id: 'oc_OLD' } });
    roots.clear();
    expect(await r.resolve({ kind: 'thread', formId: 2, formNumber: 'SCB2' })).toEqual({ ok: false, reason: 'base:thread' });
    expect(await r.resolve({ kind: 'thread', formId: 1, formNumber: 'SCB1', person: 'he' })).toEqual({ ok: false, reason: 'base:thread' });
    expect(await r.resolve({ kind: 'person', person: 'lin' })).toEqual({ ok: false, reason: 'base:person' });
  });
});
