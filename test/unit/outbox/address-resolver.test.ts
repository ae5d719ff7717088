import { describe, expect, it } from 'vitest';
import { createAddressResolver } from '../../../src/infra/outbox/address-resolver.js';
import { adminRecipients, deadNotices } from '../../../src/infra/outbox/dead-letter.js';
import { readFileSync } from 'node:fs';
import { parseOrgYaml } from '../../../src/config/org-file.js';
import { publicReportRecipient } from '../../../src/domain/report/timeliness.js';
import { demoOrg } from '../../helpers/app.js';
import { stringContaining } from '../../helpers/matchers.js';

const org = demoOrg();
const formDepts = async (id: number) => (id === 1 ? { issuingDept: 'SCB' } : id === 2 ? { issuingDept: 'JSB' } : undefined);
const slackOnly = createAddressResolver({ org, platforms: ['slack'], formDepts });
const wecomFirst = createAddressResolver({ org, platforms: ['wecom', 'slack'], formDepts });

describe('address resolver', () => {
  it('a person: DM on the first enabled platform with an id', async () => {
    expect(await slackOnly.resolve({ kind: 'person', person: 'zhao' })).toEqual({ ok: true, address: { platform: 'slack', kind: 'user', id: 'U0ZHAO' } });
    expect(await wecomFirst.resolve({ kind: 'person', person: 'zhao' })).toEqual({ ok: true, address: { platform: 'wecom', kind: 'user', id: 'ZhaoQiang' } });
    expect(await wecomFirst.resolve({ kind: 'person', person: 'lin' })).toMatchObject({ ok: true, address: { platform: 'slack', id: 'U0LIN' } });
  });

  it('a person without an id, or unknown: a readable permanent failure', async () => {
    expect(await slackOnly.resolve({ kind: 'person', person: 'sun' })).toEqual({ ok: false, reason: stringContaining('没有账号') });
    expect(await slackOnly.resolve({ kind: 'person', person: 'nobody' })).toEqual({ ok: false, reason: stringContaining('unknown person') });
  });

  it("a department: its channel; none on the enabled platforms is a failure", async () => {
    expect(await slackOnly.resolve({ kind: 'dept', dept: 'SCB' })).toEqual({ ok: true, address: { platform: 'slack', kind: 'channel', id: 'C0SCB' } });
    expect(await slackOnly.resolve({ kind: 'dept', dept: 'JSB' })).toMatchObject({ ok: false });
  });

  it('the 公示 goes to the org file’s announcements channel, else to 总经办’s', async () => {
    const yaml = readFileSync('data/org.example.yaml', 'utf8');
    const withChannel = parseOrgYaml(`${yaml}\nannouncements:\n  channels: { slack: C0ALL, wecom: "" }\n`, 'org.yaml');
    expect(withChannel.announcements).toEqual({ slack: 'C0ALL' });
    expect(publicReportRecipient(withChannel)).toEqual({ kind: 'announcements' });
    expect(publicReportRecipient(org)).toEqual({ kind: 'dept', dept: 'ZJB' });
    const slack = createAddressResolver({ org: withChannel, platforms: ['slack'], formDepts });
    expect(await slack.resolve({ kind: 'announcements' })).toEqual({ ok: true, address: { platform: 'slack', kind: 'channel', id: 'C0ALL' } });
    // No announcements channel on WeCom: 总经办's channel (the demo has none, so a readable failure).
    const wecom = createAddressResolver({ org: withChannel, platforms: ['wecom'], formDepts });
    expect(await wecom.resolve({ kind: 'announcements' })).toEqual({ ok: false, reason: stringContaining('部门 ZJB') });
  });

  it("a form's thread: the issuing department's channel, mentioning the person; else a DM", async () => {
    expect(await slackOnly.resolve({ kind: 'thread', formId: 1, formNumber: 'SCB20261101', person: 'lin' })).toEqual({
      ok: true,
      address: { platform: 'slack', kind: 'thread', id: 'C0SCB', formId: 1, formNumber: 'SCB20261101', mention: 'U0LIN' },
    });
    // JSB has no channel: the person is told directly, with the form number.
    expect(await slackOnly.resolve({ kind: 'thread', formId: 2, formNumber: 'JSB20261101', person: 'han' })).toEqual({
      ok: true,
      address: { platform: 'slack', kind: 'user', id: 'U0HAN', formId: 2, formNumber: 'JSB20261101' },
    });
    expect(await slackOnly.resolve({ kind: 'thread', formId: 2, formNumber: 'JSB20261101' })).toMatchObject({ ok: false });
  });

  it('the console resolves everything to itself', async () => {
    const console = createAddressResolver({ org, platforms: ['console'], formDepts });
    expect(await console.resolve({ kind: 'dept', dept: 'JSB' })).toEqual({ ok: true, address: { platform: 'console', kind: 'channel', id: 'JSB' } });
  });
});

describe('dead-letter notices', () => {
  const row = { id: 9, key: 'notice:3:sun', to: { kind: 'person' as const, person: 'sun' }, view: { lines: ['secret'] }, createdAt: 0, status: 'dead' as const, attempts: 1, nextAttemptAt: 0 };
  it('go to the gm_office leaders, name key and reason but not the text; none about a notice', () => {
    expect(adminRecipients(org)).toEqual(['wang']);
    const [n, ...rest] = deadNotices(row, 'no account', ['wang']);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ key: 'outbox-dead:9:wang', to: { kind: 'person', person: 'wang' } });
    expect(JSON.stringify(n)).toContain('notice:3:sun');
    expect(JSON.stringify(n)).not.toContain('secret');
    expect(deadNotices({ ...row, key: n!.key }, 'again', ['wang'])).toEqual([]);
  });
});

describe('sealed recipients (anonymous senders)', () => {
  it('are opened by unseal into a DM; without a key they fail; their conversation key reveals nothing', async () => {
    const { conversationKey } = await import('../../../src/infra/outbox/conversation-key.js');
    const r = createAddressResolver({ org, platforms: ['slack'], formDepts, unseal: (s) => (s === 'box1' ? { platform: 'slack', address: 'U0ANON' } : undefined) });
    expect(await r.resolve({ kind: 'sealed', sealed: 'box1' })).toEqual({ ok: true, address: { platform: 'slack', kind: 'user', id: 'U0ANON', sealed: true } });
    // An answer sealed with where it was said goes back there (the adapter's routing data), still sealed.
    const withReply = createAddressResolver({ org, platforms: ['slack'], formDepts, unseal: () => ({ platform: 'slack', address: 'U0ANON', replyTo: { kind: 'message', channel: 'D1' } }) });
    expect(await withReply.resolve({ kind: 'sealed', sealed: 'box2' })).toEqual({ ok: true, address: { platform: 'slack', kind: 'reply', id: 'U0ANON', sealed: true, replyTo: { kind: 'message', channel: 'D1' } } });
    expect(await r.resolve({ kind: 'sealed', sealed: 'other' })).toMatchObject({ ok: false });
    expect(await slackOnly.resolve({ kind: 'sealed', sealed: 'box1' })).toMatchObject({ ok: false });
    expect(conversationKey({ kind: 'sealed', sealed: 'box1' })).toMatch(/^sealed:[0-9a-f]{32}$/);
    const [notice] = deadNotices({ id: 1, key: 'fb:1:reply', to: { kind: 'sealed', sealed: 'box1' }, view: { lines: [] }, createdAt: 0, status: 'dead', attempts: 1, nextAttemptAt: 0 }, 'x', ['wang']);
    expect(JSON.stringify(notice)).not.toContain('box1');
  });
});
