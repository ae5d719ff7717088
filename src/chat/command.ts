/**
 * The platform-neutral command language (issue contract): what a chat message asks for, before any
 * lookup. `ref` is an optional form number (`SCB20261101`), draft (`#12`) or notice (`TZ12`); in a
 * form's thread it defaults to that form. Field values stay text: the router parses dates with the
 * policy's timezone and people against the org.
 */
import type { FeedbackCommand } from './feedback-command.js';
import type { TaskCommand } from './task-command.js';

export type RawFields = Record<string, string>;

export type Command =
  | { kind: 'form_new'; fields: RawFields }
  /** `change`: the words 同意延期 / 驳回延期, which answer a change request and nothing else. */
  | { kind: 'approve'; ref?: string; change?: true }
  | { kind: 'reject'; ref?: string; reason: string; change?: true }
  | { kind: 'submit'; ref?: string }
  | { kind: 'ack'; ref?: string }
  | { kind: 'sign'; ref?: string }
  | { kind: 'dispute'; ref?: string; reason: string }
  | { kind: 'revise'; ref?: string; fields: RawFields }
  | { kind: 'assign'; ref?: string; mentions: string[] }
  | { kind: 'request_change'; ref?: string; deadline: string; reason: string }
  | { kind: 'done'; ref?: string; result: string }
  | { kind: 'close'; ref?: string; evaluation: string }
  | { kind: 'follow_up'; ref?: string; text: string }
  | { kind: 'escalate'; ref?: string; reason: string }
  | { kind: 'withdraw'; ref?: string; reason: string }
  | { kind: 'transfer'; ref?: string; dept: string; reason: string }
  | { kind: 'notice'; mentions: string[]; text: string }
  | { kind: 'email'; mentions: string[]; text: string }
  | { kind: 'missed_call'; mentions: string[] }
  | { kind: 'todo' }
  | { kind: 'show'; ref: string }
  /** 导出 <编号>: the form as an XLSX file. */
  | { kind: 'export'; ref: string }
  | { kind: 'violations'; month?: string; mentions: string[] }
  | { kind: 'violations_export'; month?: string; mentions: string[] }
  | { kind: 'waive'; id: string; reason: string }
  /** 代理 @代理人 至 日期 [原因], or 代理 @请假人 由 @代理人 至 日期 [原因]; bare: the current ones. */
  | { kind: 'deputy'; absent?: string; deputy?: string; until?: string; reason?: string }
  /** 取消代理 [@请假人]. */
  | { kind: 'deputy_end'; absent?: string }
  /** 月度考评 [YYYY-MM] for HR and 总经办. */
  | { kind: 'assessment'; month?: string }
  /** 表扬名单 [YYYY-MM] (HR, 总经办) and 发布表扬 [YYYY-MM] (HR), issue 16 part 4. */
  | { kind: 'commendations' | 'commend_publish'; month?: string }
  | { kind: 'help' }
  /** 看板: a one-time dashboard login link. */
  | { kind: 'dashboard' }
  /** 信息反馈 commands (反馈, 受理, 解决, 搜索反馈 …): see `feedback-command.ts`. */
  | { kind: 'feedback'; cmd: FeedbackCommand }
  /** 任务 commands (任务, 进展/完成/确认 RW…, 退回): see `task-command.ts`. */
  | { kind: 'task'; cmd: TaskCommand }
  /** 汇报 <内容> (submit the open period's work report), 汇报 查看 [关键词] (list / search): src/app/work-reports. */
  | { kind: 'work_report'; text: string; list?: false }
  | { kind: 'work_report'; list: true; query?: string }
  /** Not a command: a comment in a thread, or unknown in a direct message. */
  | { kind: 'text'; text: string }
  /** A command word with missing or malformed arguments: `message` says what is expected. */
  | { kind: 'invalid'; message: string };

export type CommandKind = Command['kind'];
