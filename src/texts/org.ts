/**
 * Sentences of the org directory's commands (issue 12): `shoudao org import` (roster problems,
 * the change summary) and `shoudao org sync` (platform reads, safety stops). Chinese first,
 * English where it helps; nothing here decides. Messages to people after a change are in
 * `directory.ts`.
 */

const q = (s: string) => JSON.stringify(s);

export const TORG = {
  // ── org command ───────────────────────────────────────────────────────────
  usage: `用法 usage:
  shoudao org import ROSTER.xlsx|ROSTER.csv [--out FILE] [--company NAME] [--dry-run]
  shoudao org sync --from wecom|dingtalk|feishu|slack [--write] [--max-remove 0.1] [--org FILE]`,
  unknownSubcommand: (sub: string) => `未知子命令 unknown subcommand: org ${sub}\n`,
  rosterNotFound: (roster: string) => `找不到花名册 ${q(roster)} — roster file not found`,
  existingInvalid: (message: string) => `现有组织文件无效,未合并 (the existing org file is invalid; nothing written):\n${message}`,
  rosterUnreadable: (roster: string, message: string) => `无法读取花名册 ${q(roster)} — cannot read the roster: ${message}`,
  ignoredColumns: (columns: string[]) => `忽略的列 ignored columns: ${columns.join(', ')}`,
  rosterProblems: (n: number) => `花名册有 ${n} 处问题,未写入任何内容 — the roster has ${n} problems; nothing was written:`,
  mergedInvalid: (message: string) => `合并后的组织文件无效,未写入 — the merged org file would be invalid; nothing was written:\n${message}`,
  importDryRun: (file: string) => `试运行,未写入 ${file} — dry run, ${file} not written`,
  written: (file: string) => `已写入 ${file} — written`,

  // ── roster file ───────────────────────────────────────────────────────────
  rosterFormat: (path: string) => `不支持的花名册格式 ${q(path)},请用 .xlsx 或 .csv — roster must be .xlsx or .csv`,
  rosterNoSheet: (path: string) => `花名册 ${q(path)} 没有工作表 — the workbook has no sheet`,

  // ── roster problems: where, then what ─────────────────────────────────────
  issueRow: (row: number) => `第 ${row} 行 row ${row}`,
  issueColumn: (column: string) => `列 column ${column}`,
  duplicateColumn: (same: string) => `列重复(与 ${q(same)} 是同一列)— duplicate column`,
  missingColumn: (zh: string, en: string) => `缺少必需的列「${zh}」(${en})— required column missing`,
  duplicateValue: (row: number, value: string, zhRule: string | undefined, enRule: string) =>
    `与第 ${row} 行的 ${q(value)} 重复${zhRule !== undefined ? `,${zhRule}` : ''} — duplicate of row ${row}${zhRule !== undefined ? ` (${enRule})` : ''}`,
  disagrees: (row: number, dept: string, value: string) =>
    `与第 ${row} 行给 ${dept} 的 ${q(value)} 不一致 — disagrees with row ${row} for the same department`,
  nameRequired: '姓名不能为空 — name is required',
  idRequired: '工号不能为空 — id is required',
  idChars: '工号只能用字母、数字和 _ . - — id may use only A-Z a-z 0-9 _ . -',
  duplicateId: (row: number) => `工号与第 ${row} 行重复 — duplicate id (row ${row})`,
  departmentRequired: '部门不能为空 — department is required',
  leaderYesNo: '部门负责人须填 是 或 否 — leader must be 是 or 否',
  codeShape: '部门代码须为 2-5 个大写字母 — code must be 2-5 capital letters',
  roleValue: '部门角色须为 总经办 或 人力(或留空)— role must be 总经办 or 人力, or empty',
  roleDisagrees: (row: number, dept: string) => `与第 ${row} 行给 ${dept} 的角色不一致 — disagrees with row ${row}`,
  slackId: 'Slack ID 应以 U 或 W 开头,如 U012AB3CD — a Slack member id looks like U012AB3CD',
  mobile: '手机号应为 11 位,以 1 开头 — a mobile number has 11 digits starting with 1',
  email: '邮箱格式不对,应如 name@example.com — e-mail looks like name@example.com',
  noRows: '花名册没有数据行 — the roster has no rows',
  codeUsedInRoster: (row: number, name: string) => `部门代码已用于第 ${row} 行的 ${name} — code already used by ${name}`,
  codeUsedInFile: (name: string) => `部门代码已被组织文件中的 ${name} 使用 — code already used by ${name} in the org file`,
  noFreeCode: '无法为该部门生成唯一代码,请在「部门代码」列填写 — no free code; give one in 部门代码',
  ambiguousName: (name: string, ids: string[]) => `姓名 ${name} 有 ${ids.length} 人(${ids.join('、')}),请填工号 — ambiguous name; give the 工号`,
  unknownPerson: '找不到此人,应为花名册或组织文件中的工号或姓名 — unknown person (expected a 工号 or 姓名)',
  unknownParent: '未知上级部门,应为花名册或组织文件中的部门名称或代码 — unknown parent department',
  ownParent: '上级部门不能是本部门 — a department cannot be its own parent',
  parentCycle: (path: string[]) => `上级部门形成循环 ${path.join(' → ')} — parent departments form a cycle`,
  ownSuperior: '直属上级不能是本人 — a person cannot be their own superior',
  noLeader: '该部门没有负责人,请在「部门负责人」列为至少一人填「是」 — the department has no leader (mark one with 是)',
  roleZh: { gm_office: '总经办', hr: '人力' } as const,
  missingRole: (role: 'gm_office' | 'hr') =>
    `没有${TORG.roleZh[role]}部门(role ${role}):请在「部门角色」列填「${TORG.roleZh[role]}」,或部门名称含 ${role === 'gm_office' ? '总经办/总经理办公室' : '人力/人事'} — missing the ${role} department`,
  roleNotOne: (role: 'gm_office' | 'hr', names: string[]) =>
    `${TORG.roleZh[role]}部门有 ${names.length} 个(${names.join('、')}),须恰好一个;请在「部门角色」列标明 — exactly one ${role} department`,

  // ── change summary (import and sync) ──────────────────────────────────────
  changedDepartment: (code: string, change: string) => `部门 department ${code}: ${change}`,
  changedPerson: (id: string, change: string) => `人员 person ${id}: ${change}`,
  codeFromPinyin: '(代码由拼音首字母生成 code from pinyin initials)',
  summary: (c: { addedDepartments: number; addedPeople: number; changed: number; kept: number; removed: number }) =>
    `将新增 ${c.addedDepartments} 个部门、${c.addedPeople} 人,修改 ${c.changed} 处;${c.kept} 人不在来源中,予以保留 — ` +
    `would add ${c.addedDepartments} departments and ${c.addedPeople} people, change ${c.changed} fields; ${c.kept} people not in the source are kept` +
    (c.removed ? `;移除 ${c.removed} 人 — remove ${c.removed} people` : ''),
  addedDepartmentLine: (d: string) => `  + 部门 department ${d}`,
  addedPersonLine: (p: string) => `  + 人员 person ${p}`,
  removedLine: (p: string) => `  - 移除 removed ${p}`,
  keptLine: (p: string) => `  = 保留 kept ${p}(不在来源中 not in the source)`,

  // ── org sync ──────────────────────────────────────────────────────────────
  maxRemove: '--max-remove 须为 0 到 1 之间的比例,如 0.1 — --max-remove must be a share between 0 and 1',
  platformNotConfigured: (platform: string) => `未配置 ${platform} 的环境变量 — ${platform} is not configured`,
  badFrom: '--from 须为 wecom、dingtalk、feishu 或 slack — --from must be wecom, dingtalk, feishu or slack',
  readFailed: (platform: string, what: string) =>
    `${platform} 通讯录读取失败,未做任何更改:${what} — reading the ${platform} directory failed; nothing was changed`,
  goneWithOpenForms: (code: string, name: string, platform: string) =>
    `部门 ${code} ${name} 已不在 ${platform} 上,但仍有未结联络单,同步已停止 — department ${code} is gone from ${platform} but has open forms; the sync stopped`,
  namesake: (platformId: string, name: string, ids: string[], platform: string) =>
    `${platformId} ${name}(与 ${ids.join('、')} 同名,请在其条目中填写 ${platform}: ${platformId} — same name as ${ids.join(', ')}; add the id by hand)`,
  tooManyRemoved: (remove: number, holders: number, platform: string, share: number, max: number) =>
    `同步将移除 ${remove}/${holders} 位有 ${platform} 账号的人员(${Math.round(share * 100)}%),超过上限 ${Math.round(max * 100)}%,已停止 — ` +
    `the sync would remove ${remove} of ${holders} people (${Math.round(share * 100)}%), more than ${Math.round(max * 100)}%; stopped`,
  syncOrgInvalid: (message: string) => `组织文件无效,未同步 — the org file is invalid; nothing synced:\n${message}`,
  nothingWritten: (stop: string) => `${stop}\n未写入任何内容 — nothing was written`,
  unmatchedLine: (platform: string, u: string) => `  ? 未匹配 unmatched ${platform} ${u}`,
  goneLine: (platform: string, d: string) => `  ! 平台上已无此部门,保留 gone from ${platform}, kept: ${d}`,
  syncedInvalid: (message: string) => `同步后的组织文件无效,未写入 — the synced org file would be invalid; nothing was written:\n${message}`,
  syncDryRun: (file: string) => `试运行,未写入;加 --write 写入 ${file} — dry run; add --write to write`,
};
