import { describe, it, expect } from 'vitest';
import { formatDuration, formatDurationZh, parseDuration } from '../../src/domain/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['5s', 5 * S],
    ['30m', 30 * M],
    ['12h', 12 * H],
    ['2d', 2 * D],
    ['1h30m', H + 30 * M],
    ['1d2h3m4s', D + 2 * H + 3 * M + 4 * S],
    [' 30m ', 30 * M],
    ['0m', 0],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '   ', '30', 'm', '1x', '-5m', '30m1h', '1.5h', '30M', 'h30m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [-5 * M, '0m'],
    [5 * S, '5s'],
    [30 * M, '30m'],
    [90 * M, '1h30m'],
    [12 * H, '12h'],
    [2 * D + 3 * H, '2d3h'],
    [1500, '2s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips parseDuration', () => {
    for (const text of ['5s', '30m', '12h', '2d', '1h30m', '1d2h3m4s']) {
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    }
  });
});

describe('formatDurationZh', () => {
  it.each([
    [0, '不到1秒'],
    [30 * S, '30秒'],
    [30 * M, '30分钟'],
    [90 * M, '1小时30分钟'],
    [12 * H, '12小时'],
    [2 * D, '48小时'], // working-time spans are never shown as 24-hour days
    [D + 5 * M, '24小时5分钟'],
    [90 * S, '2分钟'], // minutes are rounded once a minute has passed
  ])('%d ms → %s', (ms, text) => {
    expect(formatDurationZh(ms)).toBe(text);
  });
});
