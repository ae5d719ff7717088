import { describe, expect, it } from 'vitest';
import { renderSlack, SLACK_LIMITS, splitText } from '../../../src/adapters/slack/render.js';

describe('renderSlack (Block Kit)', () => {
  it('renders title, lines, fields and buttons whose value is the command', () => {
    const m = renderSlack(
      { title: '联络单 SCB20261101', lines: ['请签收 <重要> & 尽快'], fields: [['期限', '11月20日']], buttons: [{ label: '签收', command: '签收 SCB20261101' }] },
      { mention: 'U0LIN' },
    );
    expect(m.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '<@U0LIN> *联络单 SCB20261101*\n请签收 &lt;重要&gt; &amp; 尽快' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*期限*\n11月20日' }] },
      { type: 'actions', elements: [{ type: 'button', action_id: 'shoudao_cmd_0', text: { type: 'plain_text', text: '签收', emoji: true }, value: '签收 SCB20261101' }] },
    ]);
    expect(m.text).toBe('<@U0LIN> 联络单 SCB20261101\n请签收 &lt;重要&gt; &amp; 尽快\n期限: 11月20日');
  });

  it('splits long text at line ends into sections of at most 3000 characters', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(200, 'x'));
    const m = renderSlack({ lines });
    const texts = m.blocks.map((b) => ('text' in b ? b.text.text : ''));
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts.join('\n')).toBe(lines.join('\n'));
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
  });

  it('splits an overlong line without breaking an escape or a surrogate pair', () => {
    const chunks = splitText(['&'.repeat(1000) + '😀'.repeat(10)], 3000);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks.join('')).toBe('&amp;'.repeat(1000) + '😀'.repeat(10));
    expect(chunks.every((c) => !/&(a|am|amp)?$/.test(c))).toBe(true);
  });

  it('keeps within 50 blocks (text cut with a note), 10 fields a section, 25 buttons an actions block', () => {
    const m = renderSlack({
      lines: Array.from({ length: 100 }, () => 'y'.repeat(2999)),
      fields: Array.from({ length: 12 }, (_, i): [string, string] => [`f${i}`, 'v']),
      buttons: Array.from({ length: 30 }, (_, i) => ({ label: 'b'.repeat(100), command: `c${i}` })),
    });
    expect(m.blocks).toHaveLength(50);
    const kinds = m.blocks.map((b) => b.type);
    expect(kinds.slice(-4)).toEqual(['section', 'section', 'actions', 'actions']);
    const sections = m.blocks.filter((b) => 'text' in b);
    expect(sections.at(-1) && 'text' in sections.at(-1)! && sections.at(-1)!.text.text).toContain('truncated');
    const actions = m.blocks.filter((b) => b.type === 'actions');
    expect(actions.map((a) => ('elements' in a ? a.elements.length : 0))).toEqual([25, 5]);
    const button = actions[0]!.type === 'actions' ? actions[0]!.elements[0]! : undefined;
    expect(button?.text.text.length).toBe(SLACK_LIMITS.buttonText);
  });
});
