/**
 * 通知 (who acknowledged when, who has read but not answered), 信息反馈 (the chat's own queue and
 * statistics use cases, under their access rule), 公示与统计 (timeliness per department, the
 * distribution of time to sign or acknowledge) and 工作日历 (with the missing-year warning).
 */
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { AppDeps } from '../../app/deps.js';
import { listFeedback, myFeedback } from '../../app/feedback/feedback-queries.js';
import { feedbackStats } from '../../app/feedback/feedback-reports.js';
import { readMonth } from '../../app/reports/build-monthly-assessment.js';
import { localDate, localMonth } from '../../domain/local-time.js';
import { neverReached, NOTICE_KIND_ZH } from '../../domain/notice.js';
import { monthRange } from '../../domain/report/period.js';
import { timeliness } from '../../domain/report/timeliness.js';
import { TN } from '../../texts/notices.js';
import { workingSpanZh } from '../../texts/reports.js';
import type { WebContext, WebEnv } from '../app.js';
import type { Reply } from '../../app/deps.js';
import { handleInbound } from '../../chat/router.js';
import { parseCommand } from '../../chat/parse-command.js';
import type { FeedbackVerb } from '../../chat/feedback-words.js';
import { barChart } from '../charts.js';
import { at, Empty, monthParam, page, who } from './parts.js';
import { ReplyView } from './reply-view.js';

const NOTICE_LIMIT = 50;
/** Feedback verbs the dashboard runs: those that act on one numbered item. */
const ITEM_VERBS = new Set<FeedbackVerb>(['triage', 'assign', 'priority', 'progress', 'ask', 'reply', 'resolve', 'unresolvable', 'confirm', 'reopen']);
/** Buckets of working time to sign a form or acknowledge a notice. */
const BUCKETS: Array<[label: string, upToMs: number]> = [
  ['≤30分钟', 30 * 60_000], ['≤2小时', 2 * 3_600_000], ['≤1工作日', 8 * 3_600_000], ['≤3工作日', 24 * 3_600_000], ['>3工作日', Infinity],
];

const pct = (r: number | undefined) => (r === undefined ? '—' : `${Math.round(r * 100)}%`);

