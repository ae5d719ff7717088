/**
 * `via:` on an escalation step (issue 17 §5): the step's messages ring (`MessageView.ring`) —
 * DingTalk sends them as a DING — while steps without it stay ordinary messages; a bad `via` is
 * refused with the entry named. SMS and phone only when named.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sweep } from '../../../src/app/sweep.js';
import { conversation, createTestApp, policyWith, type TestApp } from '../../helpers/app.js';

const MIN = 60_000;
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('escalation via', () => {
  it('rings the leader at the step that names via: ding, and nobody else', async () => {
    const policy = policyWith('escalation:\n  - { after: 0m, notify: self }\n  - { after: 30m, notify: leader, via: ding }\n  - { after: 1h, notify: gm_office, via: phone }\n');
    expect(policy.escalation.map((s) => s.via)).toEqual([undefined, 'ding', 'phone']);
    expect(policyWith().escalation.some((s) => s.via)).toBe(false);
    app = await createTestApp('2026-11-24 10:00', { policy });
    await conversation(app).say(':as wang', '通知 @zhao 明早八点开安全会');
    app.clock.advance(31 * MIN);
    await sweep(app, app.clock.now());
    app.clock.advance(30 * MIN);
    await sweep(app, app.clock.now());
    app.clock.advance(31 * MIN);
    await sweep(app, app.clock.now());
    const rows = (await app.store.transaction((tx) => tx.outbox.due(app!.clock.now(), 1000))).filter((r) => r.key.startsWith('duty:'));
    const ring = (person: string) => rows.filter((r) => r.to.kind === 'person' && r.to.person === person).map((r) => r.view.ring ?? null);
    expect(ring('zhao')).not.toContain('app');
    expect(ring('zhao').every((r) => r === null)).toBe(true);
    // zhao's leader is chen (in-app DING); 总经办's wang gets the phone step.
    expect(ring('chen')).toEqual(['app']);
    expect(ring('wang')).toEqual(['phone']);
  });

  it('refuses an unknown via, naming the entry', () => {
    expect(() => policyWith('escalation:\n  - { after: 0m, notify: self, via: pigeon }\n')).toThrow(/escalation.*via|via/);
  });
});
