/**
 * `IN (…)` lists are sent in chunks: SQLite and PostgreSQL both cap the number of bound
 * parameters in one statement (32,766 and 65,535), and long lists plan badly anyway.
 */
export const IN_CHUNK = 500;

/** The values in consecutive slices of at most `size`, duplicates removed, order kept. */
export function chunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const unique = [...new Set(values)];
  const out: T[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
}
