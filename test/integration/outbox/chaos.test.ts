/**
 * Issue 3 "Done when": with a fake Slack that answers 429 (Retry-After 3 s) or 500 — some 500s
 * after it already stored the message — for a fifth of all calls, the dispatcher still delivers
 * every one of ~200 messages exactly once, in order within every thread, DM and channel, and never
 * posts to one channel faster than once a second or before a 429's Retry-After has passed.
 * The clock is virtual: each pass runs at the next wake time; nothing sleeps. `CHAOS_SEED=n` replays
 * the chaos with another seed.
 */
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { testDialects } from '../../helpers/databases.js';
import type { FakeMessage } from '../../fakes/fake-slack.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { useStore } from '../store/store-fixture.js';
import { CHAOS_MAX_ATTEMPTS, enqueue, FORM_DEPTS, rowsByKey, runUntilIdle, slackRig, T0, useFakeSlack } from './outbox-fixture.js';
import { scalarText } from '../../../src/domain/scalar-text.js';

const ROUNDS = 12;
const PEOPLE = ['wang', 'chen', 'liu', 'zhao', 'lin', 'han']; // all have Slack ids
const DEPTS = ['SCB', 'RXB', 'XSB']; // all have Slack channels
const RETRY_AFTER_S = 3;

/** Round `r` of events: one message in every conversation (so conversations interleave in the table). */
function round(r: number): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (const formId of Object.keys(FORM_DEPTS).map(Number)) {
    const person = PEOPLE[(formId + r) % PEOPLE.length]!;
    out.push({ key: `chaos:thread:${formId}:${r}`, to: { kind: 'thread', formId, formNumber: `F${formId}`, person }, view: { lines: [`form ${formId} #${r}`] } });
  }
  for (const person of PEOPLE) out.push({ key: `chaos:person:${person}:${r}`, to: { kind: 'person', person }, view: { lines: [`dm #${r}`] } });
  if (r < 10) for (const dept of DEPTS) out.push({ key: `chaos:dept:${dept}:${r}`, to: { kind: 'dept', dept }, view: { lines: [`dept #${r}`] } });
  return out;
}

const keyOf = (m: FakeMessage) => scalarText(m.metadata?.event_payload['key']);
const seqOf = (key: string) => Number(key.split(':').pop());

describe.each(testDialects())('outbox chaos on $name', (dialect) => {
  const store = useStore(dialect);
  const clock = new VirtualClock(T0);
  const slack = useFakeSlack(clock);

  it('delivers every message once, in order, within the rate limits, through 429s and 500s', async () => {
    const fake = slack();
    const all = Array.from({ length: ROUNDS }, (_, r) => round(r));
    for (const [r, messages] of all.entries()) await enqueue(store(), messages, T0 + r);
    const keys = all.flat().map((m) => m.key);
    expect(keys.length).toBeGreaterThanOrEqual(190);

    fake.chaos = { rate: 0.2, random: seededRandom(Number(process.env['CHAOS_SEED'] ?? 20261103)), retryAfterSec: RETRY_AFTER_S, storeThenFail: 0.3 };
    const { dispatcher } = slackRig(store(), fake, clock, { random: seededRandom(7), maxAttempts: CHAOS_MAX_ATTEMPTS });
    await runUntilIdle(dispatcher, clock);

    // The chaos really happened: rate limits, lost answers, and answers lost after storing.
    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.filter((c) => c.status === 429).length).toBeGreaterThan(5);
    expect(posts.filter((c) => c.status === 500 && !c.storedAnyway).length).toBeGreaterThan(5);
    expect(posts.filter((c) => c.storedAnyway).length).toBeGreaterThan(0);
    expect(fake.calls.some((c) => c.method === 'conversations.history' || c.method === 'conversations.replies')).toBe(true);

    // Every message delivered exactly once, and recorded as sent with Slack's id for it.
    const rows = await rowsByKey(store());
    for (const key of keys) {
      const stored = fake.byKey(key);
      expect(stored, `${key}: ${JSON.stringify(rows.get(key))}`).toHaveLength(1);
      expect(rows.get(key)).toMatchObject({ status: 'sent', platformMessageId: `${stored[0]!.channel}:${stored[0]!.ts}` });
    }
    expect([...rows.values()].filter((r) => r.status !== 'sent')).toEqual([]);

    // Order: every conversation's messages appear in the order they were enqueued.
    const byTs = [...fake.messages].sort((a, b) => Number(a.ts) - Number(b.ts));
    const prefixes = [...new Set(keys.map((k) => k.split(':').slice(0, 3).join(':')))];
    for (const prefix of prefixes) {
      const seqs = byTs.filter((m) => keyOf(m).startsWith(`${prefix}:`)).map((m) => seqOf(keyOf(m)));
      expect(seqs, prefix).toEqual([...seqs].sort((a, b) => a - b));
    }

    // Threads: the form's first message is the root in its department's channel; the rest reply to it.
    for (const [formId, dept] of Object.entries(FORM_DEPTS)) {
      const inThread = byTs.filter((m) => keyOf(m).startsWith(`chaos:thread:${formId}:`));
      const root = inThread[0]!;
      expect(root.thread_ts).toBeUndefined();
      expect(root.channel).toBe(`C0${dept}`);
      expect(inThread.slice(1).every((m) => m.thread_ts === root.ts && m.channel === root.channel)).toBe(true);
    }

    // Rate: per channel, posts (failed ones included) at least 1 s apart, and none before Retry-After.
    const byChannel = new Map<string, typeof posts>();
    for (const c of posts) byChannel.set(String(c.args['channel']), [...(byChannel.get(String(c.args['channel'])) ?? []), c]);
    for (const [channel, calls] of byChannel) {
      for (let i = 1; i < calls.length; i++) {
        const gap = calls[i]!.at - calls[i - 1]!.at;
        expect(gap, `${channel} gap before call ${i}`).toBeGreaterThanOrEqual(1000);
        if (calls[i - 1]!.status === 429) expect(gap, `${channel} after 429`).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
      }
    }
  });
});
