/** What the Feishu adapter itself says (the answer to a card click, before the bot's own reply). */
export const TF = {
  /** The toast a click gets at once (the real answer follows as a message once processed). */
  clickTaken: '已收到,正在处理… / Received, working on it',
  /** The toast when the bot could not store the click (the person should try again). */
  clickFailed: '暂时无法处理,请稍后再点一次 / Busy, please try again in a moment',
};
