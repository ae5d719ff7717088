/**
 * Every sentence a user sees, in one place: Chinese first, English where it helps. Functions take
 * the values they mention; nothing here decides anything.
 */
import { formatDurationZh } from '../domain/duration.js';

export const T = {
  // ── generic ──────────────────────────────────────────────────────────────
  unknownPerson: (who: string) => `找不到人员「${who}」。请用 @人员ID 或 @姓名,例如 @zhao 或 @赵强。`,
  unknownPersonOrGroup: (who: string) =>
    `找不到人员或部门「${who}」。请用 @人员ID、@姓名、@部门代码(如 @SCB,@SCB+ 含下属部门)或 @所有人。`,
  unknownDept: (code: string) => `找不到部门代码「${code}」。部门代码是 2–5 个大写字母,例如 SCB。`,
  unknownForm: (ref: string) => `找不到联络单「${ref}」。编号形如 SCB20261101,草稿用 #编号(如 #12)。`,
  unknownNotice: (ref: string) => `找不到通知「${ref}」。通知编号形如 TZ12。`,
  notInDirectory: (who: string) => `您(${who})不在公司通讯录中,无法使用本机器人。请联系管理员把您加入 org.yaml。`,
  internalError: '抱歉,处理这条消息时出错了,什么都没有保存。请稍后再试,或联系管理员。(internal error, nothing was saved)',

  // ── forms: refusals ──────────────────────────────────────────────────────
  notAllowedRole: (action: string, roles: string) => `只有${roles}可以${action}。`,
  notAllowedState: (action: string, state: string, allowed: string) =>
    `这张联络单当前状态为「${state}」,不能${action}(只能在「${allowed}」时${action})。`,
  deadlineInPast: (when: string) => `期限 ${when} 已经过去,请填写将来的时间(YYYY-MM-DD 或 YYYY-MM-DD HH:mm)。`,
  deadlineOutsideWorkingTime: (when: string, why: string, next: string, ref: string) =>
    `注意:期限 ${when} 是${why},不在上班工作时间内;对方最早在 ${next} 上班后才能处理。如需调整,请发送「修改 ${ref} 期限: YYYY-MM-DD HH:mm」。`,
  replyByAfterDeadline: '回复期限不能晚于完成期限。',
  sameDept: '接收部门不能是本部门。',
  subjectMissing: '缺少主题。',
  changeTooLate: (deadline: string) => `期限 ${deadline} 已过,不能再申请延期;请与发函部门协商后由承办人修改。`,
  changeNotLater: '新期限必须晚于当前期限。',
  noChangeRequest: '这张联络单没有待处理的延期申请,无需同意或驳回。发送「查看 <编号>」了解进度。',
  changePending: '已有一项延期申请等待发函部门答复。',
  implementerNotInDept: (name: string, dept: string) => `${name} 不是${dept}的人员,只能指派接收部门的人员。`,
  noImplementers: '请 @ 至少一位实施人,例如:指派 @zhao。',
  reasonRequired: (action: string) => `${action}需要写明原因。`,
  resultRequired: '请写明完成结果,例如:完成 已更换阀门并试压合格。',
  evaluationRequired: '请写明对完成结果的评价,例如:结案 按时完成,效果良好。',
  insteadDispute: '接收部门不能驳回联络单;如有不同意见,请发送「有异议 <原因>」,或「转交 <部门> <原因>」交给负责的部门。',
  insteadNoChangePending: '这张联络单目前没有待答复的延期申请,无需同意或驳回。可发送「查看 <编号>」了解进度。',
  insteadAfterDispute: '对方已提出异议:您可以「修改 字段: 值」后重新发出、「转交 <部门> <原因>」,或「撤回 <原因>」作废它。',
  insteadWithdraw: '如不再需要这张联络单,请发送「撤回 <原因>」作废它。',
  insteadWaitForAnswer: '联络单已发出,正等待接收部门签收;可在线程里留言协商,对方提出异议后再修改,或「撤回 <原因>」作废它。',
  insteadEnded: '这张联络单已经结束,无需再处理。',
  transferIssuerOnlyAfterDispute: '承办人只能在接收部门提出异议后转交;签收前由接收部门领导转交。您可以「跟催」或「撤回 <原因>」。',
  transferSameDept: (name: string) => `联络单已经在${name},请转交给另一个部门,例如:转交 JSB 原因。`,
  transferToIssuing: '不能转交回发函部门。如不再需要,请承办人「撤回 <原因>」。',
  deptFixedAfterIssue: '已发出的联络单不能用「修改」更换接收部门。接收部门领导可「转交 <部门> <原因>」,有异议后承办人也可以转交;不再需要时请「撤回 <原因>」。',
  nothingToRevise: '没有要修改的内容。请用「字段: 值」的形式,例如:期限: 2026-12-05。',

  // ── 导出 ───────────────────────────────────────────────────────────────────
  exported: (name: string, events: number) => `已导出 ${name}(联络单及 ${events} 条往来记录,一式两份,可自行留存)。`,
  /** DingTalk's robot messages carry no file (issue 18 item 14): the answer says so instead of pretending. */
  fileNotSentHere: (name: string) => `钉钉上暂不能随消息发送文件「${name}」:请在看板(发送「看板」获取登录链接)查看或下载,或在企业微信、飞书、Slack 上发送同一命令。`,
  exportUnavailable: '此处暂不能生成文件,请稍后再试或联系管理员。(export unavailable)',

  // ── durations ────────────────────────────────────────────────────────────
  late: (ms: number) => `逾期 ${formatDurationZh(ms)}`,
} as const;
