/** Sentences about tasks (任务: 事前沟通、事中反馈、事后反馈). */
import { formatDurationZh } from '../domain/duration.js';
import { ASSIGNMENT_STATE_ZH, type AssignmentState } from '../domain/task/task.js';

export const TT = {
  usage: '用法:任务 @某人 [@某人…] <内容> 期限 <YYYY-MM-DD [HH:mm]>,例如:任务 @zhao 整理十一月安全检查报告 期限 2026-12-03 17:00',
  noDeadline: '任务须写明期限:…… 期限 <YYYY-MM-DD [HH:mm]>。(A task needs a deadline: 期限 YYYY-MM-DD [HH:mm].)',
  noText: '请写明任务内容。',
  badLine: (n: number, line: string, why: string) => `第 ${n} 行「${line.length > 30 ? `${line.slice(0, 30)}…` : line}」:${why}`,
  meetingSent: (heading: string, count: number) => `已按「${heading}」布置 ${count} 项任务:`,
  usageProgress: '用法:进展 RW编号 <进展情况>,例如:进展 RW202612-001 已完成一半',
  usageComplete: '用法:完成 RW编号 <完成结果>,例如:完成 RW202612-001 报告已提交',
  usageReturn: '用法:退回 [RW编号] [@某人] <原因>,例如:退回 RW202612-001 数据不完整',
  notSuperior: (names: string) => `只有上级可以给下属布置任务;您不是 ${names} 的上级。(Only a superior can assign a task.)`,
  deadlinePast: (due: string) => `期限 ${due} 已过,请写一个将来的时间。`,
  unknownTask: (ref: string) => `找不到任务「${ref}」。任务编号形如 RW202612-001。`,
  notAssignee: (ref: string, word: string) => `您不是任务 ${ref} 的执行人,不能「${word}」。`,
  notIssuer: (ref: string, word: string, issuer: string) => `只有布置任务的 ${issuer} 可以「${word}」任务 ${ref} 的结果。`,
  notAnAssignee: (ref: string, name: string) => `${name} 不是任务 ${ref} 的执行人。`,
  whichAssignee: (ref: string, names: string) => `任务 ${ref} 有多人提交了结果(${names}),请 @ 要退回的人。`,
  badState: (ref: string, word: string, state: AssignmentState) => `任务 ${ref} 您的状态为「${ASSIGNMENT_STATE_ZH[state]}」,现在不能「${word}」。`,
  nothingToDecide: (ref: string, word: string) => `任务 ${ref} 目前没有待${word}的结果。`,
  needRef: (word: string) => `请指明任务编号:${word} RW编号。`,
  whichTask: (word: string) => `有多项任务结果等待您处理,请指明编号:${word} RW编号。`,
  nothingWaiting: '目前没有等待您确认的任务结果。',
  sentLine: (ref: string, names: string, text: string, due: string) => `· ${ref} ${names}:${text}(期限 ${due})`,
  sent: (ref: string, names: string, ackDue: string, due: string) =>
    `已布置任务 ${ref} 给 ${names}:请在 ${ackDue} 前回复「收到」,${due} 前回复结果(完成 ${ref} <结果>)。`,
  toAssignee: (from: string, ackDue: string, due: string, ref: string) =>
    `【任务】来自 ${from}:请在 ${ackDue} 前回复「收到」,过程中可回复「进展 ${ref} <内容>」,${due} 前回复「完成 ${ref} <结果>」。`,
  acked: (ref: string, text: string) => `已确认收到任务 ${ref}《${text}》。`,
  ackedLate: (ref: string, text: string, lateMs: number) => `已确认收到任务 ${ref}《${text}》,但已逾期 ${formatDurationZh(lateMs)},违规记录保留。`,
  ackToIssuer: (name: string, ref: string, done: number, total: number) => `${name} 已收到任务 ${ref}(已收到 ${done}/${total})。`,
  progressSaved: (ref: string) => `已记录任务 ${ref} 的进展,已告知布置人。`,
  progressToIssuer: (name: string, ref: string, text: string) => `【任务进展】${name} · ${ref}:${text}`,
  completed: (ref: string) => `已提交任务 ${ref} 的结果,等待布置人确认。`,
  completedLate: (ref: string, lateMs: number) => `已提交任务 ${ref} 的结果,但已逾期 ${formatDurationZh(lateMs)},违规记录保留;等待布置人确认。`,
  resultToIssuer: (name: string, ref: string, result: string, late: string) => `【任务结果】${name} · ${ref}${late}:${result}\n请回复「确认 ${ref}」或「退回 ${ref} <原因>」。`,
  lateMark: (lateMs: number) => `(逾期 ${formatDurationZh(lateMs)})`,
  confirmed: (ref: string, names: string) => `已确认 ${names} 完成任务 ${ref}。`,
  confirmedToAssignee: (ref: string, from: string) => `【任务已确认】${from} 已确认您完成任务 ${ref}。`,
  returned: (ref: string, name: string, due: string) => `已退回 ${name} 的任务 ${ref} 结果,须在 ${due} 前重新提交。`,
  returnedToAssignee: (ref: string, from: string, reason: string, due: string) =>
    `【任务退回】${from} 退回了任务 ${ref} 的结果:${reason}\n请在 ${due} 前重新回复「完成 ${ref} <结果>」。`,
  remindResult: (ref: string, text: string, due: string) =>
    `【提醒】任务 ${ref}《${text}》将于 ${due} 到期:请回复「进展 ${ref} <内容>」说明进展,或「完成 ${ref} <结果>」。`,
  todoHeading: '任务待确认:',
  todoLine: (ref: string, text: string, names: string) => `· ${ref}《${text}》${names} 已提交结果`,
  viewHead: (at: string, from: string, text: string, due: string) => `${at} ${from} 布置:${text}(期限 ${due})`,
  viewAssignee: (name: string, state: string) => `${name}:${state}`,
  viewEntry: (at: string, name: string, kind: string, text: string) => `  ${at} ${name} ${kind}${text ? `:${text}` : ''}`,
} as const;

export const TASK_ENTRY_ZH = { progress: '进展', result: '完成', confirm: '确认', return: '退回' } as const;
