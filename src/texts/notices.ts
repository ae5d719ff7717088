/** Sentences about notices, acknowledgements and violations (see zh.ts for the rest). */
import { formatDurationZh } from '../domain/duration.js';

export const TN = {
  notSuperior: (kind: string, names: string) =>
    `只有上级可以向下属发需回复的${kind};您不是 ${names} 的上级。` +
    (kind === '工作邮件'
      ? '给上级的邮件无需在这里登记;上级给您发了工作邮件时,由上级登记「邮件 @您 <主题>」。'
      : '要联系上级或同事,请直接发消息;工作上需要对方部门办理的,请「新建联络单」。') +
    ` (Only a superior can send a ${kind === '工作邮件' ? 'tracked email' : 'notice'} that must be acknowledged.)`,
  noRecipients: '请 @ 至少一位接收人,例如:通知 @zhao 明早八点开安全会。',
  onlySelf: (kind: string) => `不能给自己发${kind}:请 @ 您的下属,例如:通知 @zhao 明早八点开安全会。`,
  noText: '请写明通知内容。',
  missedCallNoRelation: (name: string) => `您与 ${name} 之间没有上下级关系,无法登记未接来电。`,
  noticeSent: (ref: string, kind: string, names: string, due: string) =>
    `已发出${kind} ${ref} 给 ${names},需在 ${due} 前回复「收到」(工作时间计)。`,
  noticeToYou: (kind: string, from: string, due: string) => `【${kind}】来自 ${from},请在 ${due} 前回复「收到」:`,
  missedCallToYou: (from: string, due: string) => `【未接来电】${from} 给您打过电话,请在 ${due} 前回电,并回复「收到」登记。`,
  missedCallLogged: (ref: string, name: string, due: string) => `已登记 ${name} 的未接来电 ${ref},请在 ${due} 前回电并回复「收到」。`,
  acked: (ref: string, title: string) => `已确认收到 ${ref}《${title}》。`,
  ackedLate: (ref: string, title: string, lateMs: number) =>
    `已确认收到 ${ref}《${title}》,但已逾期 ${formatDurationZh(lateMs)},违规记录保留。`,
  ackToSender: (name: string, ref: string, done: number, total: number) => `${name} 已确认收到 ${ref}(已确认 ${done}/${total})。`,
  /** A large notice's progress (src/domain/notice-progress.ts): this person and the others since the last message. */
  ackToSenderWithOthers: (name: string, others: number, ref: string, done: number, total: number) =>
    `${name} 等 ${others + 1} 人已确认收到 ${ref}(已确认 ${done}/${total})。`,
  /** The sweep's report of acknowledgements held back (at most one such message per notice per interval). */
  ackProgress: (ref: string, more: number, done: number, total: number) =>
    done >= total ? `${ref} 全部 ${total} 人已确认收到(最近 ${more} 人)。` : `${ref}:又有 ${more} 人确认收到(已确认 ${done}/${total})。`,
  nothingPending: '您目前没有需要回复「收到」的事项。',
  /** 已读未回 (readUnanswered): the platform says it was read at `at`, but no 收到 came. */
  readUnanswered: (at: string) => `已读未回(${at} 已读)`,
  /** The live status line's list of people who read but did not answer. */
  readUnansweredList: (items: string) => `👁 已读未回:${items}`,
  whichOne: '您有多项待回复事项,请指明是哪一项:',
  notPending: (ref: string) => `「${ref}」不是您待回复的事项。您待回复的是:`,
  remind: (ref: string, title: string, due: string) => `【提醒】${ref}《${title}》将于 ${due} 到期,请及时回复「收到」。`,
  remindForm: (ref: string, title: string, due: string) => `【提醒】联络单 ${ref}《${title}》请于 ${due} 前签收或提出异议。`,
  remindFeedback: (ref: string, title: string, due: string) => `【提醒】${title} ${ref} 须于 ${due} 前处理完毕(解决 或 无法解决)。`,
  overdueSelf: (ref: string, title: string, due: string) => `【逾期】${ref}《${title}》已于 ${due} 到期,您尚未回复,请立即处理。`,
  overdueOther: (name: string, ref: string, title: string, due: string, late: string) =>
    `【逾期上报】${name} 未在期限 ${due} 前回复 ${ref}《${title}》,已逾期 ${late}。`,
  remindCompletion: (ref: string, title: string, due: string) =>
    `【完成期限提醒】联络单 ${ref}《${title}》须于 ${due} 前完成(完成 ${ref} <结果>);如完成不了,请在期限前申请延期:申请延期 ${ref} <新期限> <原因>。`,
  completionOverdueSelf: (ref: string, title: string, due: string) =>
    `【逾期未完成】联络单 ${ref}《${title}》的期限 ${due} 已过,尚未报告完成,请立即处理或与发函部门协调。`,
  completionOverdueOther: (name: string, ref: string, title: string, due: string, late: string) =>
    `【逾期上报】${name} 负责的联络单 ${ref}《${title}》期限 ${due} 已过仍未完成,已逾期 ${late}。`,
  /** To a notice's sender: the bot could not deliver it to `name` (src/app/undelivered-notice.ts). */
  undeliveredToSender: (ref: string, name: string, waived: boolean) =>
    `${ref} 未能送达 ${name}(消息投递失败),其回复时限已取消${waived ? ',已记的违规已豁免' : ''},不计违规。请用电话或当面等其他方式通知。` +
    ` (${ref} could not be delivered to ${name}; their reply deadline is cancelled. Please tell them another way.)`,
  /** The reason kept on a violation waived because its notice never arrived. */
  undeliveredWaiver: '通知未能送达本人(消息投递失败),不计违规 — the notice never reached them',
  /** 查看 TZ…: a recipient the notice never reached. */
  undeliveredState: '未送达(消息投递失败,不计违规)',
  /** The live status line's list of people the notice never reached. */
  undeliveredList: (names: string) => `✉️ 未送达(不计违规):${names}`,
  violationRecorded: (month: string, tier: number, fine: number, rule: string) =>
    `已记违规:${rule},${month} 第 ${tier} 次,罚款 ${fine} 元。如有异议请联系人力行政部。`,
} as const;

