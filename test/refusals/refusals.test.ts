/**
 * Issue contract: every refusal — unknown command, missing field, a date in the past, an unknown
 * person or number, a step not allowed now or not by this person — gets a short reply that says
 * what was wrong and what is expected, never a stack trace or silence, and stores nothing: the
 * whole database (every row of every table, read from the SQLite file) is byte-identical before
 * and after the bad line. Each case builds its state through the console first.
 */
import { describe, expect, it } from 'vitest';
import {
  DISPUTED, DONE, DRAFT, FORM, IN_PROGRESS, ISSUED, SIGNED, SUBJECT, VIOLATION, expectRefused, runCase, type RefusalCase,
} from './harness.js';

const USAGE_NEW = '用法:新建联络单 <收文部门代码> <期限 YYYY-MM-DD [HH:mm]> [性质] <主题>';

const DRAFTING: RefusalCase[] = [
  { name: 'unknown command in a DM', setup: [':as zheng'], say: '帮我订一张去北京的机票', reply: ['看不懂「帮我订一张去北京的机票」', '发送「帮助」查看可用命令'] },
  // In a DM the bare word starts the guided dialogue; in a group chat it answers with the usage.
  { name: '新建联络单 with nothing, in a group chat', setup: [':as zheng', ':in SCB'], say: '新建联络单', reply: [USAGE_NEW, '例如:新建联络单 SCB 2026-12-01'] },
  { name: '新建联络单 with only the department', setup: [':as zheng'], say: '新建联络单 JSB', reply: [USAGE_NEW] },
  { name: '新建联络单 with field lines missing 期限 and 主题', setup: [':as zheng'], say: '新建联络单\n收文部门: JSB', reply: ['联络单缺少期限、主题', USAGE_NEW] },
  { name: 'bad date 2026-13-45', setup: [':as zheng'], say: `新建联络单 JSB 2026-13-45 ${SUBJECT}`, reply: ['「2026-13-45」不是有效的时间', 'YYYY-MM-DD 或 YYYY-MM-DD HH:mm'] },
  { name: 'bad time 25:00', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 25:00 ${SUBJECT}`, reply: ['「2026-11-30 25:00」不是有效的时间'] },
  { name: 'a date in the past', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-20 ${SUBJECT}`, reply: ['期限 2026-11-20 17:30 已经过去', '请填写将来的时间'] },
  { name: 'earlier today', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-24 08:00 ${SUBJECT}`, reply: ['期限 2026-11-24 08:00 已经过去'] },
  { name: 'unknown department code', setup: [':as zheng'], say: `新建联络单 XYZ 2026-11-30 ${SUBJECT}`, reply: ['找不到部门代码「XYZ」', '例如 SCB'] },
  { name: 'receiving department is the own department', setup: [':as zheng'], say: `新建联络单 SCB 2026-11-30 ${SUBJECT}`, reply: ['接收部门不能是本部门'] },
  { name: 'unknown nature', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n性质: 随便`, reply: ['性质「随便」无效', '可选:要求协助、工作指令、事件跟催、其他'] },
  { name: 'unknown field key', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n颜色: 红`, reply: ['未知字段「颜色」', '可用字段:收文部门、期限'] },
  { name: 'a line that is not key: value', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n二号车间`, reply: ['「二号车间」不是「字段: 值」的格式'] },
  { name: 'bad urgent flag', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n紧急: 也许`, reply: ['紧急「也许」无效', '请写 是 或 否'] },
  { name: 'reply deadline after the deadline', setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}\n回复期限: 2026-12-02`, reply: ['回复期限不能晚于完成期限'] },
  { name: '修改 a draft with an unknown field', setup: DRAFT, say: '修改 #1 颜色: 红', reply: ['未知字段「颜色」'] },
];

