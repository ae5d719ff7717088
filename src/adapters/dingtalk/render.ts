/**
 * The neutral `MessageView` → a DingTalk robot message (`msgKey` + `msgParam`,
 * protocols-dingtalk-more.md §5) or the string variables of our interactive card template
 * (bot-manifests/dingtalk-card.json). Pure.
 *
 * Text goes as `sampleMarkdown` (`title` is the notification preview). Buttons, without a card
 * template, use the documented fallback that needs none:
 * - in a 1:1 chat each button is a `dtmd://dingtalkclient/sendMessage?content=…` link, which makes
 *   the person send the button's command to the robot (second-hand, ⚠️ — so every button also
 *   says what to type: 回复「收到 TZ1」);
 * - in a group a dtmd message would not @ the robot, so buttons are only "@机器人 回复「…」" lines.
 * DingTalk chats have no threads, so a message about a form carries its number (【编号】) when
 * the view does not mention it already.
 */
import type { Button, MessageView } from '../../domain/message.js';
import { T } from '../../texts/zh.js';

/** A robot message for batchSend / groupMessages/send. */
export type DingtalkMessage =
  | { msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } }
  | { msgKey: 'sampleText'; msgParam: { content: string } };

export interface RenderOptions {
  /** The message goes to a group (no dtmd links: they would not reach the robot). */
  group?: boolean;
  /** The form this is about, added as 【编号】 when the view does not name it. */
  formNumber?: string;
}

/** Limits: markdown text kept under 5,000 characters (group msgParam ≤ 15,000 bytes), title 60. */
export const LIMITS = { text: 5000, title: 60 } as const;

export function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** The dtmd link that makes the person send `command` to the robot. */
export function dtmdLink(command: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;
}

/** Parses the command back out of a dtmd link (tests, the fake). */
export function commandOfDtmd(link: string): string | undefined {
  const m = /^dtmd:\/\/dingtalkclient\/sendMessage\?content=([^)\s]*)$/.exec(link);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

function mentions(view: MessageView, number: string): boolean {
  return [view.title ?? '', ...view.lines, ...(view.fields ?? []).flat()].some((s) => s.includes(number));
}

/** Markdown special characters that would change the rendering are escaped in labels. */
const label = (s: string) => s.replace(/[[\]()]/g, (c) => `\\${c}`);

function buttonLine(b: Button, group: boolean): string {
  if (group) return `- ${label(b.label)}:@我 并回复「${b.command}」`;
  return `- [${label(b.label)}](${dtmdLink(b.command)}) 或回复「${b.command}」`;
}

/** The title shown in the notification and on top of the message. */
export function titleOf(view: MessageView, formNumber?: string): string {
  const tag = formNumber && !mentions(view, formNumber) ? `【${formNumber}】` : '';
  return cut(`${tag}${view.title ?? view.lines[0] ?? '收到'}`, LIMITS.title);
}

/** The message body as DingTalk markdown (without buttons). */
export function bodyOf(view: MessageView, formNumber?: string): string {
  const tag = formNumber && !mentions(view, formNumber) ? `【${formNumber}】` : '';
  const out: string[] = [];
  if (view.title || tag) out.push(`### ${tag}${view.title ?? ''}`);
  out.push(...view.lines);
  for (const [k, v] of view.fields ?? []) out.push(`- **${k}**:${v || '—'}`);
  if (view.attachment) out.push(T.fileNotSentHere(view.attachment.name));
  // DingTalk markdown needs a blank line between paragraphs to keep line breaks.
  return out.join('\n\n');
}

/** Encodes a view as a robot message. */
export function renderMessage(view: MessageView, opts: RenderOptions = {}): DingtalkMessage {
  const buttons = (view.buttons ?? []).map((b) => buttonLine(b, opts.group === true));
  const text = [bodyOf(view, opts.formNumber), ...(buttons.length ? [buttons.join('\n')] : [])].join('\n\n');
  return { msgKey: 'sampleMarkdown', msgParam: { title: titleOf(view, opts.formNumber), text: cut(text, LIMITS.text) } };
}

/** The card template's variables (bot-manifests/dingtalk-card.json): all strings. */
export function cardParams(view: MessageView, formNumber?: string, status = ''): Record<string, string> {
  return {
    title: titleOf(view, formNumber),
    markdown: cut(bodyOf(view, formNumber), LIMITS.text),
    buttons: JSON.stringify((view.buttons ?? []).slice(0, 6).map((b) => ({ label: cut(b.label, 20), command: b.command }))),
    status,
  };
}

/** The plain text of a view, for a DING (which carries text only). */
export function plainText(view: MessageView, formNumber?: string): string {
  const lines = [titleOf(view, formNumber), ...(view.title ? view.lines : view.lines.slice(1))];
  return cut(lines.join('\n'), 500);
}
