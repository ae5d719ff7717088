/**
 * Every sentence about 信息反馈 (SPEC §2): Chinese first, English where it helps. Functions take
 * the values they mention; nothing here decides anything. No sentence names an anonymous sender.
 */

const CATEGORY_WORDS = '工作汇报、问题、建议、投诉、举报、紧急、客户意见、其他';

export const TF = {
  // ── intake ───────────────────────────────────────────────────────────────
  usage:
    '用法:反馈 <类别> <内容>,类别:' + CATEGORY_WORDS + '。\n例如:反馈 建议 食堂增加一个打饭窗口\n' +
    '可另起行写「部门: SCB」「时间: 11月20日起」「期望: 尽快维修」;私聊只发「反馈」按步骤填写;匿名请发「匿名反馈 …」。',
  badCategory: (word: string) => `类别「${word}」无效,可选:${CATEGORY_WORDS}。`,
  descriptionMissing: '请写明反馈内容(问题的具体描述)。',
  descriptionTooLong: (max: number) => `反馈内容过长(最多 ${max} 字),请精简后再发。`,
  unknownDept: (code: string) => `找不到部门代码「${code}」。部门代码是 2–5 个大写字母,例如 SCB。`,
  unknownField: (key: string) => `未知字段「${key}」。可用字段:部门、时间、期望、匿名。`,
  registered: (number: string, at: string) => `已登记信息反馈 ${number},登记时间 ${at}。处理进展会随时通知您。`,
  registeredAnonymous: (number: string, at: string) =>
    `已匿名登记信息反馈 ${number},登记时间 ${at}。任何人(包括管理员)都看不到您的身份;处理人的提问和进展会以「匿名反馈人」转给您,您可发送「回复 ${number} <内容>」答复。`,
  anonymousUnavailable: '匿名反馈暂不可用:系统未配置加密密钥(SHOUDAO_SECRET),为保护您的身份,本条没有保存。请联系管理员,或署名反馈。',
  anonymousOnlyInDm: '为保护匿名,请在与机器人的私聊中发送匿名反馈;本条没有保存。',
  registeredEvent: (channel: string) => `登记(来源:${channel})`,
  registeredAnonymousEvent: '匿名登记',
  linkedEvent: (numbers: string) => `关联相似反馈 ${numbers}`,
  linkedTo: (number: string, count: number) => `新增相似反馈 ${number}(累计 ${count} 条)`,
  priorityRaised: (p: string) => `,优先级升为「${p}」`,
  priorityRaisedToSubmitter: (number: string, p: string) => `您的反馈 ${number} 近期有相似反馈,优先级已升为「${p}」。`,

  // ── notices to triagers, owners, 总经办 ───────────────────────────────────
  newItemNotice: (due: string) => `【新反馈】请在 ${due} 前受理(受理 <编号> [类别] [@处理人] 或 分派 <编号> @处理人)。`,
  urgentNotice: (due: string) => `【紧急反馈】请在 ${due} 前回复「收到」,并尽快受理处理。`,
  linkedHeader: (n: number) => `相似反馈 ${n} 条(近期):`,
  toOwnerAssigned: (who: string, due: string) => `${who} 将此反馈交由您处理,请在 ${due} 前处理完毕;可发送 进展 / 提问 / 解决 / 无法解决。`,
  toOldOwner: (name: string) => `此反馈已改由 ${name} 处理,您无需再跟进。`,
  replyFrom: (who: string, text: string) => `${who} ${text}`,
  dutyTitle: (category?: string) => (category ? `${category}反馈` : '信息反馈'),

  // ── to the submitter (反馈反馈) ──────────────────────────────────────────
  yourItem: (label: string) => `您的反馈 ${label}`,
  toSubmitterTriaged: (owner: string, due: string) => `已受理,处理人 ${owner},预计 ${due} 前处理完毕。`,
  toSubmitterOwnerChanged: (owner: string) => `处理人变更为 ${owner}。`,
  toSubmitterProgress: (who: string, text: string) => `${who} ${text}`,
  toSubmitterQuestion: (who: string, text: string) => `${who} ${text}`,
  replyHint: (number: string) => `答复请发送:回复 ${number} <内容>`,
  answerHint: (number: string) => `满意请发送「确认 ${number} <满意度1-5> [评价]」;未解决请发送「重开 ${number} <原因>」。`,
  closeHint: (at: string) => `如无答复,将于 ${at} 自动关闭。`,
  autoClosedToSubmitter: (until: string) => `因长时间未答复,已自动关闭。如问题仍在,可在 ${until} 前发送「重开 <编号> <原因>」。`,
  reopenedToOwner: (due: string) => `请重新处理,期限 ${due}。`,

  // ── history (events) ─────────────────────────────────────────────────────
  triagedEvent: (owner: string, extra: string) => `受理,处理人 ${owner}${extra ? `;${extra}` : ''}`,
  assignedEvent: (owner: string) => `分派给 ${owner}`,
  categoryChanged: (c: string) => `类别改为「${c}」`,
  priorityTo: (p: string) => `优先级调整为「${p}」`,
  acknowledgedEvent: '收到',
  progressEvent: (text: string) => `进展:${text}`,
  askedEvent: (text: string) => `提问:${text}`,
  repliedEvent: (text: string) => `回复:${text}`,
  resolvedEvent: (resolution: string, improvement?: string) => `已解决:${resolution}${improvement ? `;改进措施:${improvement}` : ''}`,
  unresolvableEvent: (reason: string, suggestion: string) => `无法解决:${reason};建议:${suggestion}`,
  confirmedEvent: (rating: number, comment?: string) => `确认关闭,满意度 ${rating}/5${comment ? `:${comment}` : ''}`,
  autoClosedEvent: '长时间未答复,自动关闭',
  reopenedEvent: (reason: string) => `重开:${reason}`,

  // ── refusals ─────────────────────────────────────────────────────────────
  unknownItem: (ref: string) => `找不到信息反馈「${ref}」。编号形如 FK20250102-003。`,
  notAllowedState: (action: string, state: string, allowed: string) =>
    `这条反馈当前状态为「${state}」,不能${action}(只能在「${allowed}」时${action})。`,
  notAllowedRole: (action: string, roles: string) => `只有${roles}可以${action}。`,
  restrictedStays: (c: string) => `「${c}」类反馈受保密限制,不能改为其他类别。`,
  ownerNotAllowed: (name: string, c: string) => `${name} 不能处理「${c}」类反馈(保密:只能由人力行政部负责人或总经办处理)。`,
  sameOwner: (name: string) => `处理人已经是 ${name}。`,
  samePriority: (p: string) => `优先级已经是「${p}」。`,
  textRequired: (what: string) => `请写明${what}内容。`,
  noSubmitterToAsk: '这条反馈来自外部系统(客户意见),没有可以在聊天中联系的反馈人;请按反馈中的联系方式联系客户。',
  resolutionRequired: '请写明处理结果,例如:解决 FK20250102-003 已更换灯管 改进: 每月巡检照明。',
  unresolvableNeedsBoth: '请写明无法解决的原因和建议,例如:无法解决 FK20250102-003 线路老化需整体改造 建议: 列入明年技改计划。',
  ratingRequired: '请给出 1–5 的满意度,例如:确认 FK20250102-003 5 处理及时。',
  reopenTooLate: '已超过可重开的期限;如问题仍在,请重新反馈。',
  needRef: (word: string) => `请指明是哪条反馈:${word} <编号>,例如 ${word} FK20250102-003。`,
  whichItem: '有多条反馈可以这样处理,请指明编号:',
  nothingToAct: (word: string) => `目前没有您可以「${word}」的反馈。`,
  badPriority: (word: string) => `优先级「${word}」无效,可选:紧急、高、中、低。`,
  usageTriage: '用法:受理 <编号> [类别] [紧急|高|中|低] [@处理人](不写处理人则由您处理)',
  usageAssign: '用法:分派 <编号> @处理人',
  usagePriority: '用法:优先级 <编号> 紧急|高|中|低',
  usageText: (word: string) => `用法:${word} <编号> <内容>`,
  usageResolve: '用法:解决 <编号> <处理结果> [改进: <改进措施>]',
  usageUnresolvable: '用法:无法解决 <编号> <原因> 建议: <建议>',
  usageConfirm: '用法:确认 <编号> <满意度1-5> [评价]',
  usageReopen: '用法:重开 <编号> <原因>',
  notAllowedStats: '反馈统计只提供给部门负责人、信息反馈管理小组和总经办。',
  badMonth: (text: string) => `「${text}」不是有效的月份,请写成 YYYY-MM,例如 2026-11。`,
} as const;
