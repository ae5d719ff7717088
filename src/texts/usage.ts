/** Usage lines for commands with missing or malformed arguments, and the help text. */
import { FIELD_WORDS } from '../chat/command-words.js';

const FIELDS = '收文部门、期限、回复期限、性质、主题、时间、地点、人物、事件、要求完成结果、紧急、附件';

export const USAGE = {
  empty: '请输入命令,发送「帮助」查看用法。',
  unknown: (text: string) =>
    `看不懂「${text.length > 20 ? `${text.slice(0, 20)}…` : text}」。发送「帮助」查看可用命令。(Unknown command; send "help".)`,
  formNew:
    '用法:新建联络单 <收文部门代码> <期限 YYYY-MM-DD [HH:mm]> [性质] <主题>\n例如:新建联络单 SCB 2026-12-01 要求协助 二号车间锅炉检修\n也可在下面各行写「字段: 值」,字段有:' + FIELDS,
  formNewMissing: (missing: string) => `联络单缺少${missing}。` + '用法:新建联络单 <收文部门代码> <期限 YYYY-MM-DD [HH:mm]> [性质] <主题>',
  dispute: '用法:有异议 [编号] <原因>,例如:有异议 期限太紧,需要三天。',
  revise: '用法:修改 [编号] 后面跟「字段: 值」,例如:修改 SCB20261101 期限: 2026-12-05',
  assign: '用法:指派 [编号] @实施人 [@实施人…],例如:指派 @zhousan',
  requestChange: '用法:申请延期 [编号] <新期限 YYYY-MM-DD [HH:mm]> <原因>,例如:申请延期 2026-12-08 配件未到货',
  done: '用法:完成 [编号] <完成结果>,例如:完成 已更换阀门并试压合格',
  close: '用法:结案 [编号] <评价>,例如:结案 按时完成,效果良好',
  withdraw: '用法:撤回 [编号] <原因>(作废联络单,结束它的全部待办并通知对方),例如:撤回 SCB20261201 需求取消',
  transfer: '用法:转交 [编号] <部门代码或名称> <原因>,例如:转交 SCB20261201 ZLB 属质量部职责',
  notice: '用法:通知 @某人 [@某人…] <内容>,例如:通知 @zhao 明早八点开安全会',
  email: '用法:邮件 @某人 <邮件主题>,登记一封需在时限内回复的工作邮件。',
  noticeText: '请写明通知内容。',
  missedCall: '用法:未接来电 @上级(登记上级打来而您未接的电话),或上级登记:未接来电 @下属。只能 @ 一个人。',
  show: '用法:查看 <编号>,例如:查看 SCB20261101 或 查看 TZ12。',
  exportForm: '用法:导出 <联络单编号>,例如:导出 SCB20261101(导出信息反馈请用「导出反馈 YYYY-MM」)。',
  badMonth: (text: string) => `「${text}」不是有效的月份,请写成 YYYY-MM,例如 2026-11。`,
  waive: '用法:豁免 <违规编号> <原因>,例如:豁免 WG3 当天系统故障',
  deputy: '用法:代理 @代理人 至 YYYY-MM-DD [原因],例如:代理 @郑伟 至 2026-12-10 出差;人力行政部或总经办为他人指定:代理 @请假人 由 @代理人 至 YYYY-MM-DD [原因];提前结束:取消代理 [@请假人]',
  badDate: (text: string) => `「${text}」不是有效的时间,请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:mm(也可写 明天、下周一、12/04、12月4日,后面可加 HH:mm)。`,
  badNature: (text: string) => `性质「${text}」无效,可选:要求协助、工作指令、事件跟催、其他。`,
  badUrgent: (text: string) => `紧急「${text}」无效,请写 是 或 否。`,
  fieldLine: (line: string) => `「${line}」不是「字段: 值」的格式。可用字段:${FIELDS}`,
  unknownField: (key: string) => `未知字段「${key}」。可用字段:${FIELDS}`,
  needRef: (what: string) => `请指明是哪张联络单:${what} <编号>,或在联络单的线程里发送。`,
  whichForm: '有多张联络单等待您处理,请指明编号:',
  nothingToApprove: '目前没有等待您审批的联络单或延期申请。发送「我的待办」查看您能处理的事项。',
  nothingChangePending: '目前没有等待您答复的延期申请。实施人申请延期后,您会收到带「同意延期 / 驳回延期」按钮的消息;发送「我的待办」查看其他待办。',
  threadOnlyForms: '这里不是联络单线程。',
};

export const HELP_LINES = [
  '【收到 Shoudao 机器人 · 用法】',
  '联络单:',
  '  新建联络单 <收文部门代码> <期限 YYYY-MM-DD [HH:mm]> [性质] <主题>(可另起行写「字段: 值」)',
  '  同意 / 驳回 <原因> · 提交 · 收到/签收 · 有异议 <原因> · 修改 字段: 值',
  '  指派 @某人 · 申请延期 <新期限> <原因> · 完成 <结果> · 结案 <评价> · 跟催 · 上报 <原因>',
  '  撤回 <原因>(作废,发函方) · 转交 <部门> <原因>(接收部门领导;有异议后承办人也可)',
  '  在联络单线程内可省略编号;私聊时在命令后写编号,例如:签收 SCB20261101',
  '通知与回复:',
  '  通知 @a @b <内容> · 邮件 @a <主题> · 未接来电 @上级 · 收到 [TZ编号]',
  '任务(上级布置,须回复收到、进展和结果):',
  '  任务 @a @b <内容> 期限 <YYYY-MM-DD [HH:mm]> · 收到 RW编号 · 进展 RW编号 <内容> · 完成 RW编号 <结果>',
  '  布置人:确认 RW编号 [@某人] · 退回 [RW编号] [@某人] <原因>',
  '工作汇报(汇报制度,策略文件 reports: 设定的汇报人按期提交):汇报 [周报] <内容> · 汇报 查看 [关键词] · 汇报 搜索 <关键词>',
  '查询:我的待办 · 查看 <编号> · 导出 <编号>(联络单文件) · 违规 [YYYY-MM] [@某人] · 豁免 <违规编号> <原因>(人力行政部)· 月度考评 [YYYY-MM](人力行政部、总经办)',
  '表扬:表扬名单 [YYYY-MM](人力行政部、总经办)· 发布表扬 [YYYY-MM](人力行政部,发到公司公告频道并通知受表扬的员工)',
  '代理:代理 @代理人 至 YYYY-MM-DD [原因] · 代理 @请假人 由 @代理人 至 YYYY-MM-DD(人力行政部/总经办) · 取消代理 · 代理(查看)',
  '看板:私聊发送「看板」获取网页看板的一次性登录链接(10 分钟内有效)',
  '信息反馈:反馈 <类别> <内容> · 匿名反馈 <类别> <内容> · 查看 FK编号 · 发送「反馈帮助」查看全部反馈命令',
  'English: form new, approve, reject, submit, ack, sign, dispute, revise, assign, extend, done, close, follow, escalate, withdraw, transfer, notice, email, missed-call, todo, show, export, violations, waive, deputy, end-deputy, dashboard, help, task, progress, confirm, return, commendations, publish-commendations, report',
];

export const KNOWN_FIELD_KEYS = Object.keys(FIELD_WORDS);
