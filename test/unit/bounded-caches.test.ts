/**
 * Issue 14: nothing in a long-running process grows without bound. Every long-lived cache in src/
 * is a `BoundedCache` (src/domain/bounded-cache.ts); this file checks its bound, and that no module
 * keeps a bare `Map` or `Set` that starts empty — the shape of a cache or a dedupe set that only
 * ever grows. (Constant lookup sets, built from a literal list, are not caches; per-call maps die
 * with the call. The inbox's dedupe keys live in the database: test/integration/store/inbox-retention.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/domain/bounded-cache.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('BoundedCache', () => {
  it('never holds more than its max: the entry written longest ago goes first', () => {
    const cache = new BoundedCache<number, string>(3);
    for (let i = 0; i < 1000; i += 1) {
      cache.set(i, `v${i}`);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect([cache.has(996), cache.get(997), cache.get(998), cache.get(999)]).toEqual([false, 'v997', 'v998', 'v999']);
  });

  it('makes a key written again the newest, so it outlives the others', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([cache.get('a'), cache.has('b'), cache.get('c'), cache.size]).toEqual([3, false, 4, 2]);
    cache.delete('a');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a max that is not a whole number of at least 1', () => {
    for (const max of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new BoundedCache(max), String(max)).toThrow(/whole max of at least 1/);
  });
});

describe('long-lived state in src/', () => {
  /** A module-level binding to a `new Map()` / `new Set()` with nothing in it. */
  const bare = /^(export\s+)?(const|let)\s+\w+(\s*:[^=]+)?\s*=\s*new\s+(Map|Set)\b(<.*>)?\(\s*\)/;

  it('keeps no module-level Map or Set that starts empty (a cache must be a BoundedCache)', () => {
    const found = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (bare.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('the scan catches the shapes it is meant to catch', () => {
    expect(['const seen = new Set<string>();', 'export let cache = new Map<string, number>();', 'const m: Map<string, X> = new Map();'].every((l) => bare.test(l))).toBe(true);
    expect(['const WORDS = new Set([1, 2]);', '  const local = new Map<string, number>();', 'const c = new BoundedCache<string, number>(10);'].some((l) => bare.test(l))).toBe(false);
  });
});
