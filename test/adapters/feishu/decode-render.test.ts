/**
 * Feishu's pure halves: decode (src/adapters/feishu/decode.ts) on the payload shapes Feishu sends
 * — text and post, direct chats, groups and threads, mentions with the `@_user_1` / `@_user_10`
 * prefix trap, card clicks, bots and malformed content — and render (render.ts): JSON 2.0 shared
 * cards with callback buttons, text people wrote escaped so it mentions nobody.
 */
import { describe, expect, it } from 'vitest';
import { decodeFeishu } from '../../../src/adapters/feishu/decode.js';
import { clickedCard, escapeMarkdown, renderFeishu } from '../../../src/adapters/feishu/render.js';
import { openEnvelope } from '../../../src/adapters/feishu/wire/envelope.js';
import { buttonsOfCard } from '../../fakes/fake-feishu.js';
import { cardAction, messageEvent, readEvent } from './feishu-fixtures.js';

const people: Record<string, string> = { ou_zhao: 'zhao', ou_wang: 'wang' };
const ctx = { personOf: (u: string) => people[u] };
const payload = (ev: Record<string, unknown>) => {
  const e = openEnvelope(ev);
  if (!e.ok || e.kind !== 'event') throw new Error('not an event');
  return e.payload;
};

describe('decode', () => {
  it('reads a pushed read event: the reader, the bot messages it names (once each), the time in ms', () => {
    expect(decodeFeishu(payload(readEvent('ou_zhao', ['om_1', 'om_2', 'om_1'], 1795482000123)), ctx)).toEqual({ kind: 'read', user: 'ou_zhao', messages: ['om_1', 'om_2'], readAt: 1795482000123 });
    const seconds = readEvent('ou_zhao', ['om_1'], 1795482000);
    expect(decodeFeishu(payload(seconds), ctx)).toMatchObject({ kind: 'read', readAt: 1795482000_000 });
    const ev = readEvent('ou_zhao', ['om_1'], 1795482000123);
    const event = ev['event'] as Record<string, unknown>;
    for (const broken of [{ ...event, reader: { read_time: '1795482000123' } }, { ...event, message_id_list: [7, ''] }, { ...event, reader: { reader_id: { open_id: 'ou_zhao' }, read_time: '-1' } }]) {
      expect(decodeFeishu(payload({ ...ev, event: broken }), ctx)).toEqual({ kind: 'ignore', reason: 'malformed_read' });
    }
  });

  it('reads a direct text message', () => {
    expect(decodeFeishu(payload(messageEvent('ou_zhao', ' 我的待办 ', { eventId: 'e1' })), ctx)).toEqual({
      kind: 'message',
      user: 'ou_zhao',
      text: '我的待办',
      place: { kind: 'dm' },
      reply: { kind: 'message', chat: 'oc_p2p_ou_zhao', messageId: 'om_in_e1', p2p: true },
    });
  });

  it('replaces mentions longest key first, dropping the bot and strangers', () => {
    const mentions = [
      { key: '@_user_1', openId: 'ou_bot', name: '收到' },
      ...Array.from({ length: 8 }, (_, i) => ({ key: `@_user_${i + 2}`, openId: `ou_x${i}`, name: 'x' })),
      { key: '@_user_10', openId: 'ou_zhao', name: '赵强' },
    ];
    const d = decodeFeishu(payload(messageEvent('ou_wang', '@_user_1 通知 @_user_10 明早开会', { chatType: 'group', chatId: 'oc_g', mentions })), ctx);
    expect(d).toMatchObject({ kind: 'message', text: '通知 @zhao 明早开会', place: { kind: 'group', channel: 'oc_g' } });
  });

  it('reads a post, and a reply in a thread or a quoted reply in a direct chat', () => {
    const content = { title: '', content: [[{ tag: 'at', user_id: '@_user_1', user_name: 'bot' }, { tag: 'text', text: ' 收到' }], [{ tag: 'img', image_key: 'i' }]] };
    const d = decodeFeishu(payload(messageEvent('ou_zhao', '', { messageType: 'post', content, chatType: 'group', chatId: 'oc_g', rootId: 'om_root', mentions: [{ key: '@_user_1', openId: 'ou_bot', name: 'bot' }] })), ctx);
    expect(d).toMatchObject({ kind: 'message', text: '收到', place: { kind: 'thread', channel: 'oc_g', root: 'om_root' }, reply: { root: 'om_root', p2p: false } });
    const wrapped = { zh_cn: { title: '标题', content: [[{ tag: 'text', text: '正文' }]] } };
    expect(decodeFeishu(payload(messageEvent('ou_zhao', '', { messageType: 'post', content: wrapped })), ctx)).toMatchObject({ text: '标题\n正文' });
    expect(decodeFeishu(payload(messageEvent('ou_zhao', '收到', { rootId: 'om_card' })), ctx)).toMatchObject({ place: { kind: 'thread', channel: 'oc_p2p_ou_zhao', root: 'om_card', dm: true } });
  });

  it('reads a click on our button; ignores foreign buttons, bots, images and bad content', () => {
    expect(decodeFeishu(payload(cardAction('ou_zhao', { cmd: '签收 SCB20261101', dm: true }, { messageId: 'om_1', chatId: 'oc_p' })), ctx)).toEqual({
      kind: 'click',
      user: 'ou_zhao',
      command: '签收 SCB20261101',
      place: { kind: 'dm' },
      reply: { kind: 'click', chat: 'oc_p', messageId: 'om_1', p2p: true },
    });
    expect(decodeFeishu(payload(cardAction('ou_zhao', { cmd: '签收 X' }, { messageId: 'om_1', chatId: 'oc_g' })), ctx)).toMatchObject({ place: { kind: 'thread', channel: 'oc_g', root: 'om_1' } });
    for (const ev of [
      cardAction('ou_zhao', { op: 'x' }, { messageId: 'om', chatId: 'oc' }),
      cardAction('ou_zhao', { cmd: 'a\u0000b' }, { messageId: 'om', chatId: 'oc' }),
      messageEvent('ou_zhao', 'x', { senderType: 'app' }),
      messageEvent('ou_zhao', '', { messageType: 'text', content: { image_key: 'i' } }),
    ]) {
      expect(decodeFeishu(payload(ev), ctx).kind).toBe('ignore');
    }
    const broken = payload(messageEvent('ou_zhao', 'x'));
    (broken.event['message'] as Record<string, unknown>)['content'] = '{not json';
    expect(decodeFeishu(broken, ctx)).toEqual({ kind: 'ignore', reason: 'content_not_json' });
    expect(decodeFeishu(null, ctx).kind).toBe('ignore');
  });
});