const APPROVAL: RefusalCase[] = [
  { name: '同意 naming the draft, by its issuer (not a leader)', setup: DRAFT, say: '同意 #1', reply: ['只有发函部门领导可以审批同意'] },
  { name: '同意 by a member of the issuing department', setup: [...DRAFT, ':as shi'], say: '同意', reply: ['目前没有等待您审批的联络单或延期申请'] },
  { name: '同意 with nothing to approve', setup: [':as zhao'], say: '同意', reply: ['目前没有等待您审批的联络单或延期申请'] },
  {
    name: '同意 when two drafts await: asks which and lists both',
    setup: [...DRAFT, '新建联络单 ZLB 2026-12-02 焊缝探伤复检', ':as zhao'],
    say: '同意',
    reply: ['有多张联络单等待您处理,请指明编号', `· #1《${SUBJECT}》`, '· #2《焊缝探伤复检》', '[同意 #1] [同意 #2]'],
  },
  { name: '同意 naming an unknown draft', setup: [...DRAFT, ':as zhao'], say: '同意 #99', reply: ['找不到联络单「#99」', '草稿用 #编号'] },
  { name: '同意 naming an unknown number', setup: [...DRAFT, ':as zhao'], say: '同意 SCB20269999', reply: ['找不到联络单「SCB20269999」'] },
  { name: '驳回 without a reason', setup: [...DRAFT, ':as zhao'], say: '驳回 #1', reply: ['驳回需要写明原因'] },
  { name: '驳回 by the receiving leader points to 有异议 (issue 18)', setup: [...ISSUED, ':as lin'], say: `驳回 ${FORM} 不同意`, reply: ['不能驳回', '有异议 <原因>'] },
  { name: '同意延期 with nothing pending does not approve a draft (issue 18)', setup: [...DRAFT, ':as zhao'], say: '同意延期', reply: ['目前没有等待您答复的延期申请'] },
  { name: '同意延期 naming a form without a change request', setup: [...IN_PROGRESS, ':as zheng'], say: `同意延期 ${FORM}`, reply: ['没有待处理的延期申请', '查看 <编号>'] },
  {
    name: '同意 after the draft\'s deadline passed (no number is used up)',
    setup: [':as zheng', `新建联络单 JSB 2026-11-24 11:00 ${SUBJECT}`, ':as zhao', ':advance 3h'],
    say: '同意 #1',
    reply: ['期限 2026-11-24 11:00 已经过去'],
  },
];

const RECEIVING: RefusalCase[] = [
  { name: '签收 by someone who is not the receiving leader', setup: [...ISSUED, ':as he'], say: `签收 ${FORM}`, reply: ['只有接收部门领导可以签收'] },
  { name: '签收 in the thread by the issuer', setup: [...ISSUED, `:thread ${FORM}`, ':as zheng'], say: '签收', reply: ['只有接收部门领导可以签收'] },
  { name: '签收 by someone outside both departments', setup: [...ISSUED, ':as ma'], say: `签收 ${FORM}`, reply: [`找不到联络单「${FORM}」`] },
  { name: '有异议 by someone outside both departments reveals nothing', setup: [...ISSUED, ':as ma'], say: `有异议 ${FORM} 不同意`, reply: [`找不到联络单「${FORM}」`] },
  { name: '同意 a draft by an outsider reveals nothing', setup: [...DRAFT, ':as ma'], say: '同意 #1', reply: ['找不到联络单「#1」'] },
  { name: '签收 when already signed', setup: SIGNED, say: `签收 ${FORM}`, reply: ['当前状态为「已签收」,不能签收', '只能在「待签收/有异议」时签收'] },
  { name: '签收 a draft', setup: [...DRAFT, ':as lin'], say: '签收 #1', reply: ['当前状态为「待审批」,不能签收'] },
  { name: '签收 in a DM naming no form', setup: [':as lin'], say: '签收', reply: ['请指明是哪张联络单:签收 <编号>'] },
  { name: '有异议 without a reason', setup: [...ISSUED, ':as lin'], say: `有异议 ${FORM}`, reply: ['用法:有异议 [编号] <原因>'] },
  { name: '有异议 after signing', setup: SIGNED, say: `有异议 ${FORM} 期限太紧`, reply: ['当前状态为「已签收」,不能提出异议'] },
  { name: '指派 an unknown person', setup: SIGNED, say: `指派 ${FORM} @nobody`, reply: ['找不到人员「nobody」', '@人员ID 或 @姓名'] },
  { name: '指派 someone outside the receiving department', setup: SIGNED, say: `指派 ${FORM} @郑伟`, reply: ['郑伟 不是技术部的人员', '只能指派接收部门的人员'] },
  { name: '指派 before signing', setup: [...ISSUED, ':as lin'], say: `指派 ${FORM} @he`, reply: ['当前状态为「待签收」,不能指派实施人'] },
  { name: '指派 without anybody', setup: SIGNED, say: `指派 ${FORM}`, reply: ['用法:指派 [编号] @实施人'] },
];

