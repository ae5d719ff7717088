/**
 * Decoding decrypted callback XML (protocols.md A.5): real payload shapes → the fields WeCom sent
 * (wire/xml.ts) → what they mean (decode.ts `PlatformInbound`), and every other shape → a reason
 * to ignore it. The directory lookup (case-insensitive for WeCom) is the shared chat layer's.
 */
import { describe, expect, it } from 'vitest';
import { decodeWecom } from '../../../src/adapters/wecom/decode.js';
import { parseWecomXml, type WecomMessage } from '../../../src/adapters/wecom/wire/xml.js';
import { personOn } from '../../../src/chat/directory.js';
import { demoOrg } from '../../helpers/app.js';
import { cdata, clickXml, ENV, textXml, VECTOR } from './wecom-fixtures.js';

const org = demoOrg();

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

describe('decodeWecom', () => {
  it('maps a text message to a message in the direct conversation, trimmed', () => {
    expect(decodeWecom(parsed(textXml('LiuMin', ' 收到 ', '42')))).toEqual({ kind: 'message', user: 'LiuMin', text: '收到', place: { kind: 'dm' }, reply: {} });
  });

  it('leaves the directory to the chat layer, which matches WeCom userids without regard to case', () => {
    expect(decodeWecom(parsed(VECTOR.message))).toMatchObject({ kind: 'message', user: 'mycreate', text: 'hello' });
    expect(personOn(org, 'wecom', 'liumin')).toBe('liu');
    expect(personOn(org, 'wecom', 'LIUMIN')).toBe('liu');
    expect(personOn(org, 'wecom', 'nobody')).toBeUndefined();
  });

  it('turns a template-card click into the button command text, with what updating the card needs', () => {
    const d = decodeWecom(parsed(clickXml('ZhaoQiang', '签收 SCB20261101', { taskId: 'sd_SCB20261101_x', responseCode: 'RC1' })));
    expect(d).toEqual({ kind: 'click', user: 'ZhaoQiang', command: '签收 SCB20261101', place: { kind: 'dm' }, reply: { taskId: 'sd_SCB20261101_x', responseCode: 'RC1' } });
  });

  it.each([
    ['an image', textXml('LiuMin', 'x', '9').replace('<![CDATA[text]]>', '<![CDATA[image]]>'), 'unsupported_type:image'],
    ['enter_agent', `<xml><ToUserName>${cdata('c')}</ToUserName><FromUserName>${cdata('LiuMin')}</FromUserName><CreateTime>1</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('enter_agent')}</Event><AgentID>${ENV.agentId}</AgentID></xml>`, 'unsupported_event:enter_agent'],
    ['a key we did not make', clickXml('LiuMin', '', { key: 'key111' }), 'unknown_button_key'],
    ['a key with invalid UTF-8', clickXml('LiuMin', '', { key: `c_${Buffer.from([0xff, 0xfe]).toString('base64url')}` }), 'unknown_button_key'],
    ['empty text', textXml('LiuMin', '   ', '8'), 'empty_text'],
  ])('ignores %s', (_name, xml, reason) => {
    expect(decodeWecom(parsed(xml))).toEqual({ kind: 'ignore', reason });
  });

  it('ignores anything that is not a stored WeCom payload', () => {
    for (const p of [null, 1, 'x', [], {}, { fromUserName: 1, msgType: 'text' }]) expect(decodeWecom(p).kind).toBe('ignore');
  });
});
