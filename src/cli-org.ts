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
import { TORG } from './texts/org.js';

const USAGE = TORG.usage;

export type Out = { out: (s: string) => void; err: (s: string) => void };
const STDIO: Out = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Runs `org <args>`; returns the exit status (0 written or dry run, 2 problems, nothing written). */
export async function orgCommand(args: string[], env: NodeJS.ProcessEnv = process.env, io: Out = STDIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sync') return (await import('./org/sync/sync-command.js')).syncCommand(rest, env, io, USAGE);
  if (sub !== 'import') {
    io.err(`${sub ? TORG.unknownSubcommand(sub) : ''}${USAGE}`);
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
    io.err(TORG.rosterNotFound(roster));
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
        io.err(TORG.existingInvalid((e as Error).message));
        return 2;
      }
    } else existing = data.data;
  }

  let sheet;
  try {
    sheet = await readRoster(roster);
  } catch (e) {
    io.err(TORG.rosterUnreadable(roster, (e as Error).message));
    return 2;
  }
  const result = importRoster(sheet, existing);
  if (result.ignoredColumns.length > 0) io.err(TORG.ignoredColumns(result.ignoredColumns));
  if (result.issues.length > 0) {
    io.err(TORG.rosterProblems(result.issues.length));
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
    io.err(TORG.mergedInvalid(e.message));
    return 2;
  }
  if (parsed.values['dry-run']) {
    io.out(TORG.importDryRun(outFile));
    return 0;
  }
  writeFileAtomic(outFile, text);
  io.out(TORG.written(outFile));
  return 0;
}