export function miscPages(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/notices', async (c) => {
    const viewer = c.get('viewer');
    const data = await deps.store.transaction(async (tx) => {
      const notices = await tx.dashboard.notices(viewer.id, NOTICE_LIMIT);
      const ids = notices.map((n) => n.id);
      const reads = new Map<number, Map<string, number>>();
      for (const r of await tx.readReceipts.forNotices(ids)) {
        const byPerson = reads.get(r.noticeId) ?? new Map<string, number>();
        if (!byPerson.has(r.person) || byPerson.get(r.person)! > r.readAt) byPerson.set(r.person, r.readAt);
        reads.set(r.noticeId, byPerson);
      }
      return { notices, duties: await tx.duties.forSubjects('notice', ids), reads };
    });
    return page(c, '通知 / Notices', '/notices', data.notices.length === 0 ? <Empty /> : (
      <>
        <p class="muted">我发出或收到的最近 {NOTICE_LIMIT} 条通知。「已读未回」来自会报告已读的平台(钉钉、飞书)。</p>
        {data.notices.map((n) => {
          const reads = data.reads.get(n.id);
          return (
            <section class="card" aria-label={n.ref}>
              <h2>{NOTICE_KIND_ZH[n.kind]} {n.ref} · {who(deps, n.from)} · {at(deps, n.createdAt)}</h2>
              <p>{n.text}</p>
              <table>
                <thead><tr><th>接收人</th><th>状态</th><th>截止</th><th>确认时间</th></tr></thead>
                <tbody>
                  {n.recipients.map((p) => {
                    const d = data.duties.find((x) => x.subject.id === n.id && x.person === p);
                    const read = reads?.get(p);
                    const state = !d ? '—' : d.status === 'open' ? (read !== undefined ? TN.readUnanswered(at(deps, read)) : '未确认') : neverReached(d) ? TN.undeliveredState : '已确认';
                    return <tr><td>{who(deps, p)}</td><td class={d?.status === 'open' ? 'warn' : ''}>{state}</td><td>{at(deps, d?.dueAt)}</td><td>{d?.status === 'done' ? at(deps, d.doneAt) : ''}</td></tr>;
                  })}
                </tbody>
              </table>
            </section>
          );
        })}
      </>
    ));
  });

  const feedbackPage = async (c: WebContext, result?: Reply) => {
    const viewer = c.get('viewer');
    const actor = { person: viewer.id, platform: 'console' as const };
    const month = monthParam(c) ?? localMonth(deps.clock.now(), deps.policy.timezone);
    const [queue, mine, stats] = await Promise.all([listFeedback(deps, actor), myFeedback(deps, actor), feedbackStats(deps, actor, month)]);
    return page(c, '信息反馈 / Feedback', '/feedback', (
      <>
        <p class="muted">与聊天中「反馈列表」「我的反馈」「反馈统计」相同的内容和权限;匿名反馈从不显示提交人。</p>
        {result ? <div role="status"><ReplyView reply={result} /></div> : null}
        <form method="post" action="/feedback/command" class="filters">
          <input type="hidden" name="csrf" value={c.get('session').csrf} />
          <label>处理反馈 Act on an item(与聊天命令相同,如:受理 FK20261103-001 问题 高 · 指派 FK20261103-001 @zhao · 回复 FK20261103-001 已安排检修 · 解决 FK20261103-001 已修好)
            <input name="command" required maxlength={1000} size={60} />
          </label>
          <button type="submit">执行 Run</button>
        </form>
        <ReplyView reply={queue} />
        <ReplyView reply={mine} />
        {stats.refused ? null : <ReplyView reply={stats} />}
      </>
    ));
  };
  app.get('/feedback', (c) => feedbackPage(c));

  /**
   * Triage, assignment, replies and the rest: the text goes through the chat's own router as a
   * direct message from the viewer, so the same use cases and access rules apply. Only 信息反馈
   * commands that act on a numbered item are taken (no new items, no dialogues started here).
   */
  app.post('/feedback/command', async (c) => {
    const viewer = c.get('viewer');
    const body = await c.req.parseBody();
    const text = typeof body['command'] === 'string' ? body['command'].trim().slice(0, 1000) : '';
    const cmd = parseCommand(text, { ackKeywords: deps.policy.ackKeywords, noticePrefixes: deps.policy.noticePrefixes });
    if (cmd.kind !== 'feedback' || !ITEM_VERBS.has(cmd.cmd.verb) || !cmd.cmd.ref) {
      return feedbackPage(c, { refused: true, lines: ['这里只接受针对某条反馈的处理命令(受理、指派、优先级、进展、提问、回复、解决、无法解决、确认、重开),并须写反馈编号。'] });
    }
    const reply = await handleInbound(deps, { platform: 'console', sender: viewer.id, where: { kind: 'dm' }, text, via: 'text' });
    return feedbackPage(c, reply ?? { lines: ['已处理。'] });
  });

  app.get('/stats', async (c) => {
    const month = monthParam(c) ?? localMonth(deps.clock.now(), deps.policy.timezone);
    const now = deps.clock.now();
    const { from, to } = monthRange(month, deps.policy.timezone);
    const data = await deps.store.transaction(async (tx) => ({ ...(await readMonth(tx, month, from, to)), createdDuties: await tx.duties.createdBetween(from, to) }));
    const report = timeliness({ org: deps.org, calendar: deps.calendar, month, asOf: now, ...data });
    const answered = [...data.formDuties.filter((d) => d.rule === 'liaison_form'), ...data.createdDuties.filter((d) => d.subject.kind === 'notice')]
      .filter((d) => d.status !== 'open' && d.doneAt !== undefined);
    const counts = BUCKETS.map(() => 0);
    for (const d of answered) {
      const span = deps.calendar.workingTimeBetween(d.createdAt, d.doneAt!);
      counts[BUCKETS.findIndex(([, max]) => span <= max)]! += 1;
    }
    const rateChart = barChart({
      title: `${month} 按时率 On-time rate (%)`,
      categories: report.departments.map((d) => d.name),
      series: [
        { name: '联络单签收', data: report.departments.map((d) => Math.round((d.formOnTimeRate ?? 0) * 100)) },
        { name: '通知确认', data: report.departments.map((d) => Math.round((d.noticeOnTimeRate ?? 0) * 100)) },
      ],
    });
    const spreadChart = barChart({ title: '签收/确认用时分布(工作时间)', categories: BUCKETS.map(([l]) => l), series: [{ name: '件数', data: counts }], height: 260 });
    const viewer = c.get('viewer');
    const stats = await feedbackStats(deps, { person: viewer.id, platform: 'console' }, month);
    return page(c, `公示与统计 ${month} / Timeliness`, '/stats', (
      <>
        <form class="filters" method="get" action="/stats">
          <label>月份 Month<input type="month" name="month" value={month} /></label>
          <button type="submit">查看 Show</button>
        </form>
        <figure class="chart" role="img" aria-label="各部门按时率">{raw(rateChart)}</figure>
        <figure class="chart" role="img" aria-label="用时分布">{raw(spreadChart)}</figure>
        <div class="wide">
          <table>
            <thead><tr><th>部门</th><th class="num">收单</th><th class="num">按时签收</th><th class="num">签收按时率</th><th>平均签收用时</th><th class="num">通知</th><th class="num">确认按时率</th><th>平均确认用时</th><th class="num">违规</th></tr></thead>
            <tbody>
              {[...report.departments, report.totals].map((d) => (
                <tr>
                  <td>{d.name}</td><td class="num">{d.formsReceived}</td><td class="num">{d.formsOnTime}</td><td class="num">{pct(d.formOnTimeRate)}</td>
                  <td>{d.avgSignMs === undefined ? '—' : workingSpanZh(d.avgSignMs)}</td><td class="num">{d.notices}</td><td class="num">{pct(d.noticeOnTimeRate)}</td>
                  <td>{d.avgAckMs === undefined ? '—' : workingSpanZh(d.avgAckMs)}</td><td class="num">{d.violations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {stats.refused ? null : <ReplyView reply={stats} />}
      </>
    ));
  });

  app.get('/calendar', (c) => {
    const now = deps.clock.now();
    const warning = deps.calendar.coverageWarning(now);
    const month = monthParam(c) ?? localMonth(now, deps.policy.timezone);
    const { from, to } = monthRange(month, deps.policy.timezone);
    const days: Array<{ date: string; work: boolean; weekday: number }> = [];
    for (let t = from + 12 * 3_600_000; t < to; t += 24 * 3_600_000) {
      const date = localDate(t, deps.policy.timezone);
      days.push({ date, work: deps.calendar.isWorkday(t), weekday: new Date(`${date}T12:00:00Z`).getUTCDay() });
    }
    const wt = deps.policy.workingTime;
    return page(c, `工作日历 ${month} / Working calendar`, '/calendar', (
      <>
        {warning ? <p class="banner" role="alert">{warning}</p> : null}
        <form class="filters" method="get" action="/calendar">
          <label>月份 Month<input type="month" name="month" value={month} /></label>
          <button type="submit">查看 Show</button>
        </form>
        <p>上班时间 Working hours:<code>{JSON.stringify(wt)}</code></p>
        <table>
          <thead><tr>{['日', '一', '二', '三', '四', '五', '六'].map((d) => <th>{d}</th>)}</tr></thead>
          <tbody>
            {weeks(days).map((w) => <tr>{w.map((d) => (d ? <td class={d.work ? '' : 'muted'}>{d.date.slice(8)} {d.work ? (d.weekday === 0 || d.weekday === 6 ? '调休上班' : '上班') : '休'}</td> : <td></td>))}</tr>)}
          </tbody>
        </table>
      </>
    ));
  });
}

function weeks<T extends { weekday: number }>(days: T[]): Array<Array<T | undefined>> {
  const out: Array<Array<T | undefined>> = [];
  let week: Array<T | undefined> = Array.from({ length: days[0]?.weekday ?? 0 }, () => undefined);
  for (const d of days) {
    week.push(d);
    if (week.length === 7) {
      out.push(week);
      week = [];
    }
  }
  if (week.length) out.push([...week, ...Array.from({ length: 7 - week.length }, () => undefined)]);
  return out;
}
