/**
 * How each platform compares its user ids (issue 12 §5). Two ids that the platform would treat
 * as the same user must never sit on two people, or a message from one is registered as the
 * other's. Every rule first trims and applies Unicode NFKC (so a full-width `ｃｈｅｎ` is `chen`);
 * then:
 * - WeCom 企业微信: userids are matched without regard to case (the API even returns them
 *   lower-cased), so `CHENGUODONG` and `chenguodong` are one user → compared ignoring case.
 * - Slack: member ids are upper-case (`U…`/`W…`); a lower-case spelling names the same member
 *   → compared ignoring case.
 * - DingTalk 钉钉: userids are opaque, case-sensitive strings assigned by the platform → exact.
 * - Feishu 飞书: open_id / user_id are opaque, case-sensitive tokens → exact.
 * Mobile numbers drop spaces, dashes and a leading +86; e-mail addresses ignore case.
 */

/** The platform-id keys of a person entry in the org file (feishu is read ahead of its adapter). */
export const ORG_ID_PLATFORMS = ['slack', 'wecom', 'dingtalk', 'feishu'] as const;
export type OrgIdPlatform = (typeof ORG_ID_PLATFORMS)[number];

export interface IdRule {
  /** The rule, as printed in a collision error. */
  readonly zh: string;
  readonly en: string;
  /** The comparison key: two ids are the same user exactly when their keys are equal. */
  key(id: string): string;
}

const base = (id: string) => id.normalize('NFKC').trim();
const ignoreCase: Omit<IdRule, 'zh' | 'en'> = { key: (id) => base(id).toLowerCase() };
const exact: Omit<IdRule, 'zh' | 'en'> = { key: base };

export const PLATFORM_ID_RULES: Readonly<Record<OrgIdPlatform, IdRule>> = {
  wecom: { ...ignoreCase, zh: '企业微信不区分大小写', en: 'WeCom compares userids ignoring case' },
  slack: { ...ignoreCase, zh: 'Slack 不区分大小写', en: 'Slack compares member ids ignoring case' },
  dingtalk: { ...exact, zh: '钉钉区分大小写', en: 'DingTalk compares userids exactly' },
  feishu: { ...exact, zh: '飞书区分大小写', en: 'Feishu compares user ids exactly' },
};

/** Contact fields used to match people across platforms (sync) and kept unique like ids. */
export const CONTACT_RULES = {
  mobile: {
    zh: '手机号忽略空格、横线和 +86',
    en: 'mobile numbers ignore spaces, dashes and +86',
    key: (v: string) => base(v).replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''),
  },
  email: { zh: '邮箱不区分大小写', en: 'e-mail addresses ignore case', key: (v: string) => base(v).toLowerCase() },
} as const satisfies Record<string, IdRule>;
export type ContactField = keyof typeof CONTACT_RULES;

/** The comparison key of `id` on `platform` (see the rules above). */
export function platformIdKey(platform: OrgIdPlatform, id: string): string {
  return PLATFORM_ID_RULES[platform].key(id);
}
