/**
 * The DingTalk side of the DingTalk bench (dingtalk.ts), run in a worker thread (wecom-worker.ts
 * role `dingtalk`) so it does not share the measured event loop: the fake DingTalk
 * (test/fakes/fake-dingtalk.ts — gateway, WebSocket and OpenAPI). On `{ push: { n, concurrency,
 * run } }` it pushes `n` robot-message frames to the newest connected client, `concurrency`
 * awaiting their ack at a time, and answers the elapsed time and how many were acked.
 */
import type { MessagePort } from 'node:worker_threads';
import { TOPIC_ROBOT } from 'dingtalk-stream';
import { FakeDingtalk } from '../fakes/fake-dingtalk.js';
import { DT, robotText } from '../adapters/dingtalk/dingtalk-fixtures.js';

const USERS = ['wang', 'chen', 'liu', 'zhao', 'zhou'].map((p) => `dt${p}0001`);
const TEXTS = ['帮助', '我的待办', '收到'];

export async function runDingtalkFake(port: MessagePort, _data: Record<string, string>): Promise<void> {
  const fake = await new FakeDingtalk(DT).start();
  port.postMessage(fake.url);
  port.on('message', (m: { push?: { n: number; concurrency: number; run: number } } | string) => {
    if (m === 'count') return port.postMessage(fake.sent.length);
    if (m === 'connections') return port.postMessage(fake.connections);
    if (m === 'close') return void fake.stop().then(() => port.postMessage('closed'));
    if (typeof m === 'object' && m.push) {
      const { n, concurrency, run } = m.push;
      let next = 0;
      let acked = 0;
      const t0 = performance.now();
      void Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) {
            const i = next++;
            const msgId = `b${run}x${i}`;
            if (await fake.push(TOPIC_ROBOT, robotText(USERS[i % USERS.length]!, TEXTS[i % TEXTS.length]!, { msgId }), `f${run}x${i}`, 20_000)) acked += 1;
          }
        }),
      ).then(() => port.postMessage({ elapsedMs: performance.now() - t0, acked }));
    }
  });
}
