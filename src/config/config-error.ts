/**
 * The one error type of configuration loading. Start-up refuses to run on a bad org file, policy
 * file or environment and prints this error's message: every problem found, one per line, each
 * naming the file, the entry and the field, Chinese first with English after:
 *
 * ```
 * data/org.yaml: departments[2] (SCB): leaders[0]: 未知人员 "zhaoo" — unknown person
 * ```
 */

/**
 * One problem in a configuration source. `entry` names the item (`departments[2] (SCB)`,
 * `people[5] (zhao)`, `rules.superior_notice`, an environment variable); `field` names the key
 * inside it (`leaders[0]`, `window`). Either may be empty when the problem concerns the whole file
 * or a top-level key; `message` is bilingual, `中文 — English`.
 */
export interface ConfigIssue {
  entry: string;
  field: string;
  message: string;
}

/** Formats one issue as a line: `file: entry: field: message`, skipping empty parts. */
export function formatConfigIssue(file: string, issue: ConfigIssue): string {
  return [file, issue.entry, issue.field, issue.message].filter((part) => part !== '').join(': ');
}

/**
 * A configuration source that cannot be used. `file` is the path as the user wrote it (or
 * `environment` for environment variables); `issues` lists every problem found, never empty.
 * The message is the issues formatted one per line, and never contains secret values.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[]) {
    const list = issues.length > 0 ? issues : [{ entry: '', field: '', message: '配置无效 — invalid configuration' }];
    super(list.map((issue) => formatConfigIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.issues = list;
  }
}

/** Shows a user-written value in a message: strings quoted, long values shortened. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint' || typeof value === 'symbol') text = String(value);
  else if (typeof value === 'function') text = 'function';
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = Array.isArray(value) ? '[…]' : '{…}'; // a cycle
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
