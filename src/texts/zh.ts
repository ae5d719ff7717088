/**
 * Every sentence a user sees, in one place: Chinese first, English where it helps. Functions take
 * the values they mention; nothing here decides anything.
 */
import { formatDurationZh } from '../domain/duration.js';

export const T = {
  // ── generic ──────────────────────────────────────────────────────────────
  unknownPerson: (who: string) => `找不到人员「${who}」。请用 @人员ID 或 @姓名,例如 @zhao 或 @赵强。`,
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
  replyByAfterDeadline: '回复期限不能晚于完成期限。',
  sameDept: '接收部门不能是本部门。',
  subjectMissing: '缺少主题。',
  changeTooLate: (deadline: string) => `期限 ${deadline} 已过,不能再申请延期;请与发函部门协商后由承办人修改。`,
  changeNotLater: '新期限必须晚于当前期限。',
  noChangeRequest: '这张联络单没有待处理的延期申请。',
  changePending: '已有一项延期申请等待发函部门答复。',
  implementerNotInDept: (name: string, dept: string) => `${name} 不是${dept}的人员,只能指派接收部门的人员。`,
  noImplementers: '请 @ 至少一位实施人,例如:指派 @zhao。',
  reasonRequired: (action: string) => `${action}需要写明原因。`,
  resultRequired: '请写明完成结果,例如:完成 已更换阀门并试压合格。',
  evaluationRequired: '请写明对完成结果的评价,例如:结案 按时完成,效果良好。',
  nothingToRevise: '没有要修改的内容。请用「字段: 值」的形式,例如:期限: 2026-12-05。',

  // ── 导出 ───────────────────────────────────────────────────────────────────
  exported: (name: string, events: number) => `已导出 ${name}(联络单及 ${events} 条往来记录,一式两份,可自行留存)。`,
  exportUnavailable: '此处暂不能生成文件,请稍后再试或联系管理员。(export unavailable)',

  // ── durations ────────────────────────────────────────────────────────────
  late: (ms: number) => `逾期 ${formatDurationZh(ms)}`,
} as const;
