/**
 * The gate that lets answers go first (idle-gate.ts), and the cap on callbacks waiting for their
 * work (callback.ts `maxPending`): work waits while callbacks keep arriving, starts after a quiet
 * gap or once it is `maxDeferMs` old, never out of order; past the cap a new callback is answered
 * 503 without being recorded, so WeCom's retry of it is processed later.
 */
import { describe, expect, it } from 'vitest';
import { createWecomApi } from '../../../src/adapters/wecom/api-client.js';
import { createWecomCallback } from '../../../src/adapters/wecom/callback.js';
import { IdleGate } from '../../../src/adapters/wecom/idle-gate.js';
import type { InboundEvent } from '../../../src/chat/inbound.js';
import { demoOrg } from '../../helpers/app.js';
import { ENV, NOW_MS, signedPost, textXml } from './wecom-fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdleGate', () => {
  it('lets work start at once when no callback arrived lately', async () => {
    const gate = new IdleGate({ quietMs: 20, maxDeferMs: 1000 });
    let started = false;
    void gate.ready(gate.time()).then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(true);
  });

  it('holds work while callbacks keep arriving, and releases it after a quiet gap', async () => {
    const gate = new IdleGate({ quietMs: 30, maxDeferMs: 10_000 });
    gate.arrived();
    let startedAt: number | undefined;
    const t0 = gate.time();
    const done = gate.ready(t0).then(() => (startedAt = gate.time()));
    for (let i = 0; i < 5; i++) {
      await sleep(10);
      gate.arrived();
      expect(startedAt).toBeUndefined();
    }
    await done;
    expect(startedAt! - t0).toBeGreaterThanOrEqual(50 + 30 - 5);
    expect(gate.waiting).toBe(0);
  });

  it('never holds work longer than maxDeferMs after its callback arrived', async () => {
    const gate = new IdleGate({ quietMs: 50, maxDeferMs: 60 });
    const t0 = gate.time();
    gate.arrived();
    let started = false;
    const done = gate.ready(t0).then(() => (started = true));
    const stop = gate.time() + 2000;
    while (!started && gate.time() < stop) {
      gate.arrived(); // a flood that never pauses
      await sleep(5);
    }
    await done;
    // maxDeferMs is 60: well under the 2 s the flood would last, with room for a busy machine.
    expect(gate.time() - t0).toBeLessThan(600);
  });
});

describe('the callback with work waiting', () => {
  it('keeps each sender’s order through the gate, and answers 503 past the cap without recording', async () => {
    const handled: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const cb = createWecomCallback({
      env: ENV,
      org: demoOrg(),
      api: createWecomApi({ ...ENV, apiBase: 'http://127.0.0.1:1' }),
      now: () => NOW_MS,
      gate: new IdleGate({ quietMs: 5, maxDeferMs: 100 }),
      maxPending: 3,
      log: { warn: () => {}, error: () => {}, info: () => {} },
      handle: async (ev: InboundEvent) => {
        await blocked;
        handled.push(`${ev.sender}:${ev.text}`);
        return null;
      },
    });
    const post = (user: string, text: string, id: string) => {
      const { query, body } = signedPost(textXml(user, text, id));
      return cb.receive(query, body);
    };
    expect(post('LiuMin', 'a', '1').status).toBe(200);
    expect(post('LiuMin', 'b', '2').status).toBe(200);
    expect(post('ZhaoQiang', 'c', '3').status).toBe(200);
    expect(post('LiuMin', 'd', '4')).toMatchObject({ status: 503 });
    release();
    await cb.idle();
    expect(handled.filter((h) => h.startsWith('liu:'))).toEqual(['liu:a', 'liu:b']);
    expect(handled).toContain('zhao:c');
    // The refused one was not recorded: WeCom's retry of it is processed now.
    expect(post('LiuMin', 'd', '4').status).toBe(200);
    await cb.idle();
    expect(handled.at(-1)).toBe('liu:d');
  });
});
