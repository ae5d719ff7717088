/**
 * WeCom's directory (protocols.md; WeCom docs 90208 department/list, 96067 user/list_id, 90196
 * user/get): `department/list` gives every department with `parentid` and `department_leader`;
 * members come from `user/list_id` (cursor paging, `dept_user` pairs) and then `user/get` each,
 * because `user/list` is blocked for apps on new IPs. New self-built apps no longer receive
 * `mobile` and `email`: they are used when present. Department 1 is the company itself.
 */
import { createWecomApi } from '../../adapters/wecom/api.js';
import type { WecomSettings } from '../../adapters/wecom/env.js';
import { DirectoryReadError, errcodeCall, type DirectorySnapshot, type DirectorySource, type SnapshotUser } from './directory-source.js';
import { scalarText } from '../../domain/scalar-text.js';

type Json = Record<string, unknown>;

export function wecomDirectory(settings: Pick<WecomSettings, 'corpId' | 'secret' | 'agentId' | 'apiBase'>, opts: { fetch?: typeof fetch; pageSize?: number } = {}): DirectorySource {
  const api = createWecomApi({ ...settings, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const doFetch = opts.fetch ?? fetch;
  const base = settings.apiBase.replace(/\/+$/, '');
  const call = async (path: string, query: Record<string, string>, body?: unknown): Promise<Json> => {
    let token: string;
    try {
      token = await api.accessToken();
    } catch (err) {
      throw new DirectoryReadError('wecom', `gettoken: ${err instanceof Error ? err.message : String(err)}`);
    }
    return errcodeCall('wecom', doFetch, `${base}/cgi-bin/${path}?${new URLSearchParams({ access_token: token, ...query }).toString()}`, path, body);
  };

  return {
    platform: 'wecom',
    async read(): Promise<DirectorySnapshot> {
      const list = await call('department/list', {});
      const raw = list['department'];
      if (!Array.isArray(raw)) throw new DirectoryReadError('wecom', 'department/list: no department array');
      const departments = (raw as Json[])
        .filter((d) => Number(d['id']) !== 1)
        .map((d) => ({
          key: String(d['id']),
          name: scalarText(d['name']),
          ...(Number(d['parentid']) > 1 ? { parentKey: String(d['parentid']) } : {}),
          leaderIds: Array.isArray(d['department_leader']) ? (d['department_leader'] as unknown[]).map(String) : [],
        }));
      const ids = new Set<string>();
      let cursor = '';
      do {
        const page = await call('user/list_id', {}, { cursor, limit: opts.pageSize ?? 1000 });
        const pairs = page['dept_user'];
        if (!Array.isArray(pairs)) throw new DirectoryReadError('wecom', 'user/list_id: no dept_user array');
        for (const p of pairs as Json[]) ids.add(String(p['userid']));
        cursor = scalarText(page['next_cursor']);
      } while (cursor);
      const users: SnapshotUser[] = [];
      for (const userid of ids) {
        const u = await call('user/get', { userid });
        const main = u['main_department'] !== undefined ? scalarText(u['main_department']) : undefined;
        const depts = Array.isArray(u['department']) ? (u['department'] as unknown[]).map(String).filter((k) => k !== '1') : [];
        const ordered = main && depts.includes(main) ? [main, ...depts.filter((k) => k !== main)] : depts;
        users.push({
          platformId: scalarText(u['userid'], userid),
          name: scalarText(u['name'], userid),
          deptKeys: ordered,
          ...(typeof u['mobile'] === 'string' && u['mobile'] ? { mobile: u['mobile'] } : {}),
          ...(typeof u['email'] === 'string' && u['email'] ? { email: u['email'] } : {}),
        });
      }
      return { platform: 'wecom', departments, users };
    },
  };
}
