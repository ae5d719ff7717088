/**
 * `npx shoudao org import ROSTER.xlsx|ROSTER.csv [--out FILE] [--company NAME] [--dry-run]`
 * (issue 12 §1): reads HR's roster, merges it into the org file (`--out`, else `ORG_FILE`, else
 * `data/org.yaml`), prints the change summary, validates the result as the bot would on start,
 * and only then writes it (to a temporary file renamed over the old one). Any problem — a row,
 * a column, a value, or the merged file — is printed and nothing is written (exit status 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { ConfigError } from './config/config-error.js';
import { ORG_FILE_DEFAULT } from './config/load-config.js';
import { OrgFileSchema, parseOrgYaml, type OrgFileData } from './config/org-file.js';
import { formatChanges, mergeOrg } from './org/org-merge.js';
import { formatRosterIssue, importRoster } from './org/roster-import.js';
import { readRoster } from './org/roster-read.js';
import { writeFileAtomic } from './org/write-atomic.js';

const USAGE = `用法 usage:
  shoudao org import ROSTER.xlsx|ROSTER.csv [--out FILE] [--company NAME] [--dry-run]
  shoudao org sync --from wecom|dingtalk|feishu|slack [--write] [--max-remove 0.1] [--org FILE]`;

export type Out = { out: (s: string) => void; err: (s: string) => void };
const STDIO: Out = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Runs `org <args>`; returns the exit status (0 written or dry run, 2 problems, nothing written). */
export async function orgCommand(args: string[], env: NodeJS.ProcessEnv = process.env, io: Out = STDIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sync') return (await import('./org/sync/sync-command.js')).syncCommand(rest, env, io, USAGE);
  if (sub !== 'import') {
    io.err(`${sub ? `未知子命令 unknown subcommand: org ${sub}\n` : ''}${USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' }, company: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const roster = parsed.positionals[0];
  if (!roster || parsed.positionals.length > 1) {
    io.err(USAGE);
    return 2;
  }
  const outFile = parsed.values.out ?? env['ORG_FILE'] ?? ORG_FILE_DEFAULT;
  if (!existsSync(roster)) {
    io.err(`找不到花名册 ${JSON.stringify(roster)} — roster file not found`);
    return 2;
  }

  let existingText: string | undefined;
  let existing: OrgFileData | undefined;
  if (existsSync(outFile)) {
    existingText = readFileSync(outFile, 'utf8');
    const data = OrgFileSchema.safeParse(parse(existingText));
    if (!data.success) {
      // Merging needs the file's shape; parseOrgYaml says precisely what is wrong with it.
      try {
        parseOrgYaml(existingText, outFile);
      } catch (e) {
        io.err(`现有组织文件无效,未合并 (the existing org file is invalid; nothing written):\n${(e as Error).message}`);
        return 2;
      }
    } else existing = data.data;
  }

  let sheet;
  try {
    sheet = await readRoster(roster);
  } catch (e) {
    io.err(`无法读取花名册 ${JSON.stringify(roster)} — cannot read the roster: ${(e as Error).message}`);
    return 2;
  }
  const result = importRoster(sheet, existing);
  if (result.ignoredColumns.length > 0) io.err(`忽略的列 ignored columns: ${result.ignoredColumns.join(', ')}`);
  if (result.issues.length > 0) {
    io.err(`花名册有 ${result.issues.length} 处问题,未写入任何内容 — the roster has ${result.issues.length} problems; nothing was written:`);
    for (const issue of result.issues) io.err(formatRosterIssue(roster, issue));
    return 2;
  }

  const company = parsed.values.company ?? basename(roster, extname(roster));
  const { text, changes } = mergeOrg(existingText, { company, departments: result.departments, people: result.people });
  io.out(formatChanges(changes));
  try {
    parseOrgYaml(text, outFile);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`合并后的组织文件无效,未写入 — the merged org file would be invalid; nothing was written:\n${e.message}`);
    return 2;
  }
  if (parsed.values['dry-run']) {
    io.out(`试运行,未写入 ${outFile} — dry run, ${outFile} not written`);
    return 0;
  }
  writeFileAtomic(outFile, text);
  io.out(`已写入 ${outFile} — written`);
  return 0;
}
