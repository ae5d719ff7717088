/**
 * A value read from outside (a platform's JSON, a database row) as text. A string is itself; a
 * number, boolean or bigint is written as usual; anything else — null, undefined, an object, an
 * array — is `fallback`. `String(v ?? '')` would turn an object into "[object Object]" and carry it
 * on as an id or a name; this never does.
 */
export function scalarText(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return fallback;
}
