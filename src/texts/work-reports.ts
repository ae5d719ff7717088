/** Sentences about recurring work reports (汇报制度, issue 16 part 2). */
import { formatDurationZh } from '../domain/duration.js';

export const TWR = {
  title: '工作汇报',
  openedTitle: (ref: string) => `工作汇报 ${ref}`,
  recipients: (names: string) => `汇报对象:${names}`,
  usage:
    '用法:汇报 [周报] <汇报内容>,例如:汇报 本周完成排产计划,需协调设备部点检时间。查看已提交的汇报:汇报 查看 [关键词]。',
  noContent: '请写明汇报内容:汇报 <本期工作进展、存在的问题及需协调的事项>。',
  nothingOpen: '您目前没有需要提交的工作汇报。(汇报制度只要求策略文件 reports: 中列明的汇报人按期提交。)',
  notReporter: (names: string) => `您不在工作汇报(${names})的汇报人之列,无需提交;如需向上级反映情况,可直接发消息或「反馈 <内容>」。`,
  noReports: '策略文件未设定定期工作汇报(reports:),无需提交汇报。',
  whichReport: (names: string) => `您有多项工作汇报待提交(${names}),请写明是哪一项:汇报 <名称> <内容>。`,
  /** The period opens: what the reporter owes. */
  opened: (title: string, due: string, moved: string) =>
    `【工作汇报】请在 ${due} 前提交${title}${moved}:回复「汇报 <本期工作进展、存在的问题及需协调的事项>」。`,
  movedFrom: (nominal: string) => `,原定 ${nominal} 为非工作日,已提前`,
  remind: (title: string, due: string) => `【提醒】${title}将于 ${due} 到期,请回复「汇报 <内容>」提交。`,
  overdueSelf: (title: string, due: string) => `【逾期】${title}已于 ${due} 到期,您尚未提交,请立即回复「汇报 <内容>」。`,
  overdueOther: (who: string, title: string, due: string, late: string) => `【逾期上报】${who} 未在 ${due} 前提交${title},已逾期 ${late}。`,
  submitted: (title: string, to: string) => `已提交${title},已送达 ${to}。`,
  submittedLate: (title: string, to: string, lateMs: number) => `已提交${title},已送达 ${to};但已逾期 ${formatDurationZh(lateMs)},违规记录保留。`,
  toRecipient: (who: string, title: string, late: string) => `【工作汇报】${who} · ${title}${late}:`,
  byDeputy: (principal: string, deputy: string) => `${principal}(${deputy} 代理提交)`,
  forPrincipal: (principal: string) => `【代 ${principal}】`,
  lateMark: (lateMs: number) => `(逾期 ${formatDurationZh(lateMs)})`,
  viaFeedback: (line: string) => `本条同时作为工作汇报:${line}`,
  listHeading: (query: string | undefined) => (query ? `工作汇报(含「${query}」):` : '工作汇报(最近提交):'),
  listLine: (title: string, who: string, at: string, late: string, text: string) => `· ${title} ${who} ${at}${late}:${text}`,
  listEmpty: (query: string | undefined) => (query ? `没有找到含「${query}」的工作汇报。` : '还没有您提交或收到的工作汇报。'),
  /** The daily digest. */
  digestMissing: (who: string, title: string, due: string, late: string) => `· ${who} 未提交${title}(截止 ${due}),${late}`,
  digestLate: (who: string, title: string, at: string, lateMs: number) => `· ${who} 迟交${title}:${at} 提交,逾期 ${formatDurationZh(lateMs)}`,
  /** Period labels. */
  weekLabel: (period: string, first: string, last: string) => `${period.slice(0, 4)}年第${Number(period.slice(6))}周 ${first.slice(5)}~${last.slice(5)}`,
  monthLabel: (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5))}月`,
  /** The monthly assessment. */
  colOnTime: '汇报按时',
  colLate: '汇报迟交',
  colMissing: '汇报缺交',
  colOpen: '汇报未到期',
  assessmentLine: (onTime: number, late: number, missing: number, open: number) =>
    `工作汇报:按时 ${onTime},迟交 ${late},缺交 ${missing},未到期 ${open}(按汇报人计)。`,
} as const;
