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

/** The text's n-grams: lower-cased letter/digit runs → their characters (minus filler), plus pairs when `pairs`. */
export function ngrams(text: string, pairs = true): Set<string> {
  const grams = new Set<string>();
  const runs = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const run of runs) {
    const chars = [...run];
    chars.forEach((c, i) => {
      if (!FILLER.has(c)) grams.add(c);
      if (pairs && i + 1 < chars.length) grams.add(`${c}${chars[i + 1]}`);
    });
  }
  return grams;
}

function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

/** A text's grams, computed once: its 1-grams, and its 1- and 2-grams together. */
export interface Grams {
  uni: Set<string>;
  all: Set<string>;
}

export function gramsOf(text: string): Grams {
  return { uni: ngrams(text, false), all: ngrams(text) };
}

/** `similarity` of two texts whose grams are already computed. */
export function similarityOf(a: Grams, b: Grams): number {
  return 0.7 * dice(a.uni, b.uni) + 0.3 * dice(a.all, b.all);
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
 * with other items. `grams` computes a candidate's grams (the caller may remember them: an item's
 * description does not change).
 */
export function findSimilar<T extends Pick<FeedbackItem, 'id' | 'description'>>(text: string, candidates: readonly T[], threshold: number, grams: (text: string) => Grams = gramsOf): T[] {
  const mine = gramsOf(text);
  return candidates
    .map((c) => ({ c, s: similarityOf(mine, grams(c.description)) }))
    .filter((x) => x.s >= threshold)
    .sort((a, b) => b.s - a.s || a.c.id - b.c.id)
    .slice(0, MAX_LINKS)
    .map((x) => x.c);
}
