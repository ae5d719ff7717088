/** Messages about directory changes: hand-overs when people leave or move (issue 12 §4). */
export const TD = {
  reason: {
    left: (name: string) => `${name} 已离职`,
    moved: (name: string, from: string, to: string) => `${name} 已从 ${from} 调至 ${to}`,
    no_longer_leader: (name: string, dept: string) => `${name} 不再担任 ${dept} 负责人`,
  },
  toOwnerTitle: '事项转交 / Work handed over to you',
  toOwner: (reason: string, n: number) => `${reason},以下 ${n} 项转由您负责:`,
  toHrTitle: '人员变动交接 / Hand-over after a directory change',
  toHr: (reason: string, owner: string, n: number) => `${reason},其 ${n} 项未完成事项已转交 ${owner}:`,
  dutyLine: (ref: string, title: string) => `· 待办 ${ref} ${title}`,
  formLine: (ref: string, subject: string, role: string) => `· 联络单 ${ref} ${subject}(${role})`,
  roleIssuer: '承办人',
  roleImplementer: '实施人',
  syncTitle: (platform: string) => `通讯录同步 ${platform} / Directory sync`,
  syncMore: (n: number) => `…另有 ${n} 行,见服务日志或运行 npx shoudao org sync 查看 — ${n} more lines`,
  formEvent: (reason: string, owner: string, role: string) => `${reason},${role}改由 ${owner} 接手`,
};
