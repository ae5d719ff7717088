/**
 * MessageView → WeCom message bodies: card keys round-trip to the button's command, limits hold
 * (≤6 buttons, key alphabet and 128 bytes, 2048-byte content), and form messages carry the number.
 */
import { describe, expect, it } from 'vitest';
import { decodeButtonKey, encodeButtonKey, MAX_KEY_BYTES, newTaskId } from '../../../src/adapters/wecom/wire/button-key.js';
import { refInText } from '../../../src/chat/card-binding.js';
import { encodeView, truncateBytes, type TemplateCard } from '../../../src/adapters/wecom/render.js';
import { dedupeKey } from '../../../src/adapters/wecom/wire/dedupe-key.js';
import type { MessageView } from '../../../src/domain/message.js';

const KEY = /^[0-9A-Za-z_\-@]+$/;
const card = (b: ReturnType<typeof encodeView>): TemplateCard => {
  if (b.msgtype !== 'template_card' || b.template_card.card_type !== 'button_interaction') throw new Error(`expected a button card, got ${b.msgtype}`);
  return b.template_card;
};

describe('button keys and task ids', () => {
  it.each(['签收 SCB20261101', '同意 #12', '收到 TZ7', 'approve SCB20261101', '有异议 SCB20261101 期限太紧,需要到 11 月 30 日'])('round-trips %s', (command) => {
    const key = encodeButtonKey(command)!;
    expect(key).toMatch(KEY);
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(decodeButtonKey(key)).toBe(command);
  });

  it('refuses commands too long for a key, and keys it did not make', () => {
    expect(encodeButtonKey('很'.repeat(40))).toBeUndefined();
    for (const k of ['key111', 'c_', 'c_!!', 'c_AAE', `c_${'A'.repeat(200)}`, 'c_YWJj=', `c_${Buffer.from('a\u0000b').toString('base64url')}`]) {
      expect(decodeButtonKey(k)).toBeUndefined();
    }
  });

  it('makes task ids within the alphabet, carrying the ref, unique per call', () => {
    const a = newTaskId('#12', 1_700_000_000_000);
    const b = newTaskId('#12', 1_700_000_000_000);
    expect(a).toMatch(KEY);
    expect(a.startsWith('sd_d12_')).toBe(true);
    expect(a).not.toBe(b);
    expect(refInText('签收 SCB20261101')).toBe('SCB20261101');
    expect(refInText('收到')).toBeUndefined();
  });
});

describe('encodeView', () => {
  it('sends plain lines as text', () => {
    expect(encodeView({ lines: ['已签收。'] }, { taskId: 't1' })).toEqual({ msgtype: 'text', text: { content: '已签收。' } });
  });

  it('sends a title with fields as markdown', () => {
    const b = encodeView({ title: '待办', lines: ['两项'], fields: [['期限', '2026-11-27']] }, { taskId: 't1' });
    expect(b.msgtype).toBe('markdown');
    expect(b.msgtype === 'markdown' && b.markdown.content).toContain('**待办**');
  });

  it('sends buttons as a button_interaction card whose keys are the commands', () => {
    const view: MessageView = {
      title: '工作联络单 SCB20261101《二号锅炉图纸确认》',
      lines: [],
      fields: [['状态', '已下发'], ['期限', '2026-11-27 17:30']],
      buttons: [{ label: '签收', command: '签收 SCB20261101' }, { label: '有异议', command: '有异议 SCB20261101' }],
    };
    const c = card(encodeView(view, { taskId: 'sd_SCB20261101_1' }));
    expect(c.card_type).toBe('button_interaction');
    expect(c.task_id).toBe('sd_SCB20261101_1');
    expect(c.main_title.title).toContain('SCB20261101');
    expect(c.horizontal_content_list).toEqual([{ keyname: '状态', value: '已下发' }, { keyname: '期限', value: '2026-11-27 17:30' }]);
    expect(c.button_list.map((b) => decodeButtonKey(b.key))).toEqual(['签收 SCB20261101', '有异议 SCB20261101']);
  });

  it('keeps at most 6 buttons and lists the rest as replies; a too-long command is listed, not keyed', () => {
    const buttons = Array.from({ length: 9 }, (_, i) => ({ label: `选项${i}`, command: `签收 SCB2026110${i}` }));
    buttons.push({ label: '长', command: `备注 ${'很'.repeat(60)}` });
    const c = card(encodeView({ lines: ['哪一张?'], buttons }, { taskId: 't' }));
    expect(c.button_list).toHaveLength(6);
    expect(new Set(c.button_list.map((b) => b.key)).size).toBe(6);
    expect(c.sub_title_text).toContain('回复「签收 SCB20261106」');
    expect(c.sub_title_text).toContain('回复「签收 SCB20261108」');
  });

  it('adds the form number when a thread message does not mention it', () => {
    const t = encodeView({ lines: ['郑伟 这个图纸下周一前必须确认'] }, { taskId: 't', formNumber: 'SCB20261101' });
    expect(t).toEqual({ msgtype: 'text', text: { content: '【SCB20261101】\n郑伟 这个图纸下周一前必须确认' } });
    const c = card(encodeView({ lines: ['请签收'], buttons: [{ label: '签收', command: '签收' }] }, { taskId: 't', formNumber: 'SCB20261101' }));
    expect(c.main_title.desc).toBe('SCB20261101');
    const already = encodeView({ lines: ['联络单 SCB20261101 已签收'] }, { taskId: 't', formNumber: 'SCB20261101' });
    expect(already).toEqual({ msgtype: 'text', text: { content: '联络单 SCB20261101 已签收' } });
  });

  it('cuts content at 2048 bytes on a character boundary', () => {
    const t = encodeView({ lines: ['收'.repeat(1000)] }, { taskId: 't' });
    const content = t.msgtype === 'text' ? t.text.content : '';
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(content.endsWith('…')).toBe(true);
    expect(truncateBytes('abc', 10)).toBe('abc');
  });

  it('renders buttons as reply lines where cards are not allowed (group chats)', () => {
    const b = encodeView({ lines: ['请签收'], buttons: [{ label: '签收', command: '签收 SCB20261101' }] }, { taskId: 't', noCards: true });
    expect(b).toEqual({ msgtype: 'text', text: { content: '请签收\n回复「签收 SCB20261101」:签收' } });
  });
});

describe('dedupe keys (the inbox stores each once)', () => {
  const base = { toUserName: 'c', fromUserName: 'LiuMin', createTime: '100', agentId: '1' };
  it('keys messages by MsgId and events by sender, time, event, key, task and agent', () => {
    expect(dedupeKey({ ...base, msgType: 'text', msgId: '4561255354251345929', content: 'x' })).toBe('msg:4561255354251345929');
    const click = { ...base, msgType: 'event', event: 'template_card_event', eventKey: 'c_a', taskId: 't1' };
    expect(dedupeKey(click)).not.toBe(dedupeKey({ ...click, eventKey: 'c_b' }));
    expect(dedupeKey(click)).not.toBe(dedupeKey({ ...click, taskId: 't2' }));
    expect(dedupeKey(click)).toBe(dedupeKey({ ...click }));
  });
});
