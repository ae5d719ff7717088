/**
 * The intake form of 信息反馈 (src/chat/feedback-form.ts): a Slack modal, a Feishu form card, and
 * the line that offers them next to the guided dialogue. Chinese first.
 */
export const TFF = {
  title: '信息反馈',
  titleAnonymous: '匿名信息反馈',
  submit: '提交',
  close: '取消',
  category: '类别',
  description: '具体描述',
  descriptionHint: '问题是什么、在哪里、影响如何',
  dept: '涉及部门(可选)',
  deptHint: '不选:署名时为本部门,匿名时由总经办分拣',
  timeNode: '时间节点(可选)',
  timeNodeHint: '何时发生,或希望何时解决',
  expected: '期望的解决方案(可选)',
  anonymous: '匿名',
  anonymousOption: '匿名反馈(任何人都看不到我的身份,仍可收到处理进展并答复)',
  noAnonymity: '系统未配置加密密钥,暂不能匿名反馈。',
  categoryMissing: '请选择类别。',
  /** The button next to the dialogue's first question, on platforms with a form of their own. */
  openForm: '用表单填写',
  /** When the form could not be opened (an expired trigger): the dialogue is the way. */
  formUnavailable: '表单未能打开。请私聊发送「反馈」,按提示逐步填写。',
  /** After a form's errors (where they cannot be shown on the field): nothing was stored. */
  fixAndResubmit: '没有保存任何内容,请修改后重新提交表单,或私聊发送「反馈」逐步填写。',
  /** A pressed choice of the guided dialogue, shown on the card (no name: it may be anonymous). */
  chose: (choice: string) => `已选「${choice}」`,
  /** A Feishu form card's note under the form. */
  formOrDialogue: '可直接填写下面的表单提交,也可以逐条回复上面的问题。',
  /** A form submitted where it was not asked for (a group chat): the intake is private. */
  notHere: '反馈表单只能在与机器人的私聊中提交。请私聊发送「反馈」。',
} as const;
