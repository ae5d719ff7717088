/**
 * Text → `Command`. Pure and table-driven (`command-words.ts`): the first word picks the command,
 * an optional reference follows, `@` mentions are collected, and `key: value` lines carry form
 * fields. Anything that is not a command comes back as `text`; a command with missing arguments
 * as `invalid` with the expected usage.
 */
import type { Command, RawFields } from './command.js';
import { CHANGE_WORDS, COMMAND_WORDS, FIELD_WORDS } from './command-words.js';
import { USAGE } from '../texts/usage.js';
import { parseFeedbackCommand } from './feedback-command.js';
import { parseTaskCommand } from './task-command.js';
import { parseReportCommand } from './report-command.js';
import { matchesAck } from '../domain/duty/ack.js';
import type { Policy } from '../domain/policy.js';

export interface ParseOptions {
  ackKeywords: string[];
  noticePrefixes: string[];
  /** How a reply may go on after an ack keyword (domain/duty/ack.ts); absent = the keyword alone. */
  ackRule?: Policy['ackRule'];
}

/** The parse options of a policy: every caller uses this, so all of them read acks the same way. */
export function parseOptionsOf(policy: Pick<Policy, 'ackKeywords' | 'ackRule' | 'noticePrefixes'>): ParseOptions {
  return { ackKeywords: policy.ackKeywords, noticePrefixes: policy.noticePrefixes, ackRule: policy.ackRule };
}

