/**
 * `代登记` (issue 16 part 3) → an `OfflineBatch`, with a precise message for what is wrong:
 *
 * ```
 * 代登记 <来源> [匿名] [来自 @某人|来自 姓名] [<类别>] <内容>      (电话、面谈、邮件、反馈箱: one item;
 *                                                                 field lines 部门: / 时间: / 期望: as for 反馈)
 * 代登记 会议纪要 <日期> <会议名称>                                (a meeting: one item per following line)
 * [匿名] [来自 @某人] [<类别>] <内容> [来自 @某人]
 * ```
 *
 * A line without a category word is 其他. Blank lines between a meeting's items are skipped; a
 * message with no item, or an item line with no content, is refused naming the line. `来自` with an
 * `@` must name a person of the directory; without one, a directory name is that person and any
 * other name is kept as written (someone outside the directory, who hears back nowhere).
 */
import type { OfflineBatch, OfflineItemDraft, OfflinePerson } from '../app/feedback/register-offline.js';
import type { OfflineSource } from '../domain/feedback/feedback.js';
import { localDate } from '../domain/local-time.js';
import { findPerson, type Org } from '../domain/org.js';
import { TF } from '../texts/feedback.js';
import { TFO } from '../texts/feedback-offline.js';
import { parseIntake } from './feedback-intake.js';
import { leadingCategory, lookup } from './feedback-words.js';

/** The source words (Chinese first, English aliases). */
export const SOURCE_WORDS: Record<string, OfflineSource> = {
  会议纪要: 'meeting', 会议: 'meeting', 纪要: 'meeting', meeting: 'meeting', minutes: 'meeting',
  反馈箱: 'box', 意见箱: 'box', 留言板: 'box', box: 'box',
  面谈: 'interview', 谈话: 'interview', interview: 'interview',
  电话: 'phone', phone: 'phone',
  邮件: 'email', 电子邮件: 'email', email: 'email', mail: 'email',
};

/** The most items one message registers. */
export const MAX_OFFLINE_ITEMS = 50;

type Parsed = OfflineBatch | { message: string };

/** `text` is everything after `代登记`; `now` dates a meeting written without its year. */
export function parseOffline(org: Org, text: string, tz: string, now: number): Parsed {
  const lines = text.split('\n');
  const first = lines[0]!.trim();
  if (!first) return { message: TFO.usage };
  const word = /^[^\s:：]+/.exec(first)![0];
  const source = lookup(SOURCE_WORDS, word);
  if (!source) return { message: `${TFO.unknownSource(word)}\n${TFO.usage}` };
  const rest = first.slice(word.length).replace(/^[\s:：]+/, '');
  if (source !== 'meeting') {
    const body = [rest, ...lines.slice(1)].join('\n').trim();
    if (!body) return { message: TFO.noItems };
    const item = parseItem(org, body, 1);
    return 'message' in item ? item : { source, items: [item] };
  }
  const meeting = parseMeetingHeading(rest, tz, now);
  if ('message' in meeting) return meeting;
  const items: OfflineItemDraft[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const item = parseItem(org, lines[i]!.trim(), i + 1);
    if ('message' in item) return { message: TFO.lineError(i + 1, item.message) };
    items.push(item);
  }
  if (!items.length) return { message: TFO.noItems };
  if (items.length > MAX_OFFLINE_ITEMS) return { message: TFO.tooMany(MAX_OFFLINE_ITEMS) };
  return { source, meeting, items };
}

/** `2026-12-01 生产调度会`, `12月1日 生产调度会` → the date (`YYYY-MM-DD`) and the name. */
function parseMeetingHeading(text: string, tz: string, now: number): { date: string; name: string } | { message: string } {
  const m = /^(\S+)\s+(\S[\s\S]*)$/.exec(text.trim());
  if (!m) return { message: TFO.meetingHeading };
  const date = meetingDate(m[1]!, tz, now);
  return date ? { date, name: m[2]!.trim() } : { message: TFO.badMeetingDate(m[1]!) };
}

/** A meeting's day: with its year, or this year's (last year's when that is still ahead). */
function meetingDate(word: string, tz: string, now: number): string | undefined {
  const today = localDate(now, tz);
  const full = /^(\d{4})(?:-|\/|年)(\d{1,2})(?:-|\/|月)(\d{1,2})日?$/.exec(word);
  const short = full ? undefined : /^(\d{1,2})(?:\/|-|月)(\d{1,2})(?:日|号)?$/.exec(word);
  if (word === '今天') return today;
  if (!full && !short) return undefined;
  const [y, mo, d] = full ? [Number(full[1]), Number(full[2]), Number(full[3])] : [Number(today.slice(0, 4)), Number(short![1]), Number(short![2])];
  const day = (year: number) => (realDate(year, mo, d) ? `${year}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` : undefined);
  const found = day(y);
  if (!full && found && found > today) return day(y - 1);
  return found;
}

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const PREFIX = /^(?:(匿名)|来自(?:\s*[:：]\s*|\s+|(?=@)|$)(@?[^\s@,，、;；:：]+)?)(?=\s|$)\s*/;
const SUFFIX = /\s来自\s*[:：]?\s*@([^\s@,，、;；:：]+)\s*$/;

/** One item: its prefixes (匿名, 来自 …), a trailing `来自 @某人`, then what 反馈 reads. */
function parseItem(org: Org, text: string, line: number): OfflineItemDraft | { message: string } {
  let rest = text;
  let anonymous = false;
  let originWord: string | undefined;
  for (let m = PREFIX.exec(rest); m; m = PREFIX.exec(rest)) {
    if (m[1]) anonymous = true;
    else if (!m[2]) return { message: TFO.originMissing };
    else originWord = m[2];
    rest = rest.slice(m[0].length);
  }
  const [head = '', ...more] = rest.split('\n');
  const suffix = SUFFIX.exec(head);
  if (suffix && !originWord) {
    originWord = `@${suffix[1]}`;
    rest = [head.slice(0, suffix.index), ...more].join('\n');
  }
  if (!rest.trim()) return { message: TFO.lineEmpty(line) };
  const withCategory = leadingCategory(rest) ? rest : `其他 ${rest}`;
  const draft = parseIntake(org, withCategory, anonymous);
  if ('message' in draft) return { message: draft.message === TF.descriptionMissing ? TFO.lineEmpty(line) : draft.message };
  const origin = originWord === undefined ? undefined : originOf(org, originWord);
  if (origin && 'message' in origin) return origin;
  return { draft, ...(origin ? { origin } : {}), line };
}

function originOf(org: Org, word: string): OfflinePerson | { message: string } {
  const name = word.replace(/^@/, '');
  const p = findPerson(org, name);
  if (p) return { person: p.id };
  return word.startsWith('@') ? { message: TFO.unknownOrigin(name) } : { name };
}
