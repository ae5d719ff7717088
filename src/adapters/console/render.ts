/**
 * Renders the neutral message model as console text (the console protocol contract): a header line
 * (`>> to <person>`, `>> in <dept>`, `>> thread <number>[ → <person>]`), the text lines, fields as
 * `label:value`, buttons as `[按钮]`, then a blank line.
 */
import type { MessageView, Recipient } from '../../domain/message.js';

export function header(to: Recipient): string {
  switch (to.kind) {
    case 'person':
      return `>> to ${to.person}`;
    case 'dept':
      return `>> in ${to.dept}`;
    case 'announcements':
      return '>> in 公告';
    case 'thread':
      return `>> thread ${to.formNumber}${to.person ? ` → ${to.person}` : ''}`;
    case 'reply':
      return `>> to ${to.person ?? to.user}`;
    case 'sealed':
      // The anonymous feedback sender: the console never prints who it is (SPEC §2).
      return '>> to 匿名反馈人';
  }
}

export function renderView(to: Recipient, v: MessageView): string[] {
  const out = [header(to)];
  if (v.title) out.push(v.title);
  out.push(...v.lines.flatMap((l) => l.split('\n')));
  for (const [label, value] of v.fields ?? []) out.push(`${label}:${value}`);
  if (v.buttons?.length) out.push(v.buttons.map((b) => `[${b.label}]`).join(' '));
  if (v.attachment) out.push(`[附件 ${v.attachment.name},${Math.ceil((v.attachment.base64.length * 3) / 4)} 字节]`);
  out.push('');
  return out;
}
