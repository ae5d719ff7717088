/**
 * Which database a console session uses. The console moves a virtual clock (`:advance`), so what
 * it writes is dated in the future of real time; it must never mix that into the database a
 * server-mode bot runs on. Decision (issue 18): the console has its own default file,
 * `data/console.db`, and ignores `DATABASE_URL`; `--db URL` chooses another one explicitly. When
 * that is the server's database (`DATABASE_URL`, default `data/shoudao.db`), the session works on
 * real time only: `:advance` is refused with a sentence saying why.
 */
import { resolve } from 'node:path';

/** The console's own default database. */
export const CONSOLE_DATABASE_DEFAULT = 'sqlite:data/console.db';

const same = (a: string, b: string, cwd: string): boolean => {
  const file = (u: string) => (u.startsWith('sqlite:') && u !== 'sqlite::memory:' ? resolve(cwd, u.slice('sqlite:'.length)) : u);
  return file(a) === file(b);
};

/** The database of a console session, and whether it is the server's own (see the module comment). */
export function consoleDatabase(explicit: string | undefined, serverUrl: string, cwd: string): { url: string; shared: boolean } {
  const url = explicit ?? CONSOLE_DATABASE_DEFAULT;
  return { url, shared: same(url, serverUrl, cwd) };
}
