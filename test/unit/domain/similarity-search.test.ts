/**
 * The similar-item search's fast path (src/domain/feedback/similarity.ts): the score from two
 * merges (1-grams, then 2-grams only) is the Dice formula over whole gram sets, and `findSimilar`
 * with its bound-and-skip finds exactly what scoring every candidate in full finds, in the same
 * order, for texts drawn from a small alphabet (so that they share a lot) and for the bench's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSimilar, ngrams, similarity, MAX_LINKS } from '../../../src/domain/feedback/similarity.js';

/** The formula as the file comment states it, over sets: 0.7 × Dice(1-grams) + 0.3 × Dice(1- and 2-grams). */
function reference(a: string, b: string): number {
  const d = (x: Float64Array, y: Float64Array) => {
    if (x.length === 0 || y.length === 0) return 0;
    const ys = new Set(y);
    return (2 * [...x].filter((g) => ys.has(g)).length) / (x.length + y.length);
  };
  return 0.7 * d(ngrams(a, false), ngrams(b, false)) + 0.3 * d(ngrams(a), ngrams(b));
}

/** Every candidate scored in full, then the same ranking `findSimilar` documents. */
function bruteForce(text: string, cs: Array<{ id: number; description: string }>, threshold: number) {
  return cs
    .map((c) => ({ c, s: similarity(text, c.description) }))
    .filter((x) => x.s >= threshold)
    .sort((x, y) => y.s - x.s || x.c.id - y.c.id)
    .slice(0, MAX_LINKS)
    .map((x) => x.c.id);
}

const CHARS = [...'食堂饭菜太咸油车间照明不足的了很我希望尽快处理安全隐患ab12 ,。'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((cs) => cs.join(''));

describe('the similar-item search', () => {
  it('scores two texts as the formula over whole gram sets does', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(similarity(a, b)).toBeCloseTo(reference(a, b), 12);
      }),
      { numRuns: 500 },
    );
  });

  it('finds exactly what scoring every candidate in full finds, in the same order', () => {
    fc.assert(
      // At most MAX_LINKS candidates, so that a candidate wrongly skipped cannot hide behind the cut.
      fc.property(text, fc.array(text, { maxLength: MAX_LINKS }), fc.constantFrom(0.1, 0.3, 0.4, 0.5, 0.8), (t, ds, threshold) => {
        const cs = ds.map((description, id) => ({ id, description }));
        expect(findSimilar(t, cs, threshold).map((c) => c.id)).toEqual(bruteForce(t, cs, threshold));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a candidate that only its shared 2-grams lift over the threshold', () => {
    // 1-grams alone give 0.378 (照, 明 shared); the shared pair 照明 lifts it to 0.411.
    expect(similarity('车间照明不足', '照明灯坏了')).toBeCloseTo(0.411, 3);
    expect(findSimilar('车间照明不足', [{ id: 1, description: '照明灯坏了' }], 0.4).map((c) => c.id)).toEqual([1]);
  });

  it('on texts like the bench company\'s too (place × issue × wish, many repeats)', () => {
    const places = ['食堂', '一号车间', '仓库', '宿舍楼', '停车场'];
    const issues = ['照明不足', '地面湿滑', '设备异响', '饭菜偏咸', '网络经常断开'];
    const wishes = ['希望尽快处理', '建议增加巡检', '请安排维修'];
    const ds = Array.from({ length: 200 }, (_, i) => `${places[i % 5]}${issues[Math.floor(i / 4) % 5]} ${wishes[Math.floor(i / 7) % 3]}`);
    const cs = ds.map((description, id) => ({ id, description }));
    for (const t of ds.slice(0, 20)) expect(findSimilar(t, cs, 0.3).map((c) => c.id)).toEqual(bruteForce(t, cs, 0.3));
  });
});
