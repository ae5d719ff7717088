/**
 * Sentences and column headings of the reports (逾期汇总, 月度考评, 公示): Chinese first. Functions
 * take the values they mention; nothing here decides anything.
 */
/**
 * A span of working time in hours and minutes (`32小时`, `2小时30分钟`, `0分钟`). Never in days:
 * a 工作日 has 8 working hours, so `formatDurationZh`'s 24-hour `天` would mislead here.
 */
export function workingSpanZh(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${h ? `${h}小时` : ''}${m || !h ? `${m}分钟` : ''}`;
}

/** A share as a percentage (`92%`), or `—` when nothing was counted. */
const pct = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 100)}%`);
/** A working-time span, or `—` when there is none. */
const span = (ms: number | undefined) => (ms === undefined ? '—' : workingSpanZh(ms));

/** Every report sentence and heading, by the report it belongs to. */
export const TR = {
  // ── 逾期汇总 overdue digest ───────────────────────────────────────────────
  digestTitle: (date: string) => `逾期汇总 ${date}`,
  digestIntro: (at: string) => `您主管范围内截至 ${at} 的逾期事项(时长按工作时间计):`,
  deptHeader: (name: string, code: string) => `【${name} ${code}】`,
  late: (ms: number) => `逾期 ${workingSpanZh(ms)}`,
  formUnsigned: (ref: string, title: string, from: string, who: string, late: string) =>
    `· 联络单 ${ref}《${title}》(${from}发)${who} 未签收,${late}`,
  formOverdue: (ref: string, title: string, from: string, deadline: string, late: string) =>
    `· 联络单 ${ref}《${title}》(${from}发)期限 ${deadline} 未完成,${late}`,
  noticeOverdue: (who: string, kind: string, ref: string, title: string, from: string, late: string) =>
    `· ${who} 未回复${kind} ${ref}《${title}》(${from}),${late}`,
  feedbackOverdue: (who: string, what: string, title: string, ref: string, late: string) => `· ${who} ${what}${title} ${ref},${late}`,
  feedbackNotTriaged: '未受理',
  feedbackNotResolved: '未处理完毕',
  escalation: (ref: string, title: string, supervisor: string, age: string, state: string) =>
    `· 上报 ${ref}《${title}》已上报主管领导 ${supervisor} ${age},${state}`,
  escalationUnconfirmed: (late?: string) => (late ? `主管领导尚未确认(确认${late})` : '主管领导尚未确认'),
  escalationOpen: '主管领导已确认,尚未办结',
  digestTotal: (n: number) => `共 ${n} 项。`,

  // ── 月度考评 monthly assessment ───────────────────────────────────────────
  assessmentTitle: (month: string, company: string) => `月度考评 ${month} · ${company}`,
  assessmentAsOf: (from: string, to: string, asOf: string) => `统计期间 ${from} 至 ${to},数据截至 ${asOf}。`,
  assessmentForms: (issued: number, onTime: number, late: number, unsigned: number, disputed: number, followUps: number, closed: number) =>
    `联络单:发出 ${issued} 张;按时签收 ${onTime},超时签收 ${late},未签收 ${unsigned};异议 ${disputed};被跟催 ${followUps} 次;已结案 ${closed}。`,
  assessmentCompletion: (onTime: number, late: number, pending: number, rate: number | undefined) =>
    `完成期限:按期完成 ${onTime},逾期完成或未完成 ${late},未到期 ${pending};按期完成率 ${pct(rate)}。`,
  assessmentDeptCompletion: (onTime: number, late: number, rate: number | undefined) =>
    onTime + late ? `;按期完成 ${onTime},逾期 ${late}(${pct(rate)})` : '',
  assessmentViolations: (count: number, t1: number, t2: number, t3: number, fines: number, waived: number) =>
    `违规:${count} 次(一档 ${t1},二档 ${t2},三档及以上 ${t3}),罚款合计 ${fines} 元;豁免 ${waived} 次。`,
  assessmentByRule: (parts: string) => `违规按规则:${parts}。`,
  assessmentRuleCount: (rule: string, n: number) => `${rule} ${n} 次`,
  assessmentByDept: '按部门:',
  assessmentDeptLine: (name: string, code: string, issued: number, received: number, onTime: number, late: number, violations: number, fines: number) =>
    `· ${name} ${code}:发出 ${issued},接收 ${received},按时签收 ${onTime},超时 ${late};违规 ${violations} 次,罚款 ${fines} 元`,
  assessmentWaivers: '豁免:',
  assessmentWaiver: (id: number, who: string, ref: string, reason: string) => `· WG${id} ${who}(${ref}):${reason}`,
  assessmentFiles: (xlsx: string, csv: string) => `明细文件:${xlsx} · ${csv}`,
  assessmentNoFiles: '明细文件未生成(未配置报表目录)。',
  nothing: '本月没有联络单和违规记录。',

  // Column headings (XLSX sheets and CSV).
  sheetSummary: '汇总',
  sheetPeople: '人员',
  sheetViolations: '违规明细',
  sheetFeedback: '信息反馈',
  feedbackColumns: ['收到反馈', '其中匿名', '按时首次响应', '应首次响应', '首次响应及时率', '按时解决', '应解决', '按时解决率', '平均满意度', '评分条数', '重开条数', '重复最多的问题'],
  assessmentFeedback: (n: number, anon: number, response: string, resolution: string, satisfaction: number | undefined, rated: number, reopened: number, topics: string[]) =>
    `信息反馈:收到 ${n} 条(匿名 ${anon});首次响应及时 ${response},按时解决 ${resolution};平均满意度 ${satisfaction === undefined ? '—' : satisfaction.toFixed(1)}(${rated} 条评分);重开 ${reopened} 条` +
    `${topics.length ? `;重复最多:${topics.join(';')}` : ''}。`,
  totalsLabel: '合计',
  colDeptCode: '部门代码',
  colDept: '部门',
  colPersonId: '人员ID',
  colPerson: '姓名',
  colIssued: '发出联络单',
  colReceived: '接收联络单',
  colOnTime: '按时签收',
  colLate: '超时签收',
  colUnsigned: '未签收',
  colDisputed: '异议',
  colFollowedUp: '被跟催单数',
  colFollowUps: '被跟催次数',
  colClosed: '已结案',
  colCompletedOnTime: '按期完成',
  colCompletedLate: '逾期完成或未完成',
  colCompletionPending: '完成未到期',
  colCompletionRate: '按期完成率',
  colMissed: (rule: string) => `违规·${rule}`,
  colTier1: '一档次数',
  colTier2: '二档次数',
  colTier3: '三档及以上次数',
  colFines: '罚款合计(元)',
  colWaived: '豁免次数',
  colTasksOnTime: '任务按时',
  colTasksLate: '任务逾期',
  colTasksOpen: '任务未到期',
  assessmentTasks: (onTime: number, late: number, open: number) => `任务:按时 ${onTime},逾期 ${late},未到期 ${open}(按执行人计)。`,
  colViolationId: '违规编号',
  colRule: '规则',
  colRef: '事项编号',
  colTitle: '事项',
  colDue: '截止时间',
  colLateBy: '逾期(工作时间)',
  colTier: '档次',
  colFine: '罚款(元)',
  colWaivedFlag: '豁免',
  colWaivedBy: '豁免人',
  colReason: '豁免原因',
  detailTotals: (counted: number, waived: number) => `计入 ${counted} 次,豁免 ${waived} 次`,
  yes: '是',
  no: '否',
  unresolved: '尚未回复',

  // ── 公示 public report ─────────────────────────────────────────────────────
  publicTitle: (month: string) => `【公示】${month} 工作联络与回复及时率`,
  publicIntro: '各部门联络单签收与上级通知回复情况(时长按工作时间计):',
  publicDeptLine: (name: string, received: number, formRate: number | undefined, signAvg: number | undefined, notices: number, noticeRate: number | undefined, ackAvg: number | undefined, violations: number) =>
    `· ${name}:接收联络单 ${received} 张,按时签收率 ${pct(formRate)},平均签收用时 ${span(signAvg)};` +
    `通知 ${notices} 条,按时回复率 ${pct(noticeRate)},平均回复用时 ${span(ackAvg)};违规 ${violations} 次`,
  publicTotal: (received: number, formRate: number | undefined, notices: number, noticeRate: number | undefined, violations: number) =>
    `全公司:联络单 ${received} 张,按时签收率 ${pct(formRate)};通知 ${notices} 条,按时回复率 ${pct(noticeRate)};违规 ${violations} 次。`,
  publicNothing: '本月没有联络单和通知。',
  publicFeedbackHeader: '已解决的信息反馈:',
  publicFeedbackLine: (number: string, category: string, summary: string, improvement?: string) =>
    `· ${number} [${category}] ${summary}${improvement ? ` → 改进:${improvement}` : ''}`,

  // ── CLI ───────────────────────────────────────────────────────────────────
  cliUsage: '用法 usage:\n  shoudao report monthly --month YYYY-MM [--out FILE.xlsx] [--db URL] [--org FILE] [--policy FILE] [--now ISO-TIME]',
  /** 月度考评 in chat: the workbook that goes with the summary as a file. */
  chatAssessmentFileName: (month: string) => `月度考评-${month}.xlsx`,
  chatAssessmentAttached: (name: string) => `附件:${name}(汇总、人员、违规明细、信息反馈)。不能收文件的平台请在看板「月度考评」下载。`,
  chatAssessmentRefused: '只有人力行政部和总经办可以查看月度考评。部门负责人可发送「违规」查看本部门(含下属部门)的违规记录。',
  cliBadMonth: (text: string) => `月份无效:「${text}」。请写成 YYYY-MM,例如 --month 2026-10。(bad --month)`,
  cliMissingMonth: '缺少 --month YYYY-MM。(missing --month)',
  cliFutureMonth: (month: string) => `${month} 还没有开始,无法生成考评。(month has not started)`,
  cliBadOut: (path: string) => `--out 须为 .xlsx 文件:「${path}」。(--out must end in .xlsx)`,
  cliUnknown: (sub: string) => `未知报表「${sub}」,可用:monthly。(unknown report)`,
} as const;

/** The short name of a duty's subject kind in digest lines. */
export const NOTICE_RULE_SHORT: Record<string, string> = {
  superior_notice: '通知',
  superior_email: '工作邮件',
  missed_call: '未接来电',
  task_ack: '任务',
  task_result: '任务结果',
};

/** Rule names for column headings (shorter than the sentences in `RULE_ZH`). */
export const RULE_COLUMN: Record<string, string> = {
  superior_notice: '通知未回复',
  superior_email: '邮件未回复',
  missed_call: '来电未回电',
  liaison_form: '联络单未签收',
  form_escalation: '上报未确认',
  feedback_response: '反馈未及时响应',
  feedback_resolution: '反馈未及时处理',
  task_ack: '任务未回复收到',
  task_result: '任务结果逾期',
  form_completion: '联络单逾期完成',
  work_report: '工作汇报逾期',
};