const WORK: RefusalCase[] = [
  {
    name: '申请延期 after the deadline',
    setup: [...IN_PROGRESS, ':as he', ':advance 7d'],
    say: `申请延期 ${FORM} 2026-12-08 配件未到货`,
    reply: ['期限 2026-11-30 17:30 已过,不能再申请延期'],
  },
  { name: '申请延期 to an earlier deadline', setup: [...IN_PROGRESS, ':as he'], say: `申请延期 ${FORM} 2026-11-27 配件未到货`, reply: ['新期限必须晚于当前期限'] },
  { name: '申请延期 to an earlier hour the same day', setup: [...IN_PROGRESS, ':as he'], say: `申请延期 ${FORM} 2026-11-30 10:00 配件未到货`, reply: ['新期限必须晚于当前期限'] },
  { name: '申请延期 without a reason', setup: [...IN_PROGRESS, ':as he'], say: `申请延期 ${FORM} 2026-12-08`, reply: ['用法:申请延期 [编号] <新期限'] },
  {
    name: '申请延期 while one is pending',
    setup: [...IN_PROGRESS, ':as he', `申请延期 ${FORM} 2026-12-03 配件未到货`],
    say: `申请延期 ${FORM} 2026-12-08 还要更久`,
    reply: ['已有一项延期申请等待发函部门答复'],
  },
  { name: '申请延期 by the issuer', setup: [...IN_PROGRESS, ':as zheng'], say: `申请延期 ${FORM} 2026-12-08 想晚点`, reply: ['只有具体实施人或接收部门领导可以申请延期'] },
  { name: '完成 by a non-implementer', setup: [...IN_PROGRESS, ':as luo'], say: `完成 ${FORM} 图纸已确认`, reply: ['只有具体实施人或接收部门领导可以报告完成'] },
  { name: '完成 without a result', setup: [...IN_PROGRESS, ':as he'], say: `完成 ${FORM}`, reply: ['用法:完成 [编号] <完成结果>'] },
  { name: '结案 before done', setup: [...IN_PROGRESS, ':as zheng'], say: `结案 ${FORM} 按时完成`, reply: ['当前状态为「实施中」,不能结案', '只能在「已完成」时结案', '撤回 <原因>'] },
  { name: '结案 a disputed form (issue 18)', setup: [...DISPUTED, ':as zheng'], say: `结案 ${FORM} 算了`, reply: ['不能结案', '对方已提出异议', '转交 <部门> <原因>', '撤回 <原因>'] },
  { name: '修改 收文部门 of a disputed form (issue 18)', setup: [...DISPUTED, ':as zheng'], say: `修改 ${FORM} 收文部门: ZLB`, reply: ['不能用「修改」更换接收部门', '转交 <部门> <原因>'] },
  { name: '修改 an issued form before any answer', setup: [...ISSUED, ':as zheng'], say: `修改 ${FORM} 地点: 三号车间`, reply: ['不能修改', '正等待接收部门签收', '撤回 <原因>'] },
  { name: '撤回 without a reason', setup: [...ISSUED, ':as zheng'], say: `撤回 ${FORM}`, reply: ['用法:撤回 [编号] <原因>'] },
  { name: '撤回 without a number, outside the thread', setup: [...ISSUED, ':as zheng'], say: '撤回 需求取消', reply: ['用法:撤回 [编号] <原因>'] },
  { name: '撤回 by the receiving leader', setup: [...ISSUED, ':as lin'], say: `撤回 ${FORM} 不想做`, reply: ['只有承办人或发函部门领导可以撤回', '有异议 <原因>'] },
  { name: '转交 by the issuer before a dispute', setup: [...ISSUED, ':as zheng'], say: `转交 ${FORM} ZLB 弄错了`, reply: ['承办人只能在接收部门提出异议后转交', '撤回 <原因>'] },
  { name: '转交 to an unknown department', setup: [...ISSUED, ':as lin'], say: `转交 ${FORM} 后勤部 不归我们`, reply: ['找不到部门代码「后勤部」'] },
  { name: '转交 to the same department', setup: [...ISSUED, ':as lin'], say: `转交 ${FORM} jsb 不归我们`, reply: ['联络单已经在技术部'] },
  { name: '转交 without a reason', setup: [...ISSUED, ':as lin'], say: `转交 ${FORM} ZLB`, reply: ['用法:转交 [编号] <部门代码或名称> <原因>'] },
  { name: '签收 a withdrawn form', setup: [...ISSUED, ':as zheng', `撤回 ${FORM} 需求取消`, ':as lin'], say: `签收 ${FORM}`, reply: ['当前状态为「已撤回」', '已经结束,无需再处理'] },
  { name: '结案 without evaluation', setup: [...DONE, ':as zheng'], say: `结案 ${FORM}`, reply: ['用法:结案 [编号] <评价>'] },
  { name: '结案 by the implementer', setup: DONE, say: `结案 ${FORM} 很好`, reply: ['只有承办人或发函部门领导可以结案'] },
  { name: '跟催 by the receiving leader', setup: [...ISSUED, ':as lin'], say: `跟催 ${FORM} 快点`, reply: ['只有承办人或发函部门领导可以跟催'] },
  { name: '跟催 by another member of the issuing department', setup: [...ISSUED, ':as shi'], say: `跟催 ${FORM}`, reply: ['只有承办人或发函部门领导可以跟催'] },
  { name: '跟催 a draft', setup: DRAFT, say: '跟催 #1', reply: ['当前状态为「待审批」,不能跟催'] },
  {
    name: '上报 about a department without a supervising leader',
    setup: [':as zheng', '新建联络单 CWB 2026-11-30 报销单据核对', ':as zhao', '同意 #1', ':as zheng'],
    say: `上报 ${FORM} 财务部不配合`,
    reply: ['财务部没有配置主管领导,无法上报'],
  },
  { name: 'a comment in the thread of an unknown form', setup: [':as zheng', ':thread SCB20269999'], say: '图纸什么时候好?', reply: ['找不到联络单「SCB20269999」'] },
];

