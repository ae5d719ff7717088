/** Sentences about deputies (代理). Chinese first; nothing here decides. */
export const TDEP = {
  notAllowed: '只能为自己指定代理人;人力行政部和总经办可以为他人指定(代理 @请假人 由 @代理人 至 YYYY-MM-DD [原因])。',
  notSelf: '代理人不能是本人。',
  inPast: '代理截止日期已经过去,请写今天或以后的日期(YYYY-MM-DD)。',
  badDate: (text: string) => `日期无效:${text}。请写成 YYYY-MM-DD,例如 代理 @郑伟 至 2026-12-10 出差。`,
  set: (deputy: string, absent: string, until: string, reason?: string) =>
    `已指定 ${deputy} 代理 ${absent} 至 ${until}${reason ? `(${reason})` : ''}。期间 ${absent} 的待办同时发给 ${deputy},${deputy} 可代为签收、提出异议、指派和回复收到;逾期违规记在代理人名下。`,
  toDeputy: (absent: string, until: string, reason?: string) =>
    `【代理】您被指定为 ${absent} 的代理人,至 ${until}${reason ? `(${reason})` : ''}。其待办会同时发给您,您可代为处理;期间逾期的违规记在您名下。`,
  toAbsent: (deputy: string, until: string) => `【代理】${deputy} 将代理您至 ${until},您的待办同时发给 ${deputy}。`,
  ended: (deputy: string, absent: string) => `已取消 ${deputy} 对 ${absent} 的代理。`,
  noneToEnd: '没有正在生效的代理。',
  none: '目前没有生效的代理。',
  listHeader: '生效中的代理:',
  line: (deputy: string, absent: string, until: string, reason?: string) => `· ${deputy} 代理 ${absent} 至 ${until}${reason ? `(${reason})` : ''}`,
  /** Prefix of a duty message sent to the deputy. */
  forPrincipal: (absent: string) => `〔代 ${absent}〕`,
  /** Suffix of a form event taken by a deputy. */
  actedFor: (deputy: string, absent: string) => `(${deputy} 代 ${absent})`,
  /** A deputy's name where the absent person's would stand. */
  nameFor: (deputy: string, absent: string) => `${deputy}(代 ${absent})`,
  todoFor: (absent: string) => `代 ${absent}:`,
  todoCovered: (deputy: string, until: string) => `您的代理人:${deputy},至 ${until}。`,
  digestHeader: '代理:',
} as const;
