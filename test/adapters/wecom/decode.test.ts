/**
 * Decoding decrypted callback XML (protocols.md A.5): real payload shapes → InboundEvent, and
 * every other shape → a reason to ignore it.
 */
import { describe, expect, it } from 'vitest';
import { decodeWecomMessage, parseWecomXml, personForWecomUser, type WecomMessage } from '../../../src/adapters/wecom/decode.js';
import { buildOrg } from '../../../src/domain/org.js';
import { demoOrg } from '../../helpers/app.js';
import { cdata, clickXml, ENV, textXml, VECTOR } from './wecom-fixtures.js';

const org = demoOrg();
const ctx = { org, agentId: ENV.agentId };

function parsed(xml: string): WecomMessage {
  const p = parseWecomXml(xml);
  if (!p.ok) throw new Error(p.reason);
  return p.msg;
}

describe('parseWecomXml', () => {
  it('reads the official sample, keeping MsgId exact as a string', () => {
    expect(parsed(VECTOR.message)).toEqual({
      toUserName: 'wx5823bf96d3bd56c7',
      fromUserName: 'mycreate',
      createTime: '1409659813',
      msgType: 'text',
      content: 'hello',
      msgId: '4561255354251345929',
      agentId: '218',
    });
  });

  it('keeps CDATA text literally (markup and entities are content, not XML)', () => {
    expect(parsed(textXml('LiuMin', '<b>a</b> &amp; 收到', '1')).content).toBe('<b>a</b> &amp; 收到');
  });

  it.each([
    ['not xml', 'hello'],
    ['unclosed tag', '<xml><ToUserName>a</xml>'],
    ['truncated', VECTOR.message.slice(0, 120)],
    ['no root', '<other><A>1</A></other>'],
    ['empty root', '<xml></xml>'],
    ['missing fields', `<xml><ToUserName>${cdata('x')}</ToUserName></xml>`],
    ['bad CreateTime', textXml('LiuMin', 'x', '1', { ts: 'yesterday' })],
    ['doctype / entity expansion', '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Content>&a;&a;</Content></xml>'],
    ['repeated field', VECTOR.message.replace('<Content>', '<Content>x</Content><Content>')],
    ['nested field', VECTOR.message.replace('<![CDATA[hello]]>', '<b>hello</b>')],
    ['deep nesting', `<xml>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</xml>`],
  ])('refuses %s', (_name, xml) => {
    expect(parseWecomXml(xml).ok).toBe(false);
  });
});

describe('decodeWecomMessage', () => {
  it('maps a text message from a directory member to a direct-message event', () => {
    const d = decodeWecomMessage(parsed(textXml('LiuMin', ' 收到 ', '42')), ctx);
    expect(d).toEqual({ kind: 'message', user: 'LiuMin', event: { platform: 'wecom', sender: 'liu', where: { kind: 'dm' }, text: '收到' } });
  });

  it('matches userids case-insensitively (WeCom lowercases them in some answers)', () => {
    expect(personForWecomUser(org, 'liumin')).toBe('liu');
    expect(personForWecomUser(org, 'nobody')).toBeUndefined();
  });

  it('turns a template-card click into the button command text, with its ref and response code', () => {
    const d = decodeWecomMessage(parsed(clickXml('ZhaoQiang', '签收 SCB20261101', { taskId: 'sd_SCB20261101_x', responseCode: 'RC1' })), ctx);
    expect(d).toEqual({
      kind: 'click',
      user: 'ZhaoQiang',
      event: { platform: 'wecom', sender: 'zhao', where: { kind: 'dm' }, text: '签收 SCB20261101' },
      click: { user: 'ZhaoQiang', taskId: 'sd_SCB20261101_x', responseCode: 'RC1', ref: 'SCB20261101' },
    });
  });

  it('answers a stranger (not in the directory) instead of acting', () => {
    expect(decodeWecomMessage(parsed(VECTOR.message), { org })).toEqual({ kind: 'stranger', user: 'mycreate' });
    const withMe = buildOrg({ ...org, people: [...org.people, { id: 'me', name: '我', department: 'ZJB', platformIds: { wecom: 'mycreate' } }] });
    expect(decodeWecomMessage(parsed(VECTOR.message), { org: withMe })).toMatchObject({ kind: 'message', event: { sender: 'me', text: 'hello' } });
  });

  it.each([
    ['an image', textXml('LiuMin', 'x', '9').replace('<![CDATA[text]]>', '<![CDATA[image]]>'), 'unsupported_type:image'],
    ['enter_agent', `<xml><ToUserName>${cdata('c')}</ToUserName><FromUserName>${cdata('LiuMin')}</FromUserName><CreateTime>1</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('enter_agent')}</Event><AgentID>${ENV.agentId}</AgentID></xml>`, 'unsupported_event:enter_agent'],
    ['a key we did not make', clickXml('LiuMin', '', { key: 'key111' }), 'unknown_button_key'],
    ['a key with invalid UTF-8', clickXml('LiuMin', '', { key: `c_${Buffer.from([0xff, 0xfe]).toString('base64url')}` }), 'unknown_button_key'],
    ['another app', textXml('LiuMin', 'hi', '7', { agentId: 999 }), 'other_agent'],
    ['empty text', textXml('LiuMin', '   ', '8'), 'empty_text'],
  ])('ignores %s', (_name, xml, reason) => {
    expect(decodeWecomMessage(parsed(xml), ctx)).toEqual({ kind: 'ignore', reason });
  });
});
