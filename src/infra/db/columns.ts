/**
 * Column helpers shared by the entities. Every column names its `type` explicitly: decorator
 * metadata is not emitted by esbuild-based tools (tsx, vitest), so TypeORM cannot infer types
 * (ARCHITECTURE rule 8). Migrations deliberately do not import these: a migration is frozen
 * history and spells its lengths out; `test/integration/store/schema.test.ts` checks that the
 * migrated schema still matches the entities.
 */
import type { ValueTransformer } from 'typeorm';

/**
 * Epoch milliseconds live in `bigint` columns. The `pg` driver returns int8 as a string (it may
 * exceed 2^53); our values are times and durations, far below that, so they become numbers again.
 * SQL NULL stays `null`; the mappers turn it into `undefined`.
 */
export const epochMs: ValueTransformer = {
  to: (value: number | null | undefined) => value ?? null,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Lengths of the short text columns, used by entities and migration alike. */
export const LEN = {
  /** `platform:id` person ids. */
  person: 128,
  dept: 16,
  /** Enum-like values: states, kinds, rules, statuses. */
  code: 32,
  /** Form numbers (`SCB202611007`) and notice refs (`TZ12`). */
  ref: 32,
  /** Outbox idempotency keys. */
  key: 255,
  /** `YYYYMM` or `YYYY-MM`. */
  month: 7,
} as const;
