/**
 * 违规 [月份] [@某人] and 豁免: HR (and 总经办) see everyone's violations of a month; a department
 * leader or supervising leader sees those of their scope (their departments and every department
 * below, `scopeOf`) — bare `违规` lists the whole scope; everyone else sees their own. Asking for
 * someone outside what one may see is refused in so many words, never answered with "none".
 * HR waives one with a reason; tiers of the person's later violations that month move down.
 */
import { formatDurationZh } from '../domain/duration.js';
import { localMonth, formatLocal } from '../domain/local-time.js';
import { deptWithRole, isMemberOf, personName, scopeOf, type PersonId } from '../domain/org.js';
import { refuse } from '../domain/refusal.js';
import { RULE_ZH, TV } from '../texts/notices.js';
import type { Violation } from '../domain/duty/violation.js';
import { toCsv } from '../domain/feedback/feedback-export.js';
import type { AppDeps, Reply } from './deps.js';
import { waiveViolation } from './duty-ops.js';
import { XLSX_MIME } from './export-form.js';
import { fail, transact } from './transact.js';

function isHr(deps: AppDeps, p: PersonId): boolean {
  return isMemberOf(deps.org, p, deptWithRole(deps.org, 'hr').code);
}

/** The violations `actor` may see for the query, and whose they are — or the refusal (see the module comment). */
async function visibleViolations(deps: AppDeps, actor: PersonId, month?: string, who?: PersonId): Promise<{ m: string; list: Violation[]; whose: string } | Reply> {
  const { org, policy } = deps;
  const m = month ?? localMonth(deps.clock.now(), policy.timezone);
  const seesAll = isHr(deps, actor) || isMemberOf(org, actor, deptWithRole(org, 'gm_office').code);
  const scope = seesAll ? [] : scopeOf(org, actor);
  const inScope = (p: PersonId) => p === actor || scope.includes(org.personById.get(p)?.department ?? '');
  if (!seesAll && who !== undefined && !inScope(who)) {
    return { refused: true, lines: [scope.length ? TV.outsideScope(personName(org, who)) : TV.onlyOwn] };
  }
  const person = seesAll ? who : (who ?? (scope.length ? undefined : actor));
  const all = await deps.store.transaction((tx) => tx.violations.list({ month: m, person }));
  const list = (seesAll || person !== undefined ? all : all.filter((v) => inScope(v.person))).sort((a, b) => a.dueAt - b.dueAt);
  const whose = person !== undefined ? personName(org, person) : seesAll ? '全公司' : TV.scopeLabel(scope.map((c) => org.deptByCode.get(c)?.name ?? c));
  return { m, list, whose };
}

export async function listViolations(deps: AppDeps, actor: PersonId, month?: string, who?: PersonId): Promise<Reply> {
  const { org, policy } = deps;
  const seen = await visibleViolations(deps, actor, month, who);
  if (!('list' in seen)) return seen;
  const { m, list, whose } = seen;
  if (!list.length) return { title: `违规记录 ${m}`, lines: [TV.none(m, whose)] };
  const counted = list.filter((v) => !v.waived);
  const lines = list
    .map((v) => {
      const late = v.lateMs !== undefined ? `,逾期 ${formatDurationZh(v.lateMs)}` : ',尚未回复';
      const waived = v.waived ? `【已豁免:${v.waiveReason}】` : `第${v.tier}次 罚款${v.fine}元`;
      return `WG${v.id} ${personName(org, v.person)} · ${RULE_ZH[v.rule] ?? v.rule} · ${v.subjectRef}《${v.title}》 截止 ${formatLocal(v.dueAt, policy.timezone)}${late} · ${waived}`;
    });
  lines.push(`合计 ${counted.length} 次,罚款 ${counted.reduce((s, v) => s + v.fine, 0)} 元。`);
  return { title: `违规记录 ${m} · ${whose}`, lines };
}

/**
 * 导出违规 [YYYY-MM] [@某人]: the same violations as 违规, under the same rule, as CSV (UTF-8 with
 * BOM: 编号, 人员, 部门, 规则, 事项, 截止, 逾期, 次数, 罚款, 豁免原因) — in chat as lines to copy,
 * and the same table as an XLSX file (`MessageView.attachment`) where the deployment builds
 * spreadsheets. A refusal carries no file. Violations name only the person who owed the duty and
 * the subject's number and duty title, which for feedback items never carries content.
 */
export async function exportViolations(deps: AppDeps, actor: PersonId, month?: string, who?: PersonId): Promise<{ csv?: string; reply: Reply }> {
  const { org, policy } = deps;
  const seen = await visibleViolations(deps, actor, month, who);
  if (!('list' in seen)) return { reply: seen };
  const { m, list, whose } = seen;
  const rows = list.map((v) => [
    `WG${v.id}`, personName(org, v.person), org.deptByCode.get(org.personById.get(v.person)?.department ?? '')?.name ?? '',
    RULE_ZH[v.rule] ?? v.rule, `${v.subjectRef}《${v.title}》`, formatLocal(v.dueAt, policy.timezone),
    v.lateMs !== undefined ? formatDurationZh(v.lateMs) : '尚未回复', String(v.tier), String(v.waived ? 0 : v.fine), v.waived ? (v.waiveReason ?? '') : '',
  ]);
  const csv = toCsv([[...TV.exportHeader], ...rows]);
  const title = `违规导出 ${m} · ${whose}`;
  if (!rows.length) return { csv, reply: { title, lines: [TV.none(m, whose)] } };
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  if (!deps.spreadsheets) return { csv, reply: { title, lines } };
  const name = TV.exportFileName(m, whose);
  const table = [[...TV.exportHeader], ...rows];
  const widths = TV.exportHeader.map((_, c) => Math.min(60, Math.max(8, ...table.map((r) => (r[c] ?? '').length * 2))));
  const bytes = await deps.spreadsheets.xlsx([{ name: TV.exportSheet, rows: table, merges: [], widths }], { title, company: org.company, at: deps.clock.now() });
  return { csv, reply: { title, lines: [TV.exportAttached(name, rows.length), ...lines], attachment: { name, mime: XLSX_MIME, base64: Buffer.from(bytes).toString('base64') } } };
}

export async function waive(deps: AppDeps, actor: PersonId, id: number, reason: string): Promise<Reply> {
  if (!isHr(deps, actor)) return { refused: true, lines: ['只有人力行政部可以豁免违规。'] };
  return transact(deps, async (tx) => {
    const v = await tx.violations.byId(id);
    if (!v) fail(refuse('unknown_violation', `找不到违规记录 WG${id}。`));
    if (v.waived) fail(refuse('already_waived', `WG${id} 已于之前豁免(${v.waiveReason})。`));
    await waiveViolation(tx, deps, v, actor, reason, deps.clock.now());
    await tx.outbox.enqueue([{ key: `violation:${id}:waived`, to: { kind: 'person', person: v.person }, view: { lines: [`您的违规记录 WG${id}(${v.subjectRef}《${v.title}》)已被人力行政部豁免:${reason}`] } }], deps.clock.now());
    return { lines: [`已豁免 WG${id}(${personName(deps.org, v.person)}):${reason}。同月之后的违规已重新计次。`] };
  });
}