const NOTICES: RefusalCase[] = [
  { name: '通知 by a non-superior', setup: [':as he'], say: '通知 @luo 明天交图', reply: ['只有上级可以向下属发需回复的通知', '您不是 罗斌 的上级', '请直接发消息'] },
  { name: '通知 to a superior and a subordinate (nothing half-sent)', setup: [':as zhao'], say: '通知 @zheng @lin 明早开会', reply: ['您不是 林志华 的上级'] },
  { name: '通知 without mentions', setup: [':as zhao'], say: '通知 明早八点开安全会', reply: ['用法:通知 @某人 [@某人…] <内容>'] },
  { name: '通知 without text', setup: [':as zhao'], say: '通知 @zheng', reply: ['请写明通知内容'] },
  { name: '通知 @unknown', setup: [':as zhao'], say: '通知 @zheng @nobody 明早八点开安全会', reply: ['找不到人员或部门「nobody」', '@所有人'] },
  { name: '【通知】 @unknown', setup: [':as zhao'], say: '【通知】@不存在的人 明早八点开安全会', reply: ['找不到人员或部门「不存在的人」'] },
  { name: '通知 @所有人 by someone who is not everyone’s superior (issue 18)', setup: [':as zhao'], say: '通知 @所有人 明早开会', reply: ['只有上级可以向下属发需回复的通知', '您不是'] },
  { name: '通知 @JSB by another department’s leader', setup: [':as zhao'], say: '通知 @JSB 明早开会', reply: ['您不是 林志华、何静、罗斌 的上级'] },
  { name: '通知 only to oneself', setup: [':as zhao'], say: '通知 @zhao 明早开会', reply: ['不能给自己发通知', '请 @ 您的下属'] },
  { name: '邮件 @上级 by a subordinate (issue 18)', setup: [':as zheng'], say: '邮件 @zhao 周报', reply: ['只有上级可以向下属发需回复的工作邮件', '给上级的邮件无需在这里登记'] },
  { name: '未接来电 between unrelated people', setup: [':as he'], say: '未接来电 @zheng', reply: ['您与 郑伟 之间没有上下级关系,无法登记未接来电'] },
  { name: '未接来电 naming two people', setup: [':as zheng'], say: '未接来电 @zhao @lin', reply: ['只能 @ 一个人'] },
  { name: '收到 with nothing pending', setup: [':as zheng'], say: '收到', reply: ['您目前没有需要回复「收到」的事项'] },
  { name: '收到 naming an unknown notice, with nothing pending', setup: [':as zheng'], say: '收到 TZ99', reply: ['您目前没有需要回复「收到」的事项'] },
  {
    name: '收到 naming an unknown notice while another is pending (lists it)',
    setup: [...VIOLATION.slice(0, 2), ':as zheng'],
    say: '收到 TZ99',
    reply: ['「TZ99」不是您待回复的事项', '· TZ1《下午两点开安全会》 截止 2026-11-24 09:30', '[收到 TZ1]'],
  },
  { name: '收到 naming an unknown form', setup: [':as lin'], say: '收到 SCB20269999', reply: ['找不到联络单「SCB20269999」'] },
  { name: '查看 an unknown form number', setup: [...ISSUED, ':as zheng'], say: '查看 SCB20269999', reply: ['找不到联络单「SCB20269999」'] },
  { name: '查看 an unknown notice', setup: [':as zheng'], say: '查看 TZ99', reply: ['找不到通知「TZ99」'] },
  { name: '查看 a form by someone outside both departments', setup: [...ISSUED, ':as ma'], say: `查看 ${FORM}`, reply: [`找不到联络单「${FORM}」`], hides: [SUBJECT, '郑伟', '技术部'] },
  { name: '查看 a draft by someone outside both departments', setup: [...DRAFT, ':as ma'], say: '查看 #1', reply: ['找不到联络单「#1」'], hides: [SUBJECT] },
  { name: '查看 a notice by someone it is not for', setup: [...VIOLATION.slice(0, 2), ':as ma'], say: '查看 TZ1', reply: ['找不到通知「TZ1」'], hides: ['安全会'] },
];

