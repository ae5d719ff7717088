/**
 * DingTalk payloads as DingTalk sends them (protocols.md B.2, B.5.3) and the callback signature,
 * for the adapter tests, the conformance driver and the bench.
 */
import { createHmac } from 'node:crypto';

export const DT = { clientId: 'dingconformance', clientSecret: 'conformance-app-secret', robotCode: 'dingconformance' } as const;

/** `sign` for the HTTP outgoing callback. */
export function dingSign(timestamp: string, secret: string = DT.clientSecret): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

let seq = 0;

/** A robot text message (conversationType "1" 1:1, or "2" group with `cid`). */
export function robotText(staffId: string, text: string, opts: { msgId?: string; cid?: string; atUsers?: string[]; richText?: boolean } = {}): Record<string, unknown> {
  const now = Date.now();
  const group = opts.cid !== undefined;
  return {
    conversationId: opts.cid ?? `cid-dm-${staffId}`,
    conversationType: group ? '2' : '1',
    ...(group ? { conversationTitle: '部门群', isInAtList: true } : {}),
    atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }, ...(opts.atUsers ?? []).map((s) => ({ dingtalkId: `$:LWCP_v1:$${s}`, staffId: s }))],
    chatbotCorpId: 'dingcorp',
    chatbotUserId: '$:LWCP_v1:$bot',
    msgId: opts.msgId ?? `msg${now.toString(36)}${++seq}`,
    senderNick: staffId,
    isAdmin: false,
    senderStaffId: staffId,
    senderId: `$:LWCP_v1:$${staffId}`,
    senderCorpId: 'dingcorp',
    sessionWebhook: 'http://127.0.0.1:9/robot/sendBySession?session=s1',
    sessionWebhookExpiredTime: now + 90 * 60_000,
    createAt: now,
    robotCode: DT.robotCode,
    ...(opts.richText ? { msgtype: 'richText', content: { richText: [{ text: ` ${text}` }] } } : { msgtype: 'text', text: { content: ` ${text}` } }),
  };
}

/** A card callback (高级版, TOPIC_CARD) for a button carrying `command`. */
export function cardClick(userId: string, outTrackId: string, command: string): Record<string, unknown> {
  return { type: 'actionCallback', outTrackId, corpId: 'dingcorp', userId, content: JSON.stringify({ cardPrivateData: { actionIds: ['btn'], params: { command } } }), extension: '{}', spaceType: 'IM_ROBOT', spaceId: userId, userIdType: 1 };
}
