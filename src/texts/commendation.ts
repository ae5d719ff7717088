/**
 * 表扬和奖励 (issue 16 part 4): the recognition section of the monthly assessment, its sheet, the
 * 表扬名单 and its publication. Chinese first; functions take the values they mention.
 */
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The labels of the punctuality fact kinds; a kind plugged in later without one shows its code. */
const KIND_ZH: Record<string, string> = { ack: '回复收到', sign: '签收', task: '任务', report: '工作汇报' };

export const TC = {
  kind: (kind: string) => KIND_ZH[kind] ?? kind,
  pct,
  rule: (minDuties: number, onTime: number, maxViolations: number, adopted: number) =>
    `表扬规则:当月至少 ${minDuties} 项应尽义务、按时率不低于 ${pct(onTime)}、违规不超过 ${maxViolations} 次` +
    (adopted > 0 ? `;或至少 ${adopted} 条署名反馈被采纳(已解决并有改进措施)` : '') + '。匿名反馈不计入。',
  section: '表扬(按时与反馈被采纳):',
  byKind: (parts: string) => `(${parts})`,
  kindPart: (label: string, onTime: number, all: number) => `${label} ${onTime}/${all}`,
  personLine: (name: string, dept: string, onTime: number, duties: number, kinds: string, adopted: number, violations: number, reasons: string) =>
    `· ${name}(${dept}):` + [duties ? `按时 ${onTime}/${duties}${kinds}` : '', adopted ? `反馈被采纳 ${adopted}` : ''].filter(Boolean).join(',') + (violations ? `,违规 ${violations}` : '') + (reasons ? ` — ${reasons}` : ''),
  deptLine: (name: string, code: string, onTime: number, duties: number, adopted: number, violations: number, reasons: string) =>
    `· ${name} ${code}:` + [duties ? `按时 ${onTime}/${duties}` : '', adopted ? `反馈被采纳 ${adopted}` : ''].filter(Boolean).join(',') + (violations ? `,违规 ${violations}` : '') + (reasons ? ` — ${reasons}` : ''),
  reason: { punctual: '全部按时', feedback: '反馈被采纳' } as Record<string, string>,
  reasonPunctual: (share: number) => (share >= 1 ? '全部按时' : `按时率 ${pct(share)}`),
  nobody: '本月没有符合表扬条件的员工和部门。',
  nothing: '本月没有可计入表扬的义务和反馈。',

  sheet: '表扬',
  columns: {
    type: '类型', code: '编码', name: '名称', deptCode: '部门代码', dept: '部门', onTime: (k: string) => `${k}按时`, late: (k: string) => `${k}逾期`,
    duties: '义务合计', allOnTime: '按时合计', share: '按时率', adopted: '反馈被采纳', violations: '违规', commended: '表扬', reasons: '理由',
  },
  person: '人员',
  department: '部门',
  yes: '是',
  no: '否',

  listTitle: (month: string, company: string) => `表扬名单 ${month} · ${company}`,
  listIntro: '对及时、准确、完整反馈信息的部门和员工,公司给予表扬。',
  listPeople: '受表扬的员工:',
  listDepartments: '受表扬的部门:',
  listPerson: (name: string, dept: string, why: string) => `· ${name}(${dept}):${why}`,
  listDept: (name: string, why: string) => `· ${name}:${why}`,
  whyPunctual: (onTime: number, duties: number) => `${duties} 项应尽义务按时 ${onTime} 项`,
  whyAdopted: (n: number) => `${n} 条反馈被采纳`,
  listEmpty: '本月没有符合表扬条件的员工和部门。',
  toCommended: (month: string, why: string) => `恭喜!您已列入 ${month} 表扬名单:${why}。感谢您及时、准确、完整地反馈信息。`,

  viewRefused: '只有人力行政部和总经办可以查看表扬名单。',
  publishRefused: '只有人力行政部可以发布表扬名单。',
  monthNotOver: (month: string) => `${month} 还没有结束,月底之后才能发布表扬名单。`,
  published: (month: string, people: number, depts: number) =>
    `已发布 ${month} 表扬名单:员工 ${people} 人、部门 ${depts} 个;已发到公司公告频道,并通知了受表扬的员工。`,
  publishedEmpty: (month: string) => `${month} 没有符合表扬条件的员工和部门,未发布。`,
  alreadyPublished: (month: string) => `${month} 的表扬名单已经发布过,没有重复发送。`,
  usage: '用法:表扬名单 [YYYY-MM](查看)· 发布表扬 [YYYY-MM](人力行政部发布到公司公告频道);不写月份即上个月。',
} as const;
