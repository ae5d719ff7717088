/**
 * What the shared inbound pipeline says (src/chat/inbound-pipeline.ts): to someone the directory
 * does not know, and to the admins about an event that could not be processed. Chinese first.
 */

/** How each platform's id is called in the org file, for the "not in the directory" answer. */
const ID_NAMES: Record<string, [zh: string, en: string]> = {
  slack: ['Slack 账号', 'Slack user id'],
  wecom: ['企业微信账号', 'WeCom userid'],
  dingtalk: ['钉钉账号', 'DingTalk staff id'],
  feishu: ['飞书账号', 'Feishu id'],
};

export const TI = {
  /** The polite answer to a platform user who is not in the org file (nothing is stored). */
  notInDirectory: (platform: string, user: string): string[] => {
    const [zh, en] = ID_NAMES[platform] ?? [`${platform} 账号`, `${platform} id`];
    return [
      `您的${zh}(${user})不在「收到」的通讯录中,暂时无法使用本应用。请联系管理员在 org 文件中为您登记 ${platform}: ${user}。`,
      `You are not in Shoudao's directory yet; ask an administrator to add ${platform}: ${user} (your ${en}) to your entry in the org file.`,
    ];
  },
  /** To 总经办's leaders: an inbound event was given up (never its text or its sender). */
  parkedTitle: '收到的消息无法处理 / Inbound event parked',
  parked: (platform: string, id: number, reason: string): string[] => [
    `来自 ${platform} 的一条消息(收件箱 #${id})多次处理失败,已搁置,不再重试;发送人之后的消息照常处理。`,
    `原因 reason: ${reason}`,
    '请管理员查看服务日志(按收件箱编号)。— An administrator should check the service log for this inbox id.',
  ],
};