const REF = /^(#\d+|[A-Z]{2,5}\d{8,}|TZ\d+|WG\d+|FK\d{8}-\d{3,}|RW\d{6}-\d{3,})$/;
const MENTION = /@([^\s@,，、;；:：]+)/g;
/** The command words, the longest first; `english` ones need a boundary (`startsWithWord`), worked out once here, not per word and line. */
const BY_LENGTH = [...COMMAND_WORDS].sort((a, b) => b[0].length - a[0].length).map(([word, kind]) => ({ word, kind, english: /^[a-z?]/i.test(word) }));

export function parseCommand(input: string, opts: ParseOptions): Command {
  const text = input.replace(/\r/g, '').trim();
  if (!text) return { kind: 'invalid', message: USAGE.empty };
  const ack = ackOf(text, opts);
  if (ack) return ack;
  for (const prefix of opts.noticePrefixes) {
    if (text.startsWith(prefix)) return mentionsCommand('notice', text.slice(prefix.length));
  }
  const [firstLine, ...moreLines] = text.split('\n');
  const hit = BY_LENGTH.find((w) => startsWithWord(firstLine!, w));
  if (!hit) return { kind: 'text', text };
  const { word, kind } = hit;
  const rest = firstLine!.slice(word.length).trim();
  const body = [rest, ...moreLines].join('\n').trim();
  const { ref, remainder } = takeRef(body);
  // 任务, 退回, and 进展/完成/确认 followed by an RW number (task-command.ts).
  const task = parseTaskCommand(word, body);
  if (task) return 'invalid' in task ? { kind: 'invalid', message: task.invalid } : { kind: 'task', cmd: task };

  switch (kind) {
    case 'form_new':
      return formNew(rest, moreLines);
    case 'approve':
      return CHANGE_WORDS.includes(word) ? { kind, ref, change: true } : { kind, ref };
    case 'submit':
    case 'sign':
    case 'ack':
    case 'todo':
    case 'help':
      return kind === 'todo' || kind === 'help' ? { kind } : { kind, ref };
    case 'dashboard':
      return { kind };
    case 'reject':
      return CHANGE_WORDS.includes(word) ? { kind, ref, reason: remainder, change: true } : { kind, ref, reason: remainder };
    case 'dispute':
      return remainder ? { kind, ref, reason: remainder } : { kind: 'invalid', message: USAGE.dispute };
    case 'revise': {
      const fields = parseFields(remainder.split(/\n|[;；]/));
      if ('message' in fields) return { kind: 'invalid', message: fields.message };
      return Object.keys(fields).length ? { kind, ref, fields } : { kind: 'invalid', message: USAGE.revise };
    }
    case 'assign': {
      const mentions = mentionsIn(remainder);
      return mentions.length ? { kind, ref, mentions } : { kind: 'invalid', message: USAGE.assign };
    }
    case 'request_change': {
      const m = /^(\S+(?:\s+\d{1,2}:\d{2})?)\s*([\s\S]*)$/.exec(remainder);
      if (!m || !m[2]!.trim()) return { kind: 'invalid', message: USAGE.requestChange };
      return { kind, ref, deadline: m[1]!, reason: m[2]!.trim() };
    }
    case 'done':
      return remainder ? { kind, ref, result: remainder } : { kind: 'invalid', message: USAGE.done };
    case 'close':
      return remainder ? { kind, ref, evaluation: remainder } : { kind: 'invalid', message: USAGE.close };
    case 'follow_up':
      return { kind, ref, text: remainder };
    case 'escalate':
      return { kind, ref, reason: remainder };
    case 'withdraw':
      return remainder ? { kind, ref, reason: remainder } : { kind: 'invalid', message: USAGE.withdraw };
    case 'transfer': {
      const m = /^(\S+)\s+([\s\S]+)$/.exec(remainder);
      return m ? { kind, ref, dept: m[1]!, reason: m[2]!.trim() } : { kind: 'invalid', message: USAGE.transfer };
    }
    case 'notice':
    case 'email':
      return mentionsCommand(kind, body);
    case 'missed_call': {
      const mentions = mentionsIn(body);
      return mentions.length === 1 ? { kind, mentions } : { kind: 'invalid', message: USAGE.missedCall };
    }
    case 'show':
      return ref ? { kind, ref } : { kind: 'invalid', message: USAGE.show };
    case 'export':
      return ref && !ref.startsWith('FK') ? { kind, ref } : { kind: 'invalid', message: USAGE.exportForm };
    case 'violations':
    case 'violations_export': {
      const month = /(\d{4})-(\d{1,2})/.exec(body);
      if (month && (Number(month[2]) < 1 || Number(month[2]) > 12)) return { kind: 'invalid', message: USAGE.badMonth(month[0]) };
      const mentions = mentionsIn(body);
      return { kind, month: month ? `${month[1]}-${month[2]!.padStart(2, '0')}` : undefined, mentions };
    }
    case 'assessment':
    case 'commendations':
    case 'commend_publish': {
      const month = /^(\d{4})-(\d{1,2})$/.exec(body.trim());
      if (body.trim() && !month) return { kind: 'invalid', message: USAGE.badMonth(body.trim()) };
      return month ? { kind, month: `${month[1]}-${month[2]!.padStart(2, '0')}` } : { kind };
    }
    case 'feedback':
      return { kind, cmd: parseFeedbackCommand(word, [rest, ...moreLines].join('\n'), text) };
    case 'work_report':
      return parseReportCommand(body);
    case 'deputy': {
      if (!body) return { kind };
      // 代理 @乙 至 2026-12-10 [原因] · 代理 @甲 由 @乙 至 2026-12-10 [原因]
      const m = /^@(\S+)\s+(?:由\s*@(\S+)\s+)?(?:至|到|until)\s*(\d{4}-\d{1,2}-\d{1,2})\s*([\s\S]*)$/.exec(body);
      if (!m) return { kind: 'invalid', message: USAGE.deputy };
      const reason = m[4]!.trim();
      const who = m[2] ? { absent: m[1]!, deputy: m[2] } : { deputy: m[1]! };
      return { kind, ...who, until: m[3]!, ...(reason ? { reason } : {}) };
    }
    case 'deputy_end': {
      const mentions = mentionsIn(body);
      return mentions.length <= 1 ? { kind, ...(mentions[0] ? { absent: mentions[0] } : {}) } : { kind: 'invalid', message: USAGE.deputy };
    }
    case 'waive': {
      const m = /^(?:WG)?(\d{1,9})\s+([\s\S]+)$/.exec(body);
      return m ? { kind, id: m[1]!, reason: m[2]!.trim() } : { kind: 'invalid', message: USAGE.waive };
    }
    default:
      return { kind: 'text', text };
  }
}

function ackOf(text: string, opts: ParseOptions): Command | undefined {
  const keywords = opts.ackKeywords.map((k) => k.toLowerCase());
  const rule = opts.ackRule ?? { particles: [], moreAfterPunctuation: false };
  if (matchesAck(text, { keywords: opts.ackKeywords, particles: rule.particles, moreAfterPunctuation: rule.moreAfterPunctuation })) return { kind: 'ack' };
  const m = /^(\S+)\s+(\S+)$/.exec(text);
  if (m && keywords.includes(m[1]!.toLowerCase()) && REF.test(m[2]!)) return { kind: 'ack', ref: m[2]! };
  return undefined;
}

/** Chinese words may run into their argument (`驳回原因…`); English words need a boundary. */
function startsWithWord(line: string, { word, english }: { word: string; english: boolean }): boolean {
  if (english) {
    const head = line.slice(0, word.length).toLowerCase();
    return head === word && (line.length === word.length || /\s/.test(line[word.length]!));
  }
  return line.startsWith(word);
}

function takeRef(body: string): { ref?: string; remainder: string } {
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(body);
  if (m && REF.test(m[1]!)) return { ref: m[1]!, remainder: (m[2] ?? '').trim() };
  return { remainder: body };
}

function mentionsIn(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => m[1]!);
}

