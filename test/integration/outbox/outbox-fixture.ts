/**
 * Shared pieces of the outbox tests: a Slack dispatcher wired to a fake Slack server through the
 * real WebClient, a loop that runs passes on a virtual clock until nothing is left, and helpers to
 * enqueue messages and read rows.
 */
import type { Store } from '../../../src/app/ports.js';
import type { TypeormStore } from '../../../src/infra/db/create-store.js';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import type { DeptCode } from '../../../src/domain/org.js';
import { createSlackClient } from '../../../src/adapters/slack/api.js';
import { createSlackSender, SLACK_LIMITS } from '../../../src/adapters/slack/sender.js';
import { platformRecords } from '../../../src/infra/outbox/platform-records-store.js';
import { policyWith } from '../../helpers/app.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createAddressResolver } from '../../../src/infra/outbox/address-resolver.js';
import { adminRecipients } from '../../../src/infra/outbox/dead-letter.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../../src/infra/outbox/dispatcher.js';
import type { PlatformSender } from '../../../src/infra/outbox/platform-sender.js';
import { demoOrg } from '../../helpers/app.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeSlack } from '../../fakes/fake-slack.js';

export const T0 = Date.UTC(2026, 10, 3, 1, 0); // 2026-11-03 09:00 in Shanghai

/** The issuing department of each test form: its thread lives in that department's Slack channel. */
export const FORM_DEPTS: Record<number, DeptCode> = { 1: 'SCB', 2: 'SCB', 3: 'SCB', 4: 'SCB', 5: 'RXB', 6: 'RXB', 7: 'XSB', 8: 'XSB' };

/**
 * `maxAttempts` for tests whose fake fails a fifth of all calls and that claim every message gets
 * through: there nothing may give up (dead-letter.test.ts tests giving up). A row in doubt spends up
 * to three calls an attempt, so the default 8 attempts ran out for one row in about one chaos run
 * of 24 (seeds 1-24 of chaos.test.ts: seed 4 left a row dead after 8, seed 23 needed all 8), and
 * which call meets which failure depends on timing: under load that was a flaky test.
 */
export const CHAOS_MAX_ATTEMPTS = 100;

export interface SlackRig {
  dispatcher: Dispatcher;
  sender: PlatformSender;
  clock: VirtualClock;
}

/** A dispatcher for Slack only, on `store`, talking to `fake`; `overrides` replace any option. */
export function slackRig(store: Store, fake: FakeSlack, clock: VirtualClock, overrides: Partial<DispatcherOptions> = {}): SlackRig {
  const org = demoOrg();
  const client = createSlackClient({ botToken: 'xoxb-test', apiUrl: fake.url });
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const sender = createSlackSender({ client, records: platformRecords({ store, org, policy: policyWith() }), now: () => clock.now(), log: quiet });
  const resolve = createAddressResolver({
    org,
    platforms: ['slack'],
    formDepts: async (formId) => (FORM_DEPTS[formId] ? { issuingDept: FORM_DEPTS[formId] } : undefined),
  });
  const dispatcher = createDispatcher({ store, senders: { slack: sender }, resolve, clock, admins: adminRecipients(org), limits: { slack: SLACK_LIMITS }, ...overrides });
  return { dispatcher, sender, clock };
}

/**
 * Runs passes until nothing is left to send, moving the virtual clock to each next wake time (no
 * real sleeping). Returns the number of passes; throws if it does not settle within `maxPasses`.
 */
export async function runUntilIdle(dispatcher: Dispatcher, clock: VirtualClock, maxPasses = 5_000): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    await dispatcher.dispatchOnce(clock.now());
    const next = await dispatcher.nextWakeAt();
    if (next === undefined) return pass;
    if (next > clock.now()) clock.set(next);
  }
  throw new Error(`outbox did not settle within ${maxPasses} passes`);
}

export async function enqueue(store: Store, messages: OutgoingMessage[], now: number): Promise<void> {
  await store.transaction((tx) => tx.outbox.enqueue(messages, now));
}

/** The delivery state of a stored row, read straight from the table. */
export interface RowState {
  id: number;
  key: string;
  status: string;
  attempts: number;
  platformMessageId: string | null;
  lastError: string | null;
}

/** Every outbox row's delivery state, by key. */
export async function rowsByKey(store: TypeormStore): Promise<Map<string, RowState>> {
  const raw = (await store.dataSource.query<Array<{ id: number | string; key: string; status: string; attempts: number | string; pmid: string | null; err: string | null }>>(
    'SELECT o.id AS id, o.key AS key, o.status AS status, o.attempts AS attempts, o.platform_message_id AS pmid, o.last_error AS err FROM outbox o ORDER BY o.id',
  ));
  return new Map(
    raw.map((r) => [r.key, { id: Number(r.id), key: r.key, status: r.status, attempts: Number(r.attempts), platformMessageId: r.pmid, lastError: r.err }]),
  );
}

/**
 * A fake Slack on the virtual clock for one describe block: started before its tests, stopped
 * after them, and before each test emptied of calls, messages and channel errors, with the clock
 * back at `T0`. Returns a getter, since the server exists only once `beforeAll` has run.
 */
export function useFakeSlack(clock: VirtualClock): () => FakeSlack {
  let fake: FakeSlack | undefined;
  beforeAll(async () => {
    fake = await new FakeSlack(() => clock.now()).start();
  });
  afterAll(async () => fake?.stop());
  beforeEach(() => {
    fake!.calls.length = 0;
    fake!.messages.length = 0;
    fake!.channelErrors.clear();
    clock.set(T0);
  });
  return () => fake!;
}
