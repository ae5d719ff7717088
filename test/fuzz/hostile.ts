/**
 * Hostile text for property-based tests (fast-check): arbitrary Unicode mixed with what breaks
 * things — NUL and other C0/C1 controls, ANSI escapes, lone surrogates, bidi overrides and
 * isolates, decomposed characters (NFC), formula starters (= + - @ tab CR) and very long runs.
 *
 * `fuzz(name, property)` runs a property with a seed printed before the run; a failure prints
 * the seed, the shrunk counterexample and its path. Replay one with `FC_SEED=<seed>` (and
 * `FC_PATH=<path>`); `FC_RUNS` raises the number of runs (kept modest by default: the suite runs on
 * a loaded 2-core machine).
 */
import fc from 'fast-check';

/** Pieces that have broken, or could break, a parser, a store, a terminal or a spreadsheet. */
export const NASTY = [
  '\u0000', '\u0007', '\u0008', '\u001b', '\u001b[31m', '\u001b[2J', '\u001b]0;owned\u0007', '\u007f', '\u0085', '\u009b', '\r', '\r\n', '\n', '\t', '\u000b', '\u000c',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u2028', '\u2029', '\ufeff', '\u200b',
  '\ud800', '\udfff', '\ud83d', '\ude00', '😀', 'e\u0301', '\u1100\u1161', '\uff1a', '：', ':', ';', '；', '#', '@', '=', '+', '-', '@zhao', '=HYPERLINK("http://x","点此查看")',
  '反馈', '举报', '建议', '收到', '新建联络单', '主题:', '期限:', 'SCB20261101', '#1', 'FK20261201-001', '"', "'", ',', '\\', '<', '>', '&', '<![CDATA[', ']]>', '{', '}', '999999999999999999999d',
];

/** One hostile piece: a nasty fragment, a code point of any plane, or any UTF-16 code unit (lone surrogates included). */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);

/** A hostile string of up to `maxPieces` pieces. */
export const hostileText = (maxPieces = 24): fc.Arbitrary<string> => fc.array(piece, { maxLength: maxPieces }).map((a) => a.join(''));

/** Now and then very long (up to ~120k code units), otherwise short. */
export const hostileOrLong = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: hostileText() }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '字', '\u0000', '😀', '='), fc.integer({ min: 2_000, max: 60_000 })).map(([c, n]) => c.repeat(n)) });

/** A command word followed by hostile text, so the parser goes past its first branch. */
export const hostileCommand = (): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('', '反馈 建议 ', '匿名反馈 举报 ', '新建联络单 ', '新建联络单 收文部门: JSB; 期限: 2026-12-20; 主题: ', '驳回 ', '有异议 ', '完成 ', '指派 @', '通知 @zhao ', '修改 主题: ', '反馈列表 ', '搜索反馈 ', '收到 ', '查看 '), hostileText()).map(([a, b]) => a + b);

const RUNS = Number(process.env['FC_RUNS'] ?? 0);

/** Runs `property` with a printed seed; throws fast-check's report (seed, path, counterexample) on failure. */
export async function fuzz<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void> | void, opts: { numRuns?: number } = {}): Promise<void> {
  const seed = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const path = process.env['FC_PATH'];
  const numRuns = RUNS || opts.numRuns || 60;
  console.log(`[fuzz] ${name}: seed=${seed} runs=${numRuns} (replay: FC_SEED=${seed})`);
  await fc.assert(fc.asyncProperty(arb, async (v) => { await predicate(v); }), { seed, numRuns, ...(path ? { path } : {}), endOnFailure: false });
}

/** Control, bidi and lone-surrogate characters that must never survive the input layer. */
export const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
