/**
 * Issue 18 item 12: acknowledging the way people write. The rule (src/domain/duty/ack.ts) as a
 * table of positive and negative examples, under the default policy and under a configured one.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicyYaml } from '../../../src/config/policy-file.js';
import { parseCommand, parseOptionsOf } from '../../../src/chat/parse-command.js';
import { isAckText } from '../../../src/domain/duty/ack.js';

const POLICY = DEFAULT_POLICY;

const ACKS = ['收到', '收到!', '收到!', '收到。', '收到~', '收到了', '收到了!', '收到啦', '收到,马上到', '收到,马上到', '收到。明早八点到',
  '已阅', '已读', '好的', '好的呀', 'OK', 'ok', 'Ok!', '👍', '👌', '收到👍', '知道了', '明白,我去安排'];
const NOT_ACKS = ['收到的货有问题', '收到货了吗', '我没收到', '收到?', '收到了吗?', '收到了吗', '没收到', '好的吧我想想再说?', 'okay', '已读不回是什么意思',
  '收到收到的东西呢', '明天再说', '', '👍?'];

describe('the ack rule (default policy)', () => {
  it.each(ACKS)('%s acknowledges', (text) => {
    expect(isAckText(text, POLICY)).toBe(true);
    expect(parseCommand(text, parseOptionsOf(POLICY))).toEqual({ kind: 'ack' });
  });
  it.each(NOT_ACKS)('%s does not', (text) => {
    expect(isAckText(text, POLICY)).toBe(false);
    expect(parseCommand(text, parseOptionsOf(POLICY)).kind).not.toBe('ack');
  });
});

describe('the ack rule is configurable', () => {
  const strict = parsePolicyYaml('ack_keywords: [收到, 了解]\nack_rule:\n  particles: []\n  more_after_punctuation: false\n', 'p.yaml');
  it.each([
    ['收到', true], ['了解!', true], ['收到了', false], ['收到,马上到', false], ['已阅', false], ['👍', false],
  ] as const)('%s → %s with no particles and nothing after punctuation', (text, ack) => {
    expect(isAckText(text, strict)).toBe(ack);
    expect(parseCommand(text, parseOptionsOf(strict)).kind === 'ack').toBe(ack);
  });
});
