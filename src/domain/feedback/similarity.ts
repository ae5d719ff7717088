/**
 * Repeats (SPEC §2 "items reported often"): how alike two pieces of Chinese text are, by
 * character n-grams. Chinese has no spaces between words, so splitting on whitespace would see
 * one "word" per sentence; instead each run of letters and digits is cut into its single
 * characters (1-grams) and its pairs of neighbouring characters (2-grams), and two texts are
 * compared by the Dice coefficient (2·|A∩B| / (|A|+|B|)): 0.7 × that of their 1-grams plus
 * 0.3 × that of their 1- and 2-grams together. 1-grams catch the same topic worded differently
 * (食堂饭菜太咸 / 员工食堂菜品偏咸); 2-grams reward the same phrase. Function characters that carry
 * no topic (的, 了, 很 …) are not 1-grams. Measured on paraphrased canteen complaints: 0.36–0.6
 * between them, 0 against an unrelated safety report; the default threshold is 0.3. Pure.
 */
import type { FeedbackItem } from './feedback.js';

/** Characters too common to say anything about the topic (single-character grams only). */
const FILLER = new Set([...'的了是在和与及也又很太都就还而且并或把被给让对向从到为着过吗呢吧啊呀嘛我你他她它们这那有个一不没请希望能要会']);

/**
 * A gram as a number: a character is its code point (< 2^21), a pair of neighbouring characters
 * `(first + 1) · 2^21 + second` (< 2^43, exact in a double), so the two kinds never meet.
 */
const PAIR = 2 ** 21;

/** The text's n-grams, as sorted gram numbers: lower-cased letter/digit runs → their characters (minus filler), plus pairs when `pairs`. */
export function ngrams(text: string, pairs = true): Float64Array {
  const grams = new Set<number>();
  const runs = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const run of runs) {
    let prev = -1;
    for (const c of run) {
      const cp = c.codePointAt(0)!;
      if (!FILLER.has(c)) grams.add(cp);
      if (pairs && prev >= 0) grams.add((prev + 1) * PAIR + cp);
      prev = cp;
    }
  }
  return Float64Array.from(grams).sort();
}

/** |x∩y| of two sorted gram arrays, by one merge (no hashing: this runs for every candidate). */
function shared(x: Float64Array, y: Float64Array): number {
  let n = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    const a = x[i]!;
    const b = y[j]!;
    if (a === b) {
      n += 1;
      i += 1;
      j += 1;
    } else if (a < b) i += 1;
    else j += 1;
  }
  return n;
}

/** 2·s / (|x|+|y|), the Dice coefficient of sets of sizes `nx` and `ny` sharing `s`; 0 when one is empty. */
const dice = (s: number, nx: number, ny: number): number => (nx === 0 || ny === 0 ? 0 : (2 * s) / (nx + ny));

/**
 * A text's grams, computed once: its 1-grams, and its 1- and 2-grams together (each sorted, see
 * `ngrams`). Every 2-gram is above every 1-gram (`PAIR`), so `all` is `uni` followed by the
 * 2-grams, and `pairs` is that tail (a view, no copy).
 */
export interface Grams {
  uni: Float64Array;
  all: Float64Array;
  pairs: Float64Array;
}

export function gramsOf(text: string): Grams {
  const uni = ngrams(text, false);
  const all = ngrams(text);
  return { uni, all, pairs: all.subarray(uni.length) };
}

/** The score of two texts' grams sharing `su` 1-grams and `sp` 2-grams: |all∩all'| = su + sp, so the second Dice needs only the 2-grams merged. */
function score(a: Grams, b: Grams, su: number, sp: number): number {
  return 0.7 * dice(su, a.uni.length, b.uni.length) + 0.3 * dice(su + sp, a.all.length, b.all.length);
}

/** `similarity` of two texts whose grams are already computed. */
export function similarityOf(a: Grams, b: Grams): number {
  return score(a, b, shared(a.uni, b.uni), shared(a.pairs, b.pairs));
}

/**
 * `similarityOf(a, b) >= threshold`, with the 2-gram merge skipped when even all the 2-grams the
 * smaller side has in common could not lift the score to the threshold (the score grows with `sp`,
 * and the bound is the same expression at its largest `sp`, so nothing the full score would keep
 * is dropped). Most candidates of a busy window share few characters with the new text.
 */
function scoreAtLeast(a: Grams, b: Grams, threshold: number): number | undefined {
  const su = shared(a.uni, b.uni);
  if (score(a, b, su, Math.min(a.pairs.length, b.pairs.length)) < threshold) return undefined;
  const s = score(a, b, su, shared(a.pairs, b.pairs));
  return s >= threshold ? s : undefined;
}

/** How alike the two texts are, 0 (nothing shared) to 1 (the same n-grams); see the file comment. */
export function similarity(a: string, b: string): number {
  return similarityOf(gramsOf(a), gramsOf(b));
}

/**
 * How many similar items a new item is linked with at most: the most similar ones. A topic
 * reported a hundred times in a month does not make each new report touch a hundred items (and
 * its registration slow); ten links already put it at the top of the queue.
 */
export const MAX_LINKS = 10;

/**
 * The candidates similar to `text` (similarity ≥ `threshold`), most similar first, at most
 * `MAX_LINKS`. The caller chooses the candidates: the window, and never mixing restricted (举报)
 * with other items. `grams` gives a candidate's grams (the caller may remember them: an item's
 * description does not change).
 */
export function findSimilar<T extends Pick<FeedbackItem, 'id' | 'description'>>(text: string, candidates: readonly T[], threshold: number, grams: (candidate: T) => Grams = (c) => gramsOf(c.description)): T[] {
  const mine = gramsOf(text);
  const hits: Array<{ c: T; s: number }> = [];
  for (const c of candidates) {
    const s = scoreAtLeast(mine, grams(c), threshold);
    if (s !== undefined) hits.push({ c, s });
  }
  return hits
    .sort((a, b) => b.s - a.s || a.c.id - b.c.id)
    .slice(0, MAX_LINKS)
    .map((x) => x.c);
}