const VIOLATIONS: RefusalCase[] = [
  { name: '豁免 by a non-HR person', setup: [...VIOLATION, ':as zheng'], say: '豁免 WG1 当时在开会', reply: ['只有人力行政部可以豁免违规'] },
  { name: '豁免 an unknown violation id', setup: [...VIOLATION, ':as liu'], say: '豁免 WG99 系统故障', reply: ['找不到违规记录 WG99'] },
  { name: '豁免 without a reason', setup: [...VIOLATION, ':as liu'], say: '豁免 WG1', reply: ['用法:豁免 <违规编号> <原因>'] },
  { name: '豁免 twice', setup: [...VIOLATION, ':as liu', '豁免 WG1 系统故障'], say: '豁免 WG1 再来一次', reply: ['WG1 已于之前豁免(系统故障)'] },
  { name: '违规 @unknown', setup: [...VIOLATION, ':as liu'], say: '违规 @nobody', reply: ['找不到人员「nobody」'] },
  { name: '违规 with a month that does not exist', setup: [...VIOLATION, ':as liu'], say: '违规 2026-13', reply: ['「2026-13」不是有效的月份'] },
  { name: '豁免 an absurdly long number', setup: [...VIOLATION, ':as liu'], say: '豁免 WG99999999999999999999 系统故障', reply: ['用法:豁免 <违规编号> <原因>'] },
];

