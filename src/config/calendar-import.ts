/**
 * Writes an imported holiday arrangement into the policy file: the year's days off into
 * `working_time.holidays`, its 调休 workdays into `working_time.workdays`, and the year into
 * `working_time.official_years`. Only those three values are replaced (or added) in the text;
 * every other line, comment and alignment of the file stays byte for byte as it was. Dates of
 * other years, and company dates of the same year that the notice does not mention, are kept; a
 * date the notice names wins over a contrary company date. The result is parsed back with the
 * policy's own loader before it is returned, so a file that would not load is never written.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { HolidayArrangement } from '../domain/holiday-notice.js';
import { TCAL } from '../texts/calendar.js';
import { parsePolicyYaml } from './policy-file.js';

/** The edited file text, and the company dates of that year that were kept. */
export interface PolicyEdit {
  text: string;
  kept: string[];
}

const KEYS = ['holidays', 'workdays', 'official_years'] as const;
type Key = (typeof KEYS)[number];

/** Edits policy YAML `text` (file name `file`, for errors) to hold `arr`; throws a readable Error when it cannot. */
export function applyArrangement(text: string, file: string, arr: HolidayArrangement): PolicyEdit {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error(`${file}: 文件顶层应为映射 — the file must be a mapping`);
  const wtPair = root?.items.find((p) => isScalar(p.key) && p.key.value === 'working_time');
  const wt = wtPair?.value as Node | null | undefined;
  if (isScalar(wt) && wt.value === 'always') throw new Error(TCAL.importAlways);
  const map = isMap(wt) ? wt : undefined;
  const list = (key: Key): string[] => {
    const node = map?.get(key, true);
    return isSeq(node) ? node.items.map((i) => String(isScalar(i) ? i.value : i)) : [];
  };
  const { values, kept } = merge(arr, list('holidays'), list('workdays'), list('official_years'));

  let out: string;
  if (map && !map.flow) out = editBlockMap(text, map, values);
  else if (!wt || (isScalar(wt) && wt.value === null) || (isSeq(wt) && wt.flow)) {
    // Missing, empty, or the shorthand `working_time: [hours…]`: write the mapping it stands for.
    const hours = isSeq(wt) ? `\n  hours: ${text.slice(wt.range![0], wt.range![1])}` : '';
    const block = `${hours}${KEYS.map((k) => `\n  ${k}: ${flowList(values[k], '  ')}`).join('')}`;
    if (wtPair && wt) out = `${text.slice(0, keyEnd(text, wtPair))}${block}${text.slice(wt.range![1])}`;
    else if (wtPair) out = `${text.slice(0, keyEnd(text, wtPair))}${block}${text.slice(keyEnd(text, wtPair))}`;
    else out = `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}working_time:${block}\n`;
  } else {
    throw new Error(`${file}: 请把 working_time 写成块状映射(hours: / calendar: / holidays: 各占一行)后再导入 — write working_time as a block mapping first`);
  }
  parsePolicyYaml(out, file); // throws ConfigError when the edited file would not load
  return { text: out, kept };
}

/** The new lists: the notice's dates win; the company's other dates stay. */
function merge(arr: HolidayArrangement, oldOff: string[], oldOn: string[], oldYears: string[]) {
  const off = new Set(arr.holidays);
  const on = new Set(arr.workdays);
  const sameYear = (d: string) => d.startsWith(`${arr.year}-`) && !off.has(d) && !on.has(d);
  const kept = [...oldOff.filter(sameYear), ...oldOn.filter(sameYear)].sort();
  const values: Record<Key, string[]> = {
    holidays: [...new Set([...oldOff.filter((d) => !on.has(d)), ...arr.holidays])].sort(),
    workdays: [...new Set([...oldOn.filter((d) => !off.has(d)), ...arr.workdays])].sort(),
    official_years: [...new Set([...oldYears.map(Number), arr.year])].sort((a, b) => a - b).map(String),
  };
  return { values, kept };
}

/** Replaces the three values in a block mapping, or adds the missing keys after its last entry. */
function editBlockMap(text: string, map: YAMLMap, values: Record<Key, string[]>): string {
  const pairs = map.items as Array<Pair<Node, Node | null>>;
  const first = pairs[0];
  const indent = first ? ' '.repeat(column(text, first.key.range![0])) : '  ';
  const edits: Array<{ from: number; to: number; text: string }> = [];
  const missing: Key[] = [];
  for (const key of KEYS) {
    const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) missing.push(key);
    else if (pair.value?.range) edits.push({ from: pair.value.range[0], to: pair.value.range[1], text: flowList(values[key], indent) });
    else edits.push({ from: keyEnd(text, pair), to: keyEnd(text, pair), text: ` ${flowList(values[key], indent)}` });
  }
  if (missing.length) {
    const last = pairs[pairs.length - 1]!;
    const end = last.value?.range ? last.value.range[1] : keyEnd(text, last);
    const lineEnd = text.indexOf('\n', end);
    const at = lineEnd === -1 ? text.length : lineEnd;
    edits.push({ from: at, to: at, text: missing.map((k) => `\n${indent}${k}: ${flowList(values[k], indent)}`).join('') });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** Offset just after `key:` of a pair. */
function keyEnd(text: string, pair: Pair<unknown, unknown>): number {
  const key = pair.key as Node;
  return text.indexOf(':', key.range![1]) + 1;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** `[a, b]` on one line when short, else eight to a line, indented under the key. */
function flowList(items: string[], indent: string): string {
  if (items.length <= 8) return `[${items.join(', ')}]`;
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 8) lines.push(`${indent}  ${items.slice(i, i + 8).join(', ')}`);
  return `[\n${lines.join(',\n')}\n${indent}  ]`;
}