function mentionsCommand(kind: 'notice' | 'email', body: string): Command {
  const mentions = mentionsIn(body);
  const rest = body.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  if (!mentions.length) return { kind: 'invalid', message: kind === 'notice' ? USAGE.notice : USAGE.email };
  if (!rest) return { kind: 'invalid', message: USAGE.noticeText };
  return { kind, mentions, text: rest };
}

/** `新建联络单 <部门> <期限 YYYY-MM-DD [HH:mm]> [性质] <主题>` plus optional `key: value` lines. */
function formNew(firstRest: string, moreLines: string[]): Command {
  let lines = moreLines;
  const fields: RawFields = {};
  if (firstRest && /^[^\s:：]+[:：]/.test(firstRest)) {
    // `新建联络单 收文部门: JSB; 期限: 2026-12-01; 主题: …` — fields on one line.
    lines = [...firstRest.split(/[;；]/), ...lines];
  } else if (firstRest) {
    // 部门 (code in any case, or name) · 期限 (YYYY-MM-DD, 明天, 下周一, 12/04, 12月4日) [HH:mm] · 主题
    const m = /^(\S+)\s+(\S+)(?:\s+(\d{1,2}:\d{2}))?\s+([\s\S]+)$/.exec(firstRest);
    if (!m) return { kind: 'invalid', message: USAGE.formNew };
    fields.receivingDept = m[1]!;
    fields.deadline = m[3] ? `${m[2]} ${m[3]}` : m[2]!;
    const [first, ...others] = m[4]!.trim().split(/\s+/);
    if (others.length && /^(要求协助|协助|工作指令|指令|事件跟催|其他|assist|directive|follow_up|other)$/.test(first!)) {
      fields.nature = first!;
      fields.subject = others.join(' ');
    } else fields.subject = m[4]!.trim();
  }
  const more = parseFields(lines);
  if ('message' in more) return { kind: 'invalid', message: more.message };
  return { kind: 'form_new', fields: { ...fields, ...more } };
}

/** `key: value` lines (either colon); blank lines skipped; an unknown key is an error. */
export function parseFields(lines: string[]): RawFields | { message: string } {
  const out: RawFields = {};
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([^:：]+)[:：]\s*([\s\S]*)$/.exec(line);
    if (!m) return { message: USAGE.fieldLine(line) };
    const key = FIELD_WORDS[m[1]!.trim().toLowerCase()] ?? FIELD_WORDS[m[1]!.trim()];
    if (!key) return { message: USAGE.unknownField(m[1]!.trim()) };
    out[key] = m[2]!.trim();
  }
  return out;
}
