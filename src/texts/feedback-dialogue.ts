/** The guided 反馈 dialogue's questions and answers. */
export const TFD = {
  title: '信息反馈',
  titleAnonymous: '匿名信息反馈',
  askCategory: '第 1 步:请选择类别:工作汇报、问题、建议、投诉、举报、紧急、客户意见、其他。',
  cancelHint: '随时发送「取消」结束,不会保存任何内容。',
  cancelShort: '发送「取消」结束(不保存);发送其他完整命令会退出本对话。',
  noAnonymity: '(系统未配置加密密钥,暂不能匿名反馈。)',
  askDescription: (category: string) => `第 2 步:请描述「${category}」的具体情况(问题是什么、在哪里、影响如何)。`,
  askDept: (own: string | undefined) =>
    `第 3 步:涉及哪个部门?请发送部门代码或名称;发送「跳过」则${own ? `为本部门(${own}),匿名反馈时由总经办分拣` : '由总经办分拣(匿名反馈不默认为本部门,以免暴露身份)'}。`,
  askTimeNode: '第 4 步:时间节点(何时发生,或希望何时解决)?发送「跳过」略过。',
  askExpected: '第 5 步:您期望的解决方案或改进建议?发送「跳过」略过。',
  askAnonymous: '第 6 步:是否匿名?发送「是」匿名(任何人都看不到您的身份,仍可收到处理进展并答复),发送「否」署名。',
  again: '请重新发送,或发送「取消」结束。',
  cancelled: '已取消反馈,没有保存任何内容。',
} as const;
