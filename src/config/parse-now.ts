/**
 * `--now` of the command line (`shoudao console`, `shoudao report monthly`): an ISO time. With a
 * zone (`Z`, `+08:00`) it is taken as is; without one it is local time in the policy's timezone.
 * A date that does not exist (`2026-11-31`, `2026-02-30`, `25:00`) is refused — never rolled over
 * into the next month as `Date.parse` and dayjs would.
 */
import { localInstant } from '../domain/local-time.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?([zZ]|[+-]\d{2}:?\d{2})?$/;

/** The instant `text` names, or undefined when it is not a real time (see the module comment). */
export function parseNow(text: string, tz: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) return undefined;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return undefined;
  if (m[7]) {
    const t = Date.parse(text.trim());
    return Number.isNaN(t) ? undefined : t;
  }
  try {
    return localInstant(text.trim().replace('T', ' '), tz);
  } catch {
    return undefined;
  }
}

/** The refusal printed for a bad `--now`. */
export const badNow = (text: string) =>
  `--now 无效:${text} 不是一个真实的时间。请写成 2026-11-02T09:00(策略时区的本地时间)或 2026-11-02T01:00:00Z。\n` +
  `--now is not a real time: ${text}`;
