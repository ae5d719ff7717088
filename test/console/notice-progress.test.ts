/**
 * Issue 14 §3: a company-wide notice's sender gets a bounded number of "k/n received" messages,
 * not one per acknowledgement, and the last one carries the final count (the rule:
 * src/domain/notice-progress.ts). Console level, on the virtual clock: 2,000 people answer 收到
 * over 30 minutes while the scheduler's sweep runs every minute.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledge } from '../../src/app/acknowledge.js';
import { sweep } from '../../src/app/sweep.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import { EACH_ACK_UP_TO, EVERY_MS } from '../../src/domain/notice-progress.js';
import type { Org } from '../../src/domain/org.js';
import type { TypeormStore } from '../../src/infra/db/create-store.js';
import { conversation, createTestApp, policyWith, type TestApp } from '../helpers/app.js';
import { testDialects, type TestDialect } from '../helpers/databases.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const STAFF = 2000;
const person = (k: number) => `p${String(k).padStart(4, '0')}`;

function companyOf(staff: number): Org {
  const yaml = [
    'company: 压测公司',
    'departments:',
    '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }',
    '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [hr] }',
    '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [lead] }',
    'people:',
    '  - { id: boss, name: 老板, department: ZJB }',
    '  - { id: hr, name: 人事, department: RXB }',
    '  - { id: lead, name: 部长, department: SCB }',
    ...Array.from({ length: staff }, (_, i) => `  - { id: ${person(i + 1)}, name: 员工${i + 1}, department: SCB }`),
    'feedback_group: [hr]',
    '',
  ].join('\n');
  return parseOrgYaml(yaml, 'notice-progress-org.yaml');
}

/** The progress messages to the sender about TZ1, in the order they were enqueued. */
async function progressToSender(a: TestApp): Promise<string[]> {
  const rows = await (a.store as TypeormStore).dataSource.query<Array<{ recipient: string; view: string }>>(`SELECT recipient, view FROM outbox ORDER BY id`);
  return rows
    .filter((r) => (JSON.parse(r.recipient) as { person?: string }).person === 'boss')
    .map((r) => (JSON.parse(r.view) as { lines: string[] }).lines.join('\n'))
    .filter((t) => t.includes('TZ1') && t.includes('确认收到'));
}

const countIn = (text: string) => /已确认 (\d+)\/(\d+)|全部 (\d+) 人/.exec(text);

it('2,000 acknowledgements within 30 minutes: a handful of progress messages, the last with the final count', { timeout: 300_000 }, async () => {
  app = await createTestApp('2026-12-01 09:00', { org: companyOf(STAFF), policy: policyWith('working_time: always\n') });
  const c = conversation(app);
  expect(await c.say(':as boss', '通知 @所有人 年终总结会,请回复收到')).toContain('已发出通知 TZ1');
  const total = STAFF + 2; // hr and lead too
  const start = app.clock.now();
  const spanMs = 30 * 60_000;
  let lastSweep = start;
  for (let k = 1; k <= STAFF; k += 1) {
    app.clock.set(start + Math.floor((k * spanMs) / STAFF));
    if (app.clock.now() - lastSweep >= 60_000) {
      lastSweep = app.clock.now();
      await sweep(app, lastSweep); // the scheduler's per-minute tick
    }
    await c.say(`:as ${person(k)}`, '收到');
  }
  // The staff have all answered; hr and lead have not. The sweep after the interval tells the count.
  app.clock.set(app.clock.now() + EVERY_MS);
  await sweep(app, app.clock.now());
  let messages = await progressToSender(app);
  const maxMessages = 2 + Math.ceil(spanMs / EVERY_MS) + 1;
  expect(messages.length).toBeGreaterThanOrEqual(3);
  expect(messages.length).toBeLessThanOrEqual(maxMessages);
  expect(messages[0]).toBe(`员工1 已确认收到 TZ1(已确认 1/${total})。`);
  // Counts only grow; the last says how many came since the one before it, and the final count.
  const counts = messages.map((m) => Number(countIn(m)![1] ?? countIn(m)![3]));
  expect(messages.at(-1)).toBe(`TZ1:又有 ${STAFF - counts.at(-2)!} 人确认收到(已确认 ${STAFF}/${total})。`);
  expect(counts).toEqual([...counts].sort((x, y) => x - y));
  expect(new Set(counts).size).toBe(counts.length);
  // Nothing left to report: more sweeps send nothing.
  app.clock.set(app.clock.now() + 3 * EVERY_MS);
  await sweep(app, app.clock.now());
  expect(await progressToSender(app)).toHaveLength(messages.length);
  // The last two answer: the very last acknowledgement is reported at once, with the final count.
  await c.say(':as hr', '收到');
  await c.say(':as lead', '收到');
  messages = await progressToSender(app);
  expect(messages.length).toBeLessThanOrEqual(maxMessages + 2);
  expect(messages.at(-1)!.endsWith(`已确认收到 TZ1(已确认 ${total}/${total})。`)).toBe(true);
  // The acknowledgements themselves are all recorded.
  const open = await app.store.transaction((tx) => tx.duties.countOpenPeople('notice', 1));
  expect(open).toBe(0);
});

