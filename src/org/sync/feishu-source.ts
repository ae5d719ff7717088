/**
 * Feishu's directory (protocols-feishu.md §7): a tenant_access_token for the app, then contact
 * v3 `departments/0/children?fetch_child=true` (all departments below the root, paged by
 * `page_token`) with `leader_user_id`, and `users/find_by_department` for the root and each
 * department (paged). Ids are `open_id` (`ou_…`), as the Feishu adapter uses them. Any answer
 * with `code` ≠ 0, or an HTTP error, stops the read.
 */
import type { FeishuSettings } from '../../adapters/feishu/env.js';
import { DirectoryReadError, type DirectorySnapshot, type DirectorySource, type SnapshotDepartment, type SnapshotUser } from './directory-source.js';
import { scalarText } from '../../domain/scalar-text.js';

type Json = Record<string, unknown>;

export function feishuDirectory(settings: Pick<FeishuSettings, 'appId' | 'appSecret' | 'apiBase'>, opts: { pageSize?: number } = {}): DirectorySource {
  const base = settings.apiBase.replace(/\/+$/, '');
  const call = async (path: string, init: { token?: string; body?: unknown; query?: Record<string, string> }): Promise<Json> => {
    let json: Json;
    try {
      const res = await fetch(`${base}/open-apis/${path}${init.query ? `?${new URLSearchParams(init.query).toString()}` : ''}`, {
        method: init.body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      json = (await res.json()) as Json;
    } catch (err) {
      throw new DirectoryReadError('feishu', `${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (Number(json['code'] ?? 0) !== 0) throw new DirectoryReadError('feishu', `${path}: code ${String(json['code'])} ${scalarText(json['msg'])}`);
    return json;
  };
  const pages = async (path: string, token: string, query: Record<string, string>): Promise<Json[]> => {
    const items: Json[] = [];
    let pageToken = '';
    do {
      const data = ((await call(path, { token, query: { ...query, page_size: String(opts.pageSize ?? 50), ...(pageToken ? { page_token: pageToken } : {}) } }))['data'] ?? {}) as Json;
      if (Array.isArray(data['items'])) items.push(...(data['items'] as Json[]));
      pageToken = data['has_more'] ? scalarText(data['page_token']) : '';
    } while (pageToken);
    return items;
  };

  return {
    platform: 'feishu',
    async read(): Promise<DirectorySnapshot> {
      const auth = await call('auth/v3/tenant_access_token/internal', { body: { app_id: settings.appId, app_secret: settings.appSecret } });
      const token = scalarText(auth['tenant_access_token']);
      if (!token) throw new DirectoryReadError('feishu', 'tenant_access_token: none');
      const ids = { user_id_type: 'open_id', department_id_type: 'open_department_id' };
      const raw = await pages('contact/v3/departments/0/children', token, { ...ids, fetch_child: 'true' });
      const departments: SnapshotDepartment[] = raw
        .filter((d) => !(d['status'] as Json | undefined)?.['is_deleted'])
        .map((d) => {
          const parent = scalarText(d['parent_department_id'], '0');
          const leader = typeof d['leader_user_id'] === 'string' && d['leader_user_id'] ? [d['leader_user_id']] : [];
          return { key: String(d['open_department_id']), name: scalarText(d['name']), ...(parent !== '0' ? { parentKey: parent } : {}), leaderIds: leader };
        });
      const users = new Map<string, SnapshotUser>();
      for (const dept of ['0', ...departments.map((d) => d.key)]) {
        for (const u of await pages('contact/v3/users/find_by_department', token, { ...ids, department_id: dept })) {
          const openId = scalarText(u['open_id']);
          if (!openId || users.has(openId)) continue;
          const deptKeys = Array.isArray(u['department_ids']) ? (u['department_ids'] as unknown[]).map(String).filter((k) => k !== '0') : [];
          users.set(openId, {
            platformId: openId,
            name: scalarText(u['name'], openId),
            deptKeys,
            ...(typeof u['mobile'] === 'string' && u['mobile'] ? { mobile: u['mobile'] } : {}),
            ...(typeof u['email'] === 'string' && u['email'] ? { email: u['email'] } : {}),
          });
        }
      }
      return { platform: 'feishu', departments, users: [...users.values()] };
    },
  };
}
