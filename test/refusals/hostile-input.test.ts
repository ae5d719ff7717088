/**
 * Issue 15: hostile and broken input through the console (the same input layer as every
 * platform, src/chat/input-hygiene.ts). One regression test per row of the table that
 * the console reaches (rows 4, 5, 6, 9), each failing without its fix; then properties over
 * arbitrary Unicode (test/fuzz/hostile.ts) through the command parser, the feedback intake and
 * form fields: no crash text, an answer every time, nothing stored that holds a control or a bidi
 * override, and a refused line leaves the database byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, LIMITS } from '../../src/chat/input-hygiene.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk } from '../feedback/helpers.js';
import { FORBIDDEN, fuzz, hostileCommand, hostileOrLong } from '../fuzz/hostile.js';
import { dumpDatabase, expectRefused, runCase, SUBJECT } from './harness.js';

const CRASH = /Error|^\s+at\s|internal error|出错了|undefined|NaN|Infinity|Invalid Date|\[object /m;

describe('the table of issue 15, in the console', () => {
  it('row 4: ANSI escapes, BEL and U+202E in a feedback text are neither stored nor echoed raw', async () => {
    const app = await feedbackApp();
    try {
      const c = conversation(app);
      const out = await c.say(':as ma', '反馈 建议 \u001b[31m食堂\u0007排队\u202etxt.exe\u001b[0m太长\n部门: SCB');
      expect(out).toContain(`已登记信息反馈 ${fk(1)}`);
      const shown = await c.say(`查看 ${fk(1)}`);
      expect(shown).toContain('食堂排队txt.exe太长');
      expect(out + shown).not.toMatch(FORBIDDEN);
      expect(dumpDatabase(app)).not.toMatch(/\\u001b|\\u0007|\u202e/);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['400 digits', `:advance ${'9'.repeat(400)}d`],
    ['100000000d', ':advance 100000000d'],
    ['3661d', ':advance 3661d'],
  ])('row 5: `:advance` of %s is refused clearly and moves nothing', async (_name, line) => {
    const c = { name: line, setup: [':as zheng'], say: line, reply: [':advance 一次最多 3660 天'] };
    const run = await runCase(c);
    expectRefused(c, run);
    expect(run.reply).not.toMatch(CRASH);
  });

  it('row 5: the largest allowed `:advance` still works', async () => {
    const app = await feedbackApp();
    try {
      const out = await conversation(app).say(':advance 3660d', ':now');
      expect(out).toMatch(/^:: 203[67]-\d\d-\d\d 09:00$/m);
    } finally {
      await app.close();
    }
  });

  it(`row 6: a 100,000-character 主题 is refused with the field's limit (${LIMITS.subject}) and stores nothing`, async () => {
    const c = { name: 'long subject', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${'锅'.repeat(100_000)}`, reply: ['最多 4000 字'] };
    expectRefused(c, await runCase(c));
    const field = { name: 'long subject field', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${'锅'.repeat(LIMITS.subject + 1)}`, reply: [`「主题」太长(${LIMITS.subject + 1} 字),最多 ${LIMITS.subject} 字`] };
    const run = await runCase(field);
    expectRefused(field, run);
    expect(run.reply.length).toBeLessThan(400);
    const place = { name: 'long place', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n地点: ${'车'.repeat(LIMITS.field + 1)}`, reply: [`「地点」太长`] };
    expectRefused(place, await runCase(place));
  });

  it('row 9: `反馈列表 举报` lists only 举报 items (and `反馈列表 建议` only 建议 ones)', async () => {
    const app = await feedbackApp();
    try {
      const c = conversation(app);
      await c.say(':as ma', '反馈 建议 食堂增加一个打饭窗口\n部门: SCB', '反馈 举报 仓库有人私拿物料\n部门: SCB');
      const report = await c.say(':as liu', '反馈列表 举报');
      expect(report).toContain(fk(2));
      expect(report).not.toContain(fk(1));
      const suggestion = await c.say('反馈列表 建议');
      expect(suggestion).toContain(fk(1));
      expect(suggestion).not.toContain(fk(2));
      expect(await c.say('反馈列表')).toContain(fk(1));
    } finally {
      await app.close();
    }
  });
});

describe('properties: hostile Unicode through the console', () => {
  let app: TestApp;
  let say: (...lines: string[]) => Promise<string>;
  beforeAll(async () => {
    app = await feedbackApp();
    const c = conversation(app);
    say = (...l) => c.say(...l);
  });
  afterAll(async () => {
    await app.close();
  });

  const answered = (out: string, line: string) => {
    expect(out, 'no crash text').not.toMatch(/^\s+at\s|internal error|出错了|\[object |NaN|Invalid Date/m);
    expect(out, 'nothing raw on the terminal').not.toMatch(FORBIDDEN);
    const said = cleanText(line).trim();
    // A line starting with `:` is a console command and one starting with `#` a comment (console-session.ts stripComment): both may be silent.
    if (said && !said.startsWith(':') && !said.startsWith('#')) expect(out.trim(), 'an answer').not.toBe('');
  };

  it('the command parser, feedback intake and form fields answer every line, store only clean text', async () => {
    await fuzz('console commands', hostileCommand(), async (line) => {
      for (const who of [':as ma', ':as zheng']) {
        await say(who);
        answered(await say(line), line);
      }
      expect(dumpDatabase(app)).not.toMatch(/\\u000[0-8]|\\u001[0-9a-f]|\\u007f|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    }, { numRuns: 40 });
  });

  it('directives and very long lines: an answer or a clear refusal, never a crash', async () => {
    await fuzz('console directives', hostileOrLong().chain((s) => fcDirective(s)), async (line) => {
      const before = dumpDatabase(app);
      const out = await say(':as zheng', line);
      answered(out, line);
      if (cleanText(line).trim().startsWith(':')) expect(dumpDatabase(app)).toBe(before);
    }, { numRuns: 40 });
  });
});

import fc from 'fast-check';
const fcDirective = (s: string) => fc.constantFrom(':advance ', ':as ', ':in ', ':thread ', ':', '', '反馈 建议 ').map((d) => d + s);