describe('render', () => {
  it('makes a shared JSON 2.0 card with callback buttons carrying the command', () => {
    const body = renderFeishu({ title: '通知 TZ3', lines: ['明早八点开安全会'], buttons: [{ label: '收到', command: '收到 TZ3' }] }, { dm: true });
    expect(body.msgType).toBe('interactive');
    const card = body.content as Record<string, unknown>;
    expect(card).toMatchObject({ schema: '2.0', config: { update_multi: true }, header: { title: { content: '通知 TZ3' } } });
    expect(buttonsOfCard(card)).toEqual(['收到 TZ3']);
    expect(JSON.stringify(card)).toContain('"dm":true');
  });

  it('escapes what people wrote; mentions only whom the bot means', () => {
    expect(escapeMarkdown('<at id=all></at> **x**')).toBe('&lt;at id=all&gt;&lt;/at&gt; \\*\\*x\\*\\*');
    expect(renderFeishu({ lines: ['<at user_id="all"></at> hi'] }, { mention: 'ou_zhao' }).content).toEqual({ text: '<at user_id="ou_zhao"></at> ＜at user_id="all">＜/at> hi' });
    expect(JSON.stringify(clickedCard('赵强 已签收', { lines: ['已签收'] }))).not.toContain('callback');
  });
});
