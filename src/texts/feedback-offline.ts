/**
 * 代登记 (issue 16 part 3): the sentences of feedback registered on someone's behalf from the
 * channels that are not chat — 会议纪要, 反馈箱, 面谈, 电话, 邮件. Chinese first; functions take the
 * values they mention and decide nothing. No sentence names the person an anonymous item came from.
 */
const SOURCES = '会议纪要、反馈箱、面谈、电话、邮件';

export const TFO = {
  usage:
    '用法:代登记 <来源> [匿名] [来自 @某人] <类别> <内容>(来源:' + SOURCES + ')。\n' +
    '例如:代登记 电话 来自 @郑伟 问题 三号线皮带跑偏\n' +
    '会议纪要一条消息登记多条:第一行「代登记 会议纪要 <日期> <会议名称>」,之后每行一条「[来自 @某人] <类别> <内容>」。\n' +
    '目录以外的人写「来自 姓名」(不带 @);反馈箱的匿名件写「代登记 反馈箱 匿名 <类别> <内容>」。',
  notRecorder: '只有信息反馈管理小组成员和反馈记录员(组织文件 feedback_recorders)可以代登记。',
  unknownSource: (word: string) => `未知来源「${word}」,可选:${SOURCES}。`,
  meetingHeading: '会议纪要的第一行请写会议日期和名称,例如:代登记 会议纪要 2026-12-01 生产调度会',
  badMeetingDate: (text: string) => `会议日期「${text}」无效,请写 YYYY-MM-DD 或 12月1日。`,
  noItems: '没有要登记的事项:请每行写一条「<类别> <内容>」(空行不算)。',
  lineEmpty: (line: number) => `第 ${line} 行没有反馈内容。`,
  lineError: (line: number, message: string) => `第 ${line} 行:${message}`,
  unknownOrigin: (name: string) => `找不到人员「${name}」。请用 @人员ID 或 @姓名;目录以外的人请写「来自 姓名」(不带 @)。`,
  originMissing: '「来自」后面请写反映人,例如「来自 @郑伟」或「来自 王师傅」。',
  tooMany: (max: number) => `一次最多代登记 ${max} 条,请分几次发送。`,
  anonymousNeedsSecret: '匿名代登记暂不可用:系统未配置加密密钥(SHOUDAO_SECRET),本条没有保存。',

  sourceLabel: (source: string, meeting?: { date: string; name: string }) => (meeting ? `${source} · ${meeting.date} ${meeting.name}` : source),
  registeredEvent: (label: string, recorder: string, origin?: string) => `代登记(来源:${label};记录人 ${recorder}${origin ? `;来自 ${origin}` : ''})`,
  registeredAnonymousEvent: (label: string, recorder: string) => `代登记(来源:${label};记录人 ${recorder};匿名)`,
  registered: (count: number, label: string, at: string) => `已代登记 ${count} 条信息反馈(${label}),登记时间 ${at}:`,
  registeredLine: (number: string, category: string, origin?: string) => `· ${number} ${category}${origin ? `(来自 ${origin})` : ''}`,
  registeredAnonymousLine: (number: string, category: string) => `· ${number} ${category}(匿名)`,
  toOrigin: (recorder: string, label: string, number: string, category: string, at: string) =>
    `${recorder} 已把您在「${label}」中反映的意见代为登记为信息反馈 ${number}(${category}),登记时间 ${at}。处理进展会随时通知您;您可发送「回复 ${number} <内容>」补充。`,
  toOriginAnonymous: (label: string, number: string, category: string, at: string) =>
    `您在「${label}」中反映的意见已匿名登记为信息反馈 ${number}(${category}),登记时间 ${at}。处理人看不到您的身份;提问和进展会以「匿名反馈人」转给您,您可发送「回复 ${number} <内容>」答复。`,
} as const;
