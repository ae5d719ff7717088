/**
 * DingTalk's directory through the legacy OpenAPI (oapi): `gettoken` with the app key and
 * secret; `topapi/v2/department/listsub` from the root (dept 1), recursively, with
 * `topapi/v2/department/get` for each department's `dept_manager_userid_list`; and
 * `topapi/v2/user/list` per department, paged by `cursor` while `has_more`. A member of several
 * departments is read once; their first department is their main one. Any `errcode` ≠ 0 stops.
 */
import type { DingtalkSettings } from '../../adapters/dingtalk/env.js';
import { DirectoryReadError, errcodeCall, type DirectorySnapshot, type DirectorySource, type SnapshotDepartment, type SnapshotUser } from './directory-source.js';
import { scalarText } from '../../domain/scalar-text.js';

type Json = Record<string, unknown>;

export function dingtalkDirectory(settings: Pick<DingtalkSettings, 'clientId' | 'clientSecret' | 'oapiBase'>, opts: { fetch?: typeof fetch; pageSize?: number } = {}): DirectorySource {
  const doFetch = opts.fetch ?? fetch;
  const base = settings.oapiBase.replace(/\/+$/, '');
  const request = (path: string, query: Record<string, string>, body?: unknown): Promise<Json> =>
    errcodeCall('dingtalk', doFetch, `${base}/${path}?${new URLSearchParams(query).toString()}`, path, body);

  return {
    platform: 'dingtalk',
    async read(): Promise<DirectorySnapshot> {
      const tokenAnswer = await request('gettoken', { appkey: settings.clientId, appsecret: settings.clientSecret });
      const access_token = scalarText(tokenAnswer['access_token']);
      if (!access_token) throw new DirectoryReadError('dingtalk', 'gettoken: no access_token');
      const call = (path: string, body: Json) => request(path, { access_token }, body);

      const departments: SnapshotDepartment[] = [];
      const queue = [1];
      const seen = new Set<number>([1]);
      while (queue.length > 0) {
        const parent = queue.shift()!;
        const sub = (await call('topapi/v2/department/listsub', { dept_id: parent }))['result'];
        if (!Array.isArray(sub)) throw new DirectoryReadError('dingtalk', 'department/listsub: no result');
        for (const d of sub as Json[]) {
          const id = Number(d['dept_id']);
          if (seen.has(id)) continue;
          seen.add(id);
          queue.push(id);
          const detail = ((await call('topapi/v2/department/get', { dept_id: id }))['result'] ?? {}) as Json;
          const managers = Array.isArray(detail['dept_manager_userid_list']) ? (detail['dept_manager_userid_list'] as unknown[]).map(String) : [];
          departments.push({ key: String(id), name: scalarText(d['name'], scalarText(detail['name'], String(id))), ...(parent !== 1 ? { parentKey: String(parent) } : {}), leaderIds: managers });
        }
      }
      const users = new Map<string, SnapshotUser>();
      for (const dept of [1, ...departments.map((d) => Number(d.key))]) {
        let cursor = 0;
        for (;;) {
          const result = (await call('topapi/v2/user/list', { dept_id: dept, cursor, size: opts.pageSize ?? 100 }))['result'] as Json | undefined;
          if (!result || !Array.isArray(result['list'])) throw new DirectoryReadError('dingtalk', 'user/list: no result.list');
          for (const u of result['list'] as Json[]) {
            const userid = String(u['userid']);
            if (users.has(userid)) continue;
            const depts = Array.isArray(u['dept_id_list']) ? (u['dept_id_list'] as unknown[]).map(String).filter((k) => k !== '1') : [];
            users.set(userid, {
              platformId: userid,
              name: scalarText(u['name'], userid),
              deptKeys: depts,
              ...(typeof u['mobile'] === 'string' && u['mobile'] ? { mobile: u['mobile'] } : {}),
              ...(typeof u['email'] === 'string' && u['email'] ? { email: u['email'] } : {}),
            });
          }
          if (!result['has_more']) break;
          cursor = Number(result['next_cursor']);
        }
      }
      return { platform: 'dingtalk', departments, users: [...users.values()] };
    },
  };
}
