/**
 * Sentences and headings of the feedback lists, search, statistics, export and help (SPEC §2).
 * Chinese first; functions take the values they mention and decide nothing.
 */
export const TF2 = {
  statsTitle: (period: string) => `反馈统计 ${period}`,
  statsTotal: (n: number) => `登记 ${n} 条。`,
  statsByCategory: (parts: string) => `按类别:${parts}`,
  statsByDept: (parts: string) => `按相关部门:${parts}`,
  statsByState: (parts: string) => `按状态:${parts}`,
  statsRates: (first: string, resolution: string) => `首次响应按时率 ${first};处理按时率 ${resolution}`,
  statsSatisfaction: (avg: string, n: number) => `平均满意度 ${avg}(${n} 条评分)`,
  statsScope: '(只统计您有权查看的反馈)',
  statsNothing: '该期间没有您有权查看的反馈。',

  listTitle: '反馈列表',
  mineTitle: '我的反馈',
  searchTitle: '搜索反馈',
  exportTitle: (period: string) => `反馈导出 ${period}`,
  found: (n: number, shown: number) => (n > shown ? `共 ${n} 条,显示前 ${shown} 条:` : `共 ${n} 条:`),
  nothingFound: '没有找到您有权查看的反馈。',
  exportCount: (n: number) => `共 ${n} 条(CSV,可复制到 Excel):`,
  exportHeader: ['编号', '类别', '状态', '优先级', '相关部门', '反馈人', '处理人', '登记时间', '首次响应', '办结时间', '关闭时间', '满意度', '内容', '处理结果/原因', '改进措施/建议'],
  viewHistory: '处理记录:',
  usageSearch: '用法:搜索反馈 [编号] [类别] [状态] [部门代码] [YYYY-MM 或 YYYY-MM-DD~YYYY-MM-DD] [关键词…],例如:搜索反馈 投诉 2026-11 食堂',

  help: [
    '【信息反馈 · 用法】',
    '提交:反馈 <类别> <内容>(类别:工作汇报、问题、建议、投诉、举报、紧急、客户意见、其他;可另起行写 部门: / 时间: / 期望:)',
    '  私聊只发「反馈」按步骤填写;匿名:匿名反馈 <类别> <内容>(只在私聊中,任何人都看不到您的身份)',
    '反馈人:回复 <编号> <内容> · 确认 <编号> <满意度1-5> [评价] · 重开 <编号> <原因>',
    '信息反馈管理小组:受理 <编号> [类别] [紧急|高|中|低] [@处理人] · 分派 <编号> @处理人 · 优先级 <编号> <级别> · 收到 <编号>',
    '处理人:进展 <编号> <内容> · 提问 <编号> <问题> · 解决 <编号> <结果> [改进: <措施>] · 无法解决 <编号> <原因> 建议: <建议>',
    '代登记(信息反馈管理小组、反馈记录员):代登记 <来源> [匿名] [来自 @某人] <类别> <内容> · 会议纪要:代登记 会议纪要 <日期> <会议名称>,之后每行一条(来源:会议纪要、反馈箱、面谈、电话、邮件)',
    '查询:查看 <编号> · 反馈列表 · 我的反馈 · 搜索反馈 <条件> · 反馈统计 [YYYY-MM] · 导出反馈 [YYYY-MM]',
    'English: feedback, anon-feedback, triage, dispatch, priority, progress, ask, reply, resolve, unresolvable, confirm, reopen, feedback-list, my-feedback, search-feedback, feedback-stats, export-feedback, register-for',
  ],
} as const;
