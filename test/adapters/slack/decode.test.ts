/**
 * The pure decoders on real payload shapes (Events API, block actions, slash commands, view
 * submissions) and Slack's message markup turned into command text.
 */
import { describe, expect, it } from 'vitest';
import { decodeButton, decodeCommand, decodeEvent, decodeSubmission, fromSlackText } from '../../../src/adapters/slack/decode.js';
import { blockAction, date, eventBody, messageEvent, reactionEvent, slashCommand, text, users, viewSubmission } from './slack-fixtures.js';

const self = { botUserId: 'UBOT', botId: 'BBOT' };
const people: Record<string, string> = { U0ZHAO: 'zhao', U0LIN: 'lin' };
const personOf = (u: string) => people[u];

describe('decodeEvent', () => {
  it('takes a DM, a channel message and a thread reply', () => {
    expect(decodeEvent(eventBody(messageEvent('U0ZHAO', 'DU0ZHAO', '帮助', { ts: '1.1' }), 'Ev1'), self)).toEqual({
      kind: 'message', eventId: 'Ev1', user: 'U0ZHAO', channel: 'DU0ZHAO', channelType: 'im', ts: '1.1', text: '帮助',
    });
    const reply = decodeEvent(eventBody(messageEvent('U0LIN', 'C0SCB', '收到', { ts: '2.2', threadTs: '1.1' })), self);
    expect(reply).toMatchObject({ kind: 'message', channelType: 'channel', threadTs: '1.1' });
    // A thread's root (thread_ts equal to its own ts) is not a reply.
    expect(decodeEvent(eventBody(messageEvent('U0LIN', 'C0SCB', 'x', { ts: '1.1', threadTs: '1.1' })), self)).not.toHaveProperty('threadTs');
    expect(decodeEvent(eventBody({ ...messageEvent('U0LIN', 'C0SCB', 'x'), subtype: 'thread_broadcast' }), self)).toMatchObject({ kind: 'message' });
  });

  it('ignores our own and other bots’ messages, edits, joins, and unknown events', () => {
    const ignore = (e: Record<string, unknown>) => decodeEvent(eventBody(e), self).kind;
    expect(ignore(messageEvent('UBOT', 'C1', 'x'))).toBe('ignore');
    expect(ignore({ ...messageEvent('U0ZHAO', 'C1', 'x'), bot_id: 'BOTHER' })).toBe('ignore');
    expect(ignore({ ...messageEvent('U0ZHAO', 'C1', 'x'), subtype: 'message_changed' })).toBe('ignore');
    expect(ignore({ ...messageEvent('U0ZHAO', 'C1', 'x'), subtype: 'channel_join' })).toBe('ignore');
    expect(ignore({ type: 'team_join', user: {} })).toBe('ignore');
    expect(decodeEvent({ type: 'event_callback' }, self).kind).toBe('ignore');
    expect(decodeEvent(null, self).kind).toBe('ignore');
  });

  it('takes reactions on messages and the home tab', () => {
    expect(decodeEvent(eventBody(reactionEvent('U0ZHAO', 'C0SCB', '1.1', 'eyes'), 'Ev2'), self)).toEqual({
      kind: 'reaction', eventId: 'Ev2', user: 'U0ZHAO', reaction: 'eyes', channel: 'C0SCB', ts: '1.1',
    });
    expect(decodeEvent(eventBody({ type: 'reaction_added', user: 'U0ZHAO', reaction: 'eyes', item: { type: 'file', file: 'F1' } }), self).kind).toBe('ignore');
    expect(decodeEvent(eventBody({ type: 'app_home_opened', user: 'U0ZHAO', tab: 'home' }, 'Ev3'), self)).toEqual({ kind: 'home', eventId: 'Ev3', user: 'U0ZHAO' });
    expect(decodeEvent(eventBody({ type: 'app_home_opened', user: 'U0ZHAO', tab: 'messages' }), self).kind).toBe('ignore');
  });
});

describe('fromSlackText', () => {
  it('turns mentions into person ids, drops a leading bot mention, keeps link labels and unescapes', () => {
    expect(fromSlackText('【通知】 <@U0ZHAO> <@U0LIN|lin> <@U0X> 明早 &lt;八点&gt; &amp; 开会', personOf)).toBe('【通知】 @zhao @lin @U0X 明早 <八点> & 开会');
    expect(fromSlackText('<@UBOT> 我的待办', personOf, 'UBOT')).toBe('我的待办');
    expect(fromSlackText('附件: <https://x.example/a.pdf|图纸> <https://y.example> <#C0SCB|scb> <!here>', personOf)).toBe('附件: 图纸 https://y.example #scb @here');
  });
});

describe('interactive payloads', () => {
  it('decodes our button presses in messages, threads and the home tab, and nothing else', () => {
    expect(decodeButton(blockAction('U0LIN', '签收 SCB20261101', { channel: 'C0XSB', messageTs: '1.1' }, 'https://r'))).toMatchObject({
      kind: 'button', user: 'U0LIN', command: '签收 SCB20261101', channel: 'C0XSB', messageTs: '1.1', responseUrl: 'https://r', inHome: false,
    });
    expect(decodeButton(blockAction('U0LIN', '收到', { channel: 'C0XSB', messageTs: '2.2', threadTs: '1.1' }))).toMatchObject({ threadTs: '1.1' });
    const home = decodeButton(blockAction('U0LIN', '收到 TZ1', { home: true }))!;
    expect(home.inHome).toBe(true);
    expect(home).not.toHaveProperty('channel');
    const other = blockAction('U0LIN', 'x', { channel: 'C1', messageTs: '1' }) as { actions: Array<Record<string, unknown>> };
    other.actions[0]!['action_id'] = 'someone_else';
    expect(decodeButton(other)).toBeUndefined();
  });

  it('decodes slash commands and view submissions of every input type', () => {
    expect(decodeCommand(slashCommand('U0ZHAO', 'C0SCB', ' 我的待办 ', 'https://r'))).toMatchObject({ user: 'U0ZHAO', command: '/shoudao', text: '我的待办', channel: 'C0SCB', responseUrl: 'https://r' });
    const s = decodeSubmission(viewSubmission('U0ZHAO', { callback_id: 'shoudao_step', private_metadata: '{"a":1}' }, {
      text: text('理由'), date: date('2026-12-01'), people: users(['U1', 'U2']), time: { type: 'timepicker', selected_time: '14:30' },
      urgent: { type: 'checkboxes', selected_options: [{ value: '是' }] }, empty: { type: 'plain_text_input', value: null },
    }));
    expect(s).toEqual({
      user: 'U0ZHAO', callbackId: 'shoudao_step', privateMetadata: '{"a":1}',
      values: { text: '理由', date: '2026-12-01', people: ['U1', 'U2'], time: '14:30', urgent: ['是'], empty: undefined },
    });
    expect(decodeSubmission({ type: 'view_closed' })).toBeUndefined();
  });
});
