/**
 * Issue 15 on WeCom, over real HTTP into the running bot: row 7 (a text over the message limit
 * was dropped without a word; now the sender is told why and nothing is stored), and properties:
 * the pure decoder over arbitrary callbacks never throws and the input layer passes on only clean
 * text; hostile texts (CDATA-breaking `]]>`, NUL, controls, bidi, lone surrogates) through the
 * running bot are never a 5xx and every answer is readable and clean.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWecom } from '../../../src/adapters/wecom/decode.js';
import { cleanInbound, LIMITS } from '../../../src/chat/input-hygiene.js';
import { FORBIDDEN, fuzz, hostileCommand, hostileText } from '../../fuzz/hostile.js';
import { contentOf, sentTo, startBot, type RunningBot } from './running-bot.js';
import { textXml } from './wecom-fixtures.js';

const CRASH = /出错了|internal error|\\n\s+at\s|\[object /;

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot();
  await bot.settle(); // the start-up catch-up (last month's report to the leaders) is out of the way
});
afterAll(() => bot.stop());

describe('WeCom, hostile input', () => {
  it(`row 7: a text over ${LIMITS.message} characters gets an answer saying why, and nothing is stored`, async () => {
    const sent = sentTo(bot.fake, 'LiuMin').length;
    await bot.say('LiuMin', `反馈 建议 ${'食'.repeat(LIMITS.message)}`);
    const answers = sentTo(bot.fake, 'LiuMin').slice(sent).map(contentOf);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain(`这条消息太长(${LIMITS.message + 6} 字),最多 ${LIMITS.message} 字`);
    expect(await bot.served.deps.store.transaction((tx) => tx.feedback.list({}))).toEqual([]);
  });

  it('property: the decoder never throws, and the input layer passes on only clean, non-empty text', async () => {
    const str = fc.oneof(hostileText(), fc.constantFrom('LiuMin', 'text', 'event', 'template_card_event'));
    const payload = fc.oneof(
      fc.record({ fromUserName: str, msgType: fc.constantFrom('text', 'event', 'image', 'x'), content: fc.option(hostileCommand(), { nil: undefined }), event: fc.option(str, { nil: undefined }), eventKey: fc.option(str, { nil: undefined }), taskId: fc.option(str, { nil: undefined }), responseCode: fc.option(str, { nil: undefined }) }, { requiredKeys: ['fromUserName', 'msgType'] }),
      fc.anything(),
    );
    await fuzz('wecom decode', payload, (p) => {
      const d = cleanInbound(decodeWecom(p));
      if (d.kind === 'message') {
        expect(d.text).not.toMatch(FORBIDDEN);
        expect(d.text.trim()).not.toBe('');
      }
      if (d.kind === 'click') expect(d.command).not.toMatch(FORBIDDEN);
    }, { numRuns: 300 });
  });

  it('property: hostile texts through the running bot are never a 5xx; every answer is readable and clean', async () => {
    let n = 0;
    await fuzz('wecom texts (running bot)', hostileCommand(), async (text) => {
      const sent = sentTo(bot.fake, 'LiuMin').length;
      const a = await bot.post(textXml('LiuMin', text, String(900_000 + ++n), { ts: String(Math.floor(bot.clock.now() / 1000)) }));
      expect(a.status, 'never a 5xx').toBeLessThan(500);
      await bot.settle();
      for (const c of sentTo(bot.fake, 'LiuMin').slice(sent).map(contentOf)) {
        expect(c).not.toMatch(CRASH);
        expect(JSON.parse(c) as unknown).toBeTruthy();
        expect(c).not.toMatch(/\\u000[0-8]|\\u001[0-9a-f]|\\u007f|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
      }
    }, { numRuns: 20 });
  }, 180_000);
});
