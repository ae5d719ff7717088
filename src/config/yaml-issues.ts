/**
 * Shared helpers of the YAML config loaders: parse YAML text with syntax errors that give the
 * line, and turn zod issues into `ConfigIssue`s that name the entry and the field in the words
 * of the file (`departments[2] (SCB)` + `leaders[0]`), with bilingual messages.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, showValue, type ConfigIssue } from './config-error.js';

/**
 * Parses YAML text (YAML 1.2 core schema: `08:00-12:00` and `2025-10-01` stay strings) and
 * returns plain data, `null` for an empty file. Throws `ConfigError` listing every syntax error
 * with its line and column (duplicate keys are syntax errors too).
 */
export function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((err) => {
        const pos = err.linePos?.[0];
        const reason = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '').trim();
        return {
          entry: pos ? `line ${pos.line}` : '',
          field: pos ? `column ${pos.col}` : '',
          message: `YAML 语法错误 — YAML syntax error: ${reason}`,
        };
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** The value at `path` inside plain data, or undefined. */
export function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = raw;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Which key labels the items of a top-level list: `{ departments: 'code', people: 'id' }` makes
 * entries read `departments[2] (SCB)`.
 */
export type EntryLabels = Record<string, string>;

/** The name of the list item at `index` of top-level list `key`: `people[5] (zhao)`. */
export function entryName(raw: unknown, key: string, index: number, labels: EntryLabels = {}): string {
  const labelKey = labels[key];
  const label = labelKey ? valueAt(raw, [key, index, labelKey]) : undefined;
  const base = `${key}[${index}]`;
  return typeof label === 'string' && label !== '' ? `${base} (${label})` : base;
}

/**
 * Splits a data path into the entry and the field. An item of a top-level list is the entry
 * (`escalation[2]` + `after`); a top-level key alone is the field (`timezone`); otherwise the
 * last key is the field and the keys before it the entry (`rules.superior_notice` + `window`).
 */
export function splitPath(raw: unknown, path: ReadonlyArray<PropertyKey>, labels: EntryLabels = {}): { entry: string; field: string } {
  const tokens: string[] = [];
  for (const seg of path) {
    if (typeof seg === 'number' && tokens.length > 0) tokens[tokens.length - 1] += `[${seg}]`;
    else tokens.push(String(seg));
  }
  const [first, second] = path;
  if (typeof first === 'string' && typeof second === 'number') {
    return { entry: entryName(raw, first, second, labels), field: tokens.slice(1).join('.') };
  }
  if (tokens.length <= 1) return { entry: '', field: tokens[0] ?? '' };
  return { entry: tokens.slice(0, -1).join('.'), field: tokens[tokens.length - 1]! };
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  array: '列表',
  object: '映射',
  null: '空值',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeLabel(type: string): string {
  return TYPE_ZH[type] ?? type;
}

/** A bilingual message for one zod issue; `value` is the data found at the issue's path. */
export function describeZodIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return '缺少必填项 — required';
      const got = typeOf(value);
      const hint = issue.expected === 'string' && got === 'number' ? '(数字请加引号,如 "0123" — quote numbers)' : '';
      return `应为${typeLabel(issue.expected)},实际为${typeLabel(got)} ${showValue(value)}${hint} — expected ${issue.expected}, got ${got}`;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v)).join(' | ');
      return `取值无效 ${showValue(value)},应为 ${options} 之一 — expected one of ${options}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `至少需要 ${String(issue.minimum)} 项 — needs at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return '不能为空 — must not be empty';
      return `不能小于 ${String(issue.minimum)},实际为 ${showValue(value)} — must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(issue.maximum)},实际为 ${showValue(value)} — must be at most ${String(issue.maximum)}`;
    case 'custom':
      return issue.message;
    default:
      return `无效 — ${issue.message}`;
  }
}

/**
 * Converts a zod error on `raw` into config issues. An unknown key becomes one issue per key,
 * named as the field (`rules.superior_notce`).
 */
export function zodToConfigIssues(error: z.ZodError, raw: unknown, labels: EntryLabels = {}): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ ...splitPath(raw, [...issue.path, key], labels), message: '未知配置项 — unknown key' });
      }
      continue;
    }
    out.push({ ...splitPath(raw, issue.path, labels), message: describeZodIssue(issue, valueAt(raw, issue.path)) });
  }
  return out;
}

/** Reads a config file as UTF-8 (BOM removed); a missing or unreadable file is a `ConfigError`. */
export function readConfigText(path: string, displayName: string = path): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? '文件不存在 — file not found' : `无法读取文件 — cannot read the file (${code ?? 'error'})`;
    throw new ConfigError(displayName, [{ entry: '', field: '', message }]);
  }
}
