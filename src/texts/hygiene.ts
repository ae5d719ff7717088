/**
 * What the input hygiene layer says (src/chat/input-hygiene.ts): a text or a field that is too
 * long. Chinese first; the limits are in the layer, the sentences here.
 */

export const TH = {
  /** A chat message (or console line) over the message limit: nothing was done with it. */
  messageTooLong: (length: number, max: number) =>
    `这条消息太长(${length} 字),最多 ${max} 字,什么都没有保存。请分几条发送,或把长内容放在附件里。(message too long: ${length} > ${max} characters, nothing was saved)`,
  /** One field of a form or a feedback item over its limit. */
  fieldTooLong: (field: string, length: number, max: number) =>
    `「${field}」太长(${length} 字),最多 ${max} 字,什么都没有保存。请精简后重新发送。(${field} too long: ${length} > ${max} characters)`,
  /** The console's `:advance` with a duration too large for the clock. */
  advanceTooFar: (arg: string, maxDays: number) =>
    `时长 ${arg} 太长,:advance 一次最多 ${maxDays} 天(${maxDays}d),请分几次前进。(duration too long: at most ${maxDays}d at a time)`,
};
