/**
 * Durations as the policy file writes them: `5s`, `30m`, `12h`, `2d` (also combined, `1h30m`).
 * A duration is a number of milliseconds; `d` is 24 hours. Working-time windows count these
 * milliseconds inside working hours only (see `calendar.ts`).
 */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `30m` and friends; returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '' ) return undefined;
  const m = DURATION.exec(t);
  if (!m || m.slice(1).every((g) => g === undefined)) return undefined;
  const [d, h, mi, s] = m.slice(1).map((g) => Number(g ?? 0)) as [number, number, number, number];
  return d * UNIT_MS.d! + h * UNIT_MS.h! + mi * UNIT_MS.m! + s * UNIT_MS.s!;
}

/** Writes a duration back in the same notation, largest units first (`90m` → `1h30m`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0m';
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [u, sec] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / sec);
    if (n > 0) parts.push(`${n}${u}`);
    rest -= n * sec;
  }
  return parts.join('');
}

/**
 * A duration in Chinese for people: `1小时30分钟`. Never in days: these are working-time spans,
 * and a working day has about 8 working hours, so a 24-hour `天` would mislead.
 */
export function formatDurationZh(ms: number): string {
  if (ms < 60_000) return ms < 1000 ? '不到1秒' : `${Math.round(ms / 1000)}秒`;
  const totalMin = Math.round(ms / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return [h ? `${h}小时` : '', m ? `${m}分钟` : ''].join('') || '0分钟';
}