describe.each(testDialects())('notice progress on $name', (dialect) => {
  const appOn = async (d: TestDialect, staff: number) => {
    const db = await d.create();
    return createTestApp('2026-12-01 09:00', { url: db.url, drop: db.drop, org: companyOf(staff), policy: policyWith('working_time: always\n') });
  };

  it(`a notice to at most ${EACH_ACK_UP_TO} people still reports every acknowledgement`, async () => {
    app = await appOn(dialect, EACH_ACK_UP_TO - 2);
    const c = conversation(app);
    expect(await c.say(':as boss', '通知 @所有人 开会')).toContain('已发出通知 TZ1');
    for (let k = 1; k <= EACH_ACK_UP_TO - 2; k += 1) {
      app.clock.advance(1000);
      await c.say(`:as ${person(k)}`, '收到');
    }
    const messages = await progressToSender(app);
    expect(messages).toHaveLength(EACH_ACK_UP_TO - 2);
    expect(messages.at(-1)).toBe(`员工${EACH_ACK_UP_TO - 2} 已确认收到 TZ1(已确认 ${EACH_ACK_UP_TO - 2}/${EACH_ACK_UP_TO})。`);
  });

  it(`a notice to ${EACH_ACK_UP_TO + 1} people: the first at once, the rest held back until the interval ends, then one message`, async () => {
    app = await appOn(dialect, EACH_ACK_UP_TO - 1);
    const c = conversation(app);
    expect(await c.say(':as boss', '通知 @所有人 开会')).toContain('已发出通知 TZ1');
    const n = EACH_ACK_UP_TO + 1;
    for (let k = 1; k <= 5; k += 1) {
      app.clock.advance(1000);
      await c.say(`:as ${person(k)}`, '收到');
    }
    expect(await progressToSender(app)).toEqual([`员工1 已确认收到 TZ1(已确认 1/${n})。`]);
    await sweep(app, app.clock.now()); // not due yet
    expect(await progressToSender(app)).toHaveLength(1);
    app.clock.advance(EVERY_MS);
    await sweep(app, app.clock.now());
    expect((await progressToSender(app)).at(-1)).toBe(`TZ1:又有 4 人确认收到(已确认 5/${n})。`);
    // After the interval an acknowledgement is reported at once again, counting the one before it.
    app.clock.advance(EVERY_MS);
    await c.say(`:as ${person(6)}`, '收到');
    await c.say(`:as ${person(7)}`, '收到');
    // The next line's sweep (the console sweeps before each line, as the server's minute tick
    // would) reports the held-back 7th when its interval is over; the 8th is then held in turn.
    app.clock.advance(EVERY_MS + 1);
    await c.say(`:as ${person(8)}`, '收到');
    expect((await progressToSender(app)).slice(2)).toEqual([`员工6 已确认收到 TZ1(已确认 6/${n})。`, `TZ1:又有 1 人确认收到(已确认 7/${n})。`]);
    // Past the interval with no sweep in between (a missed tick), an acknowledgement reports itself and the ones held before it.
    app.clock.advance(EVERY_MS + 1);
    await (app.store as TypeormStore).dataSource.query('UPDATE notice SET progress_due_at = NULL'); // as if the tick never came
    await c.say(`:as ${person(9)}`, '收到');
    expect((await progressToSender(app)).at(-1)).toBe(`员工9 等 2 人已确认收到 TZ1(已确认 9/${n})。`);
  });

  it('60 acknowledgements at once (concurrent transactions): a bounded number of messages, the final count reported', async () => {
    app = await appOn(dialect, 58);
    const c = conversation(app);
    expect(await c.say(':as boss', '通知 @所有人 开会')).toContain('已发出通知 TZ1');
    const people = [...Array.from({ length: 58 }, (_, i) => person(i + 1)), 'hr', 'lead'];
    const replies = await Promise.all(people.map((p) => acknowledge(app!, p, 'TZ1')));
    expect(replies.filter((r) => r.refused)).toEqual([]);
    app.clock.advance(EVERY_MS);
    await sweep(app, app.clock.now());
    const messages = await progressToSender(app);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThanOrEqual(3); // the first, perhaps the last at once, the sweep's report
    const last = messages.at(-1)!;
    expect(last.endsWith('(已确认 60/60)。') || last.startsWith('TZ1 全部 60 人已确认收到')).toBe(true);
    expect(await app.store.transaction((tx) => tx.duties.countOpenPeople('notice', 1))).toBe(0);
  });
});
