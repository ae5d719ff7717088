/**
 * The `work_report` command (汇报制度, src/chat/command.ts), pure: `汇报 <内容>` submits the open
 * period's report (a definition's name may come first: `汇报 周报 <内容>`; the use case reads it
 * against the policy), `汇报 查看 [关键词]` / `汇报 搜索 <关键词>` lists the reports one wrote or
 * received. A bare `汇报` says what to write.
 */
import { TWR } from '../texts/work-reports.js';
import type { Command } from './command.js';

const LIST_WORDS = ['查看', '搜索', '列表', 'list', 'search', 'show'];

export function parseReportCommand(body: string): Command {
  const text = body.replace(/^[\s:：]+/, '').trim();
  if (!text) return { kind: 'invalid', message: TWR.noContent };
  const [first = ''] = text.split(/\s+/);
  if (LIST_WORDS.includes(first.toLowerCase())) {
    const query = text.slice(first.length).trim();
    return { kind: 'work_report', list: true, ...(query ? { query } : {}) };
  }
  return { kind: 'work_report', text };
}
