/** The small pure pieces of the reports: months, working-time spans, duty outcomes, CSV fields. */
import { describe, expect, it } from 'vitest';
import type { Duty } from '../../../src/domain/duty/duty.js';
import { dutyOutcome } from '../../../src/domain/report/form-outcomes.js';
import { isMonth, monthRange, previousMonth } from '../../../src/domain/report/period.js';
import { csvField, FORMULA_START, neutralCell, sheetCell } from '../../../src/domain/spreadsheet.js';
import { fuzz, hostileText } from '../../fuzz/hostile.js';
import { workingSpanZh } from '../../../src/texts/reports.js';

describe('months', () => {
  it('accepts YYYY-MM only', () => {
    expect(['2026-01', '2026-12'].map(isMonth)).toEqual([true, true]);
    expect(['2026-13', '2026-00', '2026-1', '202611', '2026-11-01', ''].map(isMonth)).toEqual([false, false, false, false, false, false]);
  });

  it('is local midnight to local midnight, December into January', () => {
    expect(monthRange('2026-12', 'Asia/Shanghai')).toEqual({ from: Date.parse('2026-11-30T16:00:00Z'), to: Date.parse('2026-12-31T16:00:00Z') });
    // A zone with DST: March 2026 in New York starts at UTC-5 and ends at UTC-4.
    expect(monthRange('2026-03', 'America/New_York')).toEqual({ from: Date.parse('2026-03-01T05:00:00Z'), to: Date.parse('2026-04-01T04:00:00Z') });
  });

  it('knows the previous month in the timezone', () => {
    expect(previousMonth(Date.parse('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12'); // 1 January 00:30 local
    expect(previousMonth(Date.parse('2026-03-15T00:00:00Z'), 'Asia/Shanghai')).toBe('2026-02');
  });
});

describe('working-time spans', () => {
  it.each([
    [0, '0分钟'],
    [20_000, '0分钟'],
    [45 * 60_000, '45分钟'],
    [2.5 * 3_600_000, '2小时30分钟'],
    [32 * 3_600_000, '32小时'],
  ])('%i ms is %s (hours, never 24-hour days)', (ms, text) => expect(workingSpanZh(ms)).toBe(text));
});

describe('duty outcomes', () => {
  const duty = (over: Partial<Duty>): Duty => ({
    id: 1, person: 'zhao', rule: 'superior_notice', subject: { kind: 'notice', id: 1, ref: 'TZ1' }, title: 't',
    from: 'wang', createdAt: 0, dueAt: 100, status: 'open', ...over,
  });
  it.each<[string, Partial<Duty>, number, string]>([
    ['done by the due time', { status: 'done', doneAt: 100 }, 500, 'on_time'],
    ['done late with its violation', { status: 'done', doneAt: 150, violationId: 3 }, 500, 'late'],
    ['open past due, violation not yet recorded', {}, 101, 'late'],
    ['open, not yet due', {}, 100, 'pending'],
    ['cancelled', { status: 'cancelled' }, 500, 'cancelled'],
  ])('%s', (_name, over, asOf, outcome) => expect(dutyOutcome(duty(over), asOf)).toBe(outcome));
});

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks, and nothing else', () => {
    expect(['赵强', 20, 'a,b', 'say "收到"', 'two\nlines'].map(csvField)).toEqual(['赵强', '20', '"a,b"', '"say ""收到"""', '"two\nlines"']);
  });
});

describe('the spreadsheet output rule (issue 15 row 3)', () => {
  it('neutralises text cells beginning with = + - @ TAB or CR (OWASP), keeps numbers and other text', () => {
    expect(['=HYPERLINK("http://x","点此查看")', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b', '赵强'].map(neutralCell)).toEqual([
      '\'=HYPERLINK("http://x","点此查看")', "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'a=b', '赵强',
    ]);
    expect([-50, 20].map(sheetCell)).toEqual([-50, 20]);
    expect(csvField('=HYPERLINK("http://x","点此查看")')).toBe('"\'=HYPERLINK(""http://x"",""点此查看"")"');
    expect(csvField(-50)).toBe('-50');
  });

  it('property: no CSV field of hostile text begins with a formula character, quoted or not', async () => {
    await fuzz('csvField', hostileText(), (s) => {
      const f = csvField(s);
      const inner = f.startsWith('"') ? f.slice(1) : f;
      expect(inner).not.toMatch(FORMULA_START);
    }, { numRuns: 300 });
  });
});
