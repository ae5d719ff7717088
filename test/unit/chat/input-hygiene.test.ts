/**
 * The one input layer (src/chat/input-hygiene.ts): its rule on fixed cases, and as properties
 * over hostile Unicode (test/fuzz/hostile.ts): the result is clean, NFC, idempotent, keeps every
 * allowed character, and the limits refuse with a readable sentence.
 */
import { describe, expect, it } from 'vitest';
import { parseIntake } from '../../../src/chat/feedback-intake.js';
import { toFormChanges } from '../../../src/chat/form-fields.js';
import { admitMessage, cleanFields, cleanJson, cleanText, cleanView, fieldTooLong, LIMITS, visibleControls } from '../../../src/chat/input-hygiene.js';
import { parseCommand } from '../../../src/chat/parse-command.js';
import { demoOrg, policyWith } from '../../helpers/app.js';
import { FORBIDDEN, fuzz, hostileCommand, hostileOrLong } from '../../fuzz/hostile.js';
import fc from 'fast-check';
import { stringContaining } from '../../helpers/matchers.js';

describe('cleanText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['ANSI colour and BEL', '\u001b[31m红\u001b[0m\u0007', '红'],
    ['OSC title', '\u001b]0;owned\u0007ok', 'ok'],
    ['right-to-left override', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['isolates', '\u2066a\u2069', 'a'],
    ['C1 and DEL', 'a\u0085\u009b\u007fb', 'ab'],
    ['CR LF and lone CR', 'a\r\nb\rc', 'a\nb\nc'],
    ['NFC', 'e\u0301', '\u00e9'],
    ['NFC after a removed control', 'e\u0000\u0301', '\u00e9'],
    ['lone surrogate', 'x\ud800', 'x\ufffd'],
    ['TAB and LF kept', '主题:\t一\n二', '主题:\t一\n二'],
    ['emoji kept', '收到😀', '收到😀'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('property: the result has no control, bidi override or lone surrogate, is NFC and idempotent', async () => {
    await fuzz('cleanText', hostileOrLong(), (s) => {
      const c = cleanText(s);
      expect(c).not.toMatch(FORBIDDEN);
      expect(c.normalize('NFC')).toBe(c);
      expect(cleanText(c)).toBe(c);
    }, { numRuns: 300 });
  });

  it('property: text without anything the rule removes passes unchanged (after NFC)', async () => {
    const safe = fc.string({ unit: fc.constantFrom('a', 'Z', '字', '收', '😀', '\n', '\t', ' ', '=', '@', ':', '：', '\u200e') });
    await fuzz('cleanText keeps', safe, (s) => expect(cleanText(s)).toBe(s.normalize('NFC')), { numRuns: 200 });
  });
});

describe('limits', () => {
  it('a message over LIMITS.message is refused, naming its length and the limit; at the limit it passes', () => {
    expect(admitMessage('字'.repeat(LIMITS.message))).toEqual({ text: '字'.repeat(LIMITS.message) });
    const r = admitMessage('字'.repeat(LIMITS.message + 1));
    expect(r).toEqual({ refusal: stringContaining(`${LIMITS.message + 1} 字`) });
    expect('refusal' in r && r.refusal).toContain(`最多 ${LIMITS.message} 字`);
  });

  it('counts code points after cleaning: NULs do not count, an emoji counts once', () => {
    expect(admitMessage('\u0000'.repeat(10_000) + 'a')).toEqual({ text: 'a' });
    expect(admitMessage('😀'.repeat(LIMITS.message))).toEqual({ text: '😀'.repeat(LIMITS.message) });
  });

  it('fieldTooLong: 主题 has its own limit, the others the field limit', () => {
    expect(fieldTooLong({ subject: 'a'.repeat(LIMITS.subject) })).toBeUndefined();
    expect(fieldTooLong({ subject: 'a'.repeat(LIMITS.subject + 1) }, { subject: '主题' })).toContain('「主题」太长');
    expect(fieldTooLong({ place: 'a'.repeat(LIMITS.field) })).toBeUndefined();
    expect(fieldTooLong({ place: 'a'.repeat(LIMITS.field + 1) }, { place: '地点' })).toContain(`最多 ${LIMITS.field} 字`);
  });
});

describe('cleanJson', () => {
  it('cleans every string of a parsed body, keys included; other values stay', () => {
    expect(cleanJson({ 'de\u0000scription': 'a\u0000b', n: 1, list: ['\u202e', null, true] })).toEqual({ description: 'ab', n: 1, list: ['', null, true] });
  });
});

describe('visibleControls (the console output rule)', () => {
  it('shows controls as control pictures and bidi characters as code points; LF and TAB stay', () => {
    expect(visibleControls('a\u0000\u001b[31m\u0007\t\n\u202e\u0085')).toBe('a␀␛[31m␇\t\n<U+202E><U+0085>');
  });

  it('property: nothing a terminal acts on survives', async () => {
    await fuzz('visibleControls', hostileOrLong(), (s) => expect(visibleControls(s)).not.toMatch(FORBIDDEN), { numRuns: 300 });
  });
});

describe('properties: the parsers behind the layer, on what it passes on', () => {
  const policy = policyWith();
  const org = demoOrg();
  const readable = (m: string) => {
    expect(m.trim()).not.toBe('');
    expect(m).not.toMatch(/\[object |undefined|NaN|Invalid Date/);
    expect(m).not.toMatch(FORBIDDEN);
  };

  it('parseCommand never throws; an invalid command says what is expected', async () => {
    await fuzz('parseCommand', hostileCommand(), (raw) => {
      const cmd = parseCommand(cleanText(raw), { ackKeywords: policy.ackKeywords, noticePrefixes: policy.noticePrefixes });
      if (cmd.kind === 'invalid') readable(cmd.message);
    }, { numRuns: 300 });
  });

  it('the feedback intake never throws; a refusal is readable, a draft clean', async () => {
    await fuzz('parseIntake', hostileCommand().map((s) => cleanText(s.replace(/^\S*反馈\s*/, ''))), (text) => {
      const d = parseIntake(org, text, false);
      if ('message' in d) readable(d.message);
      else expect(JSON.stringify(d)).not.toMatch(/\\u000[0-8]|\\u001[0-9a-f]/);
    }, { numRuns: 300 });
  });

  it('form fields never throw; a refusal is readable, over-long fields are refused', async () => {
    const keys = fc.constantFrom('receivingDept', 'deadline', 'replyBy', 'nature', 'subject', 'time', 'place', 'people', 'event', 'requiredResult', 'urgent', 'attachments');
    await fuzz('toFormChanges', fc.dictionary(keys, hostileOrLong(), { maxKeys: 6 }), (raw) => {
      const fields = cleanFields(raw);
      const c = toFormChanges(fields, policy, { org, now: Date.UTC(2026, 10, 24, 1) });
      if ('message' in c) readable(c.message);
      else expect(fieldTooLong(fields)).toBeUndefined();
    }, { numRuns: 300 });
  });
});

describe('cleanView (every platform sender passes through it)', () => {
  it('cleans title, lines, fields and button labels; keeps commands and the rest', () => {
    const v = cleanView({ title: 't\u0000', lines: ['a\u001b[31mb', 'c\u202e'], fields: [['k\u0007', 'v\u0085']], buttons: [{ label: '签\u0000收', command: '签收 TZ1' }], about: { kind: 'notice', ref: 'TZ1' } });
    expect(v).toEqual({ title: 't', lines: ['ab', 'c'], fields: [['k', 'v']], buttons: [{ label: '签收', command: '签收 TZ1' }], about: { kind: 'notice', ref: 'TZ1' } });
  });

  it('property: nothing forbidden leaves in any text of a view', async () => {
    await fuzz('cleanView', fc.record({ title: hostileOrLong(), lines: fc.array(hostileOrLong(), { maxLength: 4 }) }), (v) => {
      const c = cleanView(v);
      for (const t of [c.title, ...c.lines]) expect(t).not.toMatch(FORBIDDEN);
    }, { numRuns: 100 });
  });
});
