/**
 * The one-pass reader of decode.ts against fast-xml-parser (the general path): for every input,
 * `parseWecomXml` gives what the general path gives — on the shapes WeCom sends, on the shapes
 * that must go to the general path, and on thousands of random mutations of both. Also the
 * table-driven base64 check of crypto.ts against the regex it replaced.
 */
import { describe, expect, it } from 'vitest';
import { isBase64 } from '../../../src/adapters/wecom/wire/crypto.js';
import { flatFields, parseWecomXml } from '../../../src/adapters/wecom/wire/xml.js';
import { cdata, clickXml, ENV, textXml, VECTOR } from './wecom-fixtures.js';

const SAMPLES = [
  VECTOR.message,
  textXml('LiuMin', '收到', '1'),
  textXml('LiuMin', '  有空格  ', '2'),
  textXml('LiuMin', '<b>a</b> &amp; 收到 ]] > x', '3'),
  textXml('LiuMin', '第一行\n第二行\t😀\u3000', '4'),
  clickXml('ZhaoQiang', '签收 SCB20261101'),
  `<?xml version="1.0" encoding="UTF-8"?>${textXml('LiuMin', 'x', '5')}`,
  `\n  ${textXml('LiuMin', 'x', '6')}\n`,
  textXml('LiuMin', 'x', '7').replace('<MsgId>7</MsgId>', '<MsgId> 7 </MsgId>'),
  textXml('LiuMin', 'x', '8').replace('<MsgId>8</MsgId>', '<MsgId>\u30008\u3000</MsgId>'),
  textXml('LiuMin', 'x', '9').replace(`<Content>${cdata('x')}</Content>`, '<Content>a &amp; b</Content>'),
  textXml('LiuMin', 'x', '10').replace(`<Content>${cdata('x')}</Content>`, '<Content>a > b</Content>'),
  textXml('LiuMin', 'x', '11').replace(`<Content>${cdata('x')}</Content>`, `<Content> ${cdata('x')} </Content>`),
  textXml('LiuMin', 'x', '12').replace(`<Content>${cdata('x')}</Content>`, `<Content>${cdata('a')}${cdata('b')}</Content>`),
  textXml('LiuMin', 'x', '13').replace(`<Content>${cdata('x')}</Content>`, '<Content/>'),
  textXml('LiuMin', 'x', '14').replace(`<Content>${cdata('x')}</Content>`, '<Content></Content>'),
  textXml('LiuMin', 'x', '15').replace('<Content>', '<Content lang="zh">'),
  textXml('LiuMin', 'x', '16').replace('<Content>', '<!-- c --><Content>'),
  textXml('LiuMin', 'x', '17').replace('<AgentID>', '<Extra-Tag>1</Extra-Tag><AgentID>'),
  textXml('LiuMin', 'x', '18').replace('<AgentID>', '<Extra_1>1</Extra_1><AgentID>'),
  textXml('LiuMin', 'x', '19').replace('<AgentID>', '<AgentID>1</AgentID><AgentID>'),
  textXml('LiuMin', 'x', '20').replace('<xml>', '<XML>').replace('</xml>', '</XML>'),
  textXml('LiuMin', 'x', '21').replace('</xml>', '</xml><xml></xml>'),
  textXml('LiuMin', 'x', '22').replace('</xml>', '</xml>junk'),
  clickXml('ZhaoQiang', '签收 SCB20261101').replace('</xml>', '<SelectedItems><SelectedItem><QuestionKey>q</QuestionKey></SelectedItem></SelectedItems></xml>'),
  `<xml><ToUserName>${cdata(ENV.corpId)}</ToUserName></xml>`,
  '<xml></xml>',
  '<xml> </xml>',
  '<xml><A>1</A></xml>',
  // Closing tags with a damaged `<` or `/` (found by the running bot's fuzz: a bit flip in Encrypt).
  textXml('LiuMin', 'x', '23').replace(']]></ToUserName>', ']]>\u00ff/ToUserName>'),
  textXml('LiuMin', 'x', '24').replace(']]></ToUserName>', ']]><\u00ffToUserName>'),
  textXml('LiuMin', 'x', '25').replace('</MsgId>', 'x/MsgId>'),
];

const PIECES = ['<', '>', '/', '!', '[', ']', '&', ';', ' ', '\n', 'a', '<![CDATA[', ']]>', '</xml>', '<xml>', '&amp;', '"', '=', '?', '-', '\u3000', '收'];

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseWecomXml: the one-pass reader agrees with fast-xml-parser', () => {
  it.each(SAMPLES.map((x, i) => [i, x]))('sample %i', (_i, xml) => {
    expect(parseWecomXml(xml)).toEqual(parseWecomXml(xml, { general: true }));
  });

  it('the shapes WeCom sends take the one-pass reader and read right', () => {
    // The fast path must actually be taken (a reader that always declined would pass the rest).
    for (const xml of [VECTOR.message, textXml('LiuMin', '收到', '1'), clickXml('ZhaoQiang', '签收 SCB20261101')]) expect(flatFields(xml), xml).toBeDefined();
    expect(flatFields(textXml('LiuMin', 'x', '15').replace('<Content>', '<Content lang="zh">'))).toBeUndefined();
    expect(parseWecomXml(textXml('LiuMin', ' 收到 ', '42'))).toEqual({
      ok: true,
      msg: { toUserName: ENV.corpId, fromUserName: 'LiuMin', createTime: expect.any(String) as string, msgType: 'text', content: ' 收到 ', msgId: '42', agentId: String(ENV.agentId) },
    });
  });

  it('on 20,000 random mutations', () => {
    const rand = prng(6);
    const int = (n: number) => Math.floor(rand() * n);
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      let xml = SAMPLES[int(SAMPLES.length)]!;
      for (let e = 1 + int(3); e > 0; e--) {
        const at = int(xml.length + 1);
        const op = int(4);
        if (op === 0) xml = xml.slice(0, at) + PIECES[int(PIECES.length)]! + xml.slice(at);
        else if (op === 3) xml = xml.slice(0, at) + String.fromCharCode(int(256)) + xml.slice(at + 1);
        else if (op === 1) xml = xml.slice(0, at) + xml.slice(at + 1 + int(4));
        else if (op === 2) xml = xml.slice(0, at);
      }
      const fast = parseWecomXml(xml);
      expect(fast, xml).toEqual(parseWecomXml(xml, { general: true }));
      if (fast.ok) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe('isBase64 (crypto.ts) against the regex it replaces', () => {
  it('agrees on edge cases and 20,000 random strings', () => {
    const re = /^[A-Za-z0-9+/]+={0,2}$/;
    const cases = ['', '=', '==', 'A', 'A=', 'A==', 'A===', '=A', 'AB=C', 'AB-_', 'AB\u00e9C', 'AB C', 'AB\nC', 'abc+/09', '+/+/'];
    const rand = prng(7);
    const alphabet = 'AZaz09+/=-_ \n\u00e9\u6536';
    for (let k = 0; k < 20_000; k++) cases.push(Array.from({ length: Math.floor(rand() * 9) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    for (const c of cases) expect(isBase64(c), JSON.stringify(c)).toBe(re.test(c));
  });
});
