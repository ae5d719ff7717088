/**
 * Department codes suggested from the pinyin initials of the name (issue 12 §1): 生产部 → `SCB`,
 * 人力行政部 → `RLXZB`. A code given in the roster, or already in the org file for a department
 * of that name, always wins (which is how the policy's `RXB` stays `RXB`). Codes are
 * 2-5 capital letters (`org-checks.ts`), so a longer name keeps its first four initials and the
 * last; a name with one syllable spells it out (`部` → `BU`). A taken code tries the first
 * syllable in full (`市场部` → `SHICB`), then a letter A-Z in the last place.
 */
import { createRequire } from 'node:module';

/** pinyin-pro (its dictionary: 0.2 s and 15 MB) is loaded with the first code suggested, not at start (issue 14). */
let loaded: typeof import('pinyin-pro') | undefined;
const pinyinLib = (): typeof import('pinyin-pro') => (loaded ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro'));

const letters = (s: string) => s.toUpperCase().replace(/[^A-Z]/g, '');

function syllables(name: string): string[] {
  return pinyinLib().pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map(letters)
    .filter((s) => s !== '');
}

function fit(code: string): string {
  return code.length <= 5 ? code : code.slice(0, 4) + code.slice(-1);
}

/** Candidate codes for a department name, best first. */
export function codeCandidates(name: string): string[] {
  const parts = syllables(name);
  const out: string[] = [];
  const push = (c: string) => {
    if (/^[A-Z]{2,5}$/.test(c) && !out.includes(c)) out.push(c);
  };
  const initials = parts.map((p) => p[0]!).join('');
  if (initials.length >= 2) push(fit(initials));
  else push((parts[0] ?? 'BM').slice(0, 5).padEnd(2, 'X'));
  if (parts.length > 0) push(fit(parts[0]! + parts.slice(1).map((p) => p[0]!).join('')));
  const base = out[0] ?? 'BM';
  for (let c = 65; c <= 90; c++) {
    const letter = String.fromCharCode(c);
    push(base.length < 5 ? base + letter : base.slice(0, 4) + letter);
  }
  return out;
}

/** The first candidate for `name` not in `taken`; adds it to `taken`. */
export function suggestCode(name: string, taken: Set<string>): string | undefined {
  const code = codeCandidates(name).find((c) => !taken.has(c));
  if (code) taken.add(code);
  return code;
}