export const RULE_ZH: Record<string, string> = {
  superior_notice: '上级通知未在时限内回复',
  superior_email: '上级工作邮件未在时限内回复',
  missed_call: '上级来电未在时限内回电',
  liaison_form: '工作联络单未在期限内签收',
  form_escalation: '上报事项未在时限内确认',
  feedback_response: '信息反馈未在时限内受理或确认收到',
  feedback_resolution: '信息反馈未在时限内处理完毕',
  task_ack: '任务未在时限内回复收到',
  task_result: '任务未在期限内回复结果',
  form_completion: '工作联络单未在期限内完成',
  work_report: '工作汇报未按时提交',
};

/** 违规 queries: whose list it is, and the refusals that say what one may look at instead. */
export const TV = {
  none: (month: string, whose: string) => `${whose} ${month} 没有违规记录。`,
  scopeLabel: (depts: string[]) => depts.join('、'),
  outsideScope: (name: string) =>
    `${name} 不在您负责的部门(含下属部门)内,您不能查看其违规记录。发「违规」查看您部门的违规,其他部门请联系人力行政部。`,
  /** 导出违规: the file that goes with the lines (path-unsafe characters of `whose` replaced). */
  exportFileName: (month: string, whose: string) => `违规-${month}-${whose.replace(/[\\/:*?"<>|\s]+/g, '_')}.xlsx`,
  exportAttached: (name: string, rows: number) => `附件:${name}(${rows} 条)。`,
  exportSheet: '违规',
  exportHeader: ['编号', '人员', '部门', '规则', '事项', '截止', '逾期', '当月次数', '罚款(元)', '豁免原因'],
  onlyOwn: '只有部门负责人(本部门及下属部门)、人力行政部和总经办可以查看他人的违规记录。发「违规」查看您自己的。',
} as const;