const CONSOLE: RefusalCase[] = [
  { name: ':as nobody', setup: [], say: ':as nobody', reply: [':: 未知人员 nobody', '现在没有发言人', ':who'] },
  { name: ':now <time> after the first message', setup: [':as zheng', '我的待办'], say: ':now 2026-12-01 09:00', reply: [':now <时间> 只能在第一条消息之前', ':: 2026-11-24 09:00'] },
  { name: ':now with a day that does not exist', setup: [], say: ':now 2026-11-31 09:00', reply: ['--now 无效:2026-11-31 09:00'] },
  { name: ':in XX', setup: [], say: ':in XX', reply: [':: 未知部门 XX'] },
  { name: ':advance 3 days', setup: [], say: ':advance 3 days', reply: [':: 无效时长 3 days', '例如 30m、2h、1d'] },
  { name: ':thread without a form number', setup: [], say: ':thread XX', reply: [':: 无效联络单编号 XX'] },
  { name: 'an unknown directive', setup: [], say: ':jump 2027', reply: [':: 未知指令 :jump', ':as :who :dm :in :thread :advance'] },
];

const GROUPS: Array<[string, RefusalCase[]]> = [
  ['drafting', DRAFTING], ['approval', APPROVAL], ['receiving side', RECEIVING], ['work and closing', WORK],
  ['notices, acks and views', NOTICES], ['violations', VIOLATIONS], ['console directives', CONSOLE],
];

describe.each(GROUPS)('refusals: %s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expectRefused(c, await runCase(c));
  });
});

describe('the refusal harness', () => {
  it('sees a change when a command is accepted', async () => {
    const run = await runCase({ setup: [':as zheng'], say: `新建联络单 JSB 2026-11-30 ${SUBJECT}` });
    expect(run.reply).toContain('已起草 #1');
    expect(run.after).not.toBe(run.before);
    const after = JSON.parse(run.after) as Record<string, unknown[]>;
    for (const table of ['liaison_form', 'form_event', 'audit_log', 'outbox']) expect(after[table]!.length).toBeGreaterThan(0);
  });

  it.each([
    ['DRAFT', DRAFT, '待审批'], ['ISSUED', ISSUED, '待签收'], ['SIGNED', SIGNED, '已签收'],
    ['IN_PROGRESS', IN_PROGRESS, '实施中'], ['DONE', DONE, '已完成'],
  ] as const)('setup %s reaches state %s', async (_name, setup, state) => {
    const run = await runCase({ setup: [...setup, ':as zheng'], say: setup === DRAFT ? '查看 #1' : `查看 ${FORM}` });
    expect(run.reply).toContain(`状态:${state}`);
  });

  it('setup VIOLATION records WG1 for 郑伟', async () => {
    const run = await runCase({ setup: [...VIOLATION, ':as liu'], say: '违规' });
    expect(run.reply).toMatch(/WG1 郑伟 .*第1次 罚款20元/);
  });

  it('a bad directive changes neither place nor clock, and an unknown :as is not silent', async () => {
    const run = await runCase({ setup: [':as zheng', ':in SCB', ':as nobody', ':in XX', ':thread XX', ':advance 3 days', ':dm'], say: ':now' });
    expect(run.reply).toBe(':: 2026-11-24 09:00');
    // An unknown :as leaves nobody speaking: the next message is refused, not sent as zheng.
    const who = await runCase({ setup: [':as zheng', ':as nobody'], say: '我的待办' });
    expect(who.reply).toMatch(/^:: 没有发言人/);
    expect(who.reply).not.toContain('>> to zheng');
    expect(who.after).toBe(who.before);
  });
});
