/** The guided 新建联络单 dialogue's questions and answers. */
export const TD = {
  title: '新建工作联络单',
  askDept: '第 1 步:请发送收文(接收)部门代码或名称,可选:',
  cancelHint: '随时发送「取消」结束,不会保存任何内容。',
  cancelShort: '发送「取消」结束(不保存);发送其他完整命令会退出本对话。',
  left: '(已退出进行中的对话,未保存任何内容。)',
  askDeadline: '第 2 步:请发送完成期限,格式 YYYY-MM-DD 或 YYYY-MM-DD HH:mm(只写日期则为当天下班时间)。',
  askSubject: '第 3 步:请发送事项主题(要点写清楚)。',
  askNature: '第 4 步:请选择性质:要求协助、工作指令、事件跟催、其他;发送「跳过」默认为要求协助。',
  extra: '可补充「字段: 值」(时间、地点、人物、事件、要求完成结果、紧急、回复期限、附件),多项用分号隔开;发送「完成」或「跳过」提交审批。',
  added: (n: number) => `已补充 ${n} 项。`,
  again: '请重新发送,或发送「取消」结束。',
  cancelled: '已取消新建联络单,没有保存任何内容。',
} as const;
