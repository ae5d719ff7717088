/**
 * A fake of DingTalk's contacts API (legacy oapi) on 127.0.0.1 for the directory sync (issue 12):
 * gettoken, topapi/v2/department/listsub, topapi/v2/department/get and topapi/v2/user/list
 * (cursor paging by `size`). Separate from the messaging fake of the DingTalk adapter.
 * `failAfter(n, errcode)` makes every call after the first `n` answer that errcode.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDingtalkDirectory {
  departments: Array<{ dept_id: number; name: string; parent_id: number; dept_manager_userid_list?: string[] }>;
  users: Array<{ userid: string; name: string; dept_id_list: number[]; mobile?: string; email?: string }>;
}

export interface FakeDingtalkContacts {
  url: string;
  directory: FakeDingtalkDirectory;
  /** Each call's path, in order. */
  calls: string[];
  failAfter(n: number, errcode: number): void;
  close(): Promise<void>;
}

export async function startFakeDingtalkContacts(opts: { appKey: string; appSecret: string; pageMax?: number }): Promise<FakeDingtalkContacts> {
  let failFrom: { n: number; errcode: number } | undefined;
  const state: { directory: FakeDingtalkDirectory; calls: string[] } = { directory: { departments: [], users: [] }, calls: [] };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\//, '');
      let raw = '';
      for await (const c of req) raw += String(c);
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      state.calls.push(path);
      const send = (o: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ...o }));
      };
      if (failFrom && state.calls.length > failFrom.n) return send({ errcode: failFrom.errcode, errmsg: 'fake failure' });
      const dir = state.directory;
      if (path === 'gettoken') {
        if (url.searchParams.get('appkey') !== opts.appKey || url.searchParams.get('appsecret') !== opts.appSecret) return send({ errcode: 40089, errmsg: 'invalid appkey or appsecret' });
        return send({ access_token: 'ding-token', expires_in: 7200 });
      }
      if (url.searchParams.get('access_token') !== 'ding-token') return send({ errcode: 40014, errmsg: 'invalid access_token' });
      const deptId = Number(body['dept_id']);
      if (path === 'topapi/v2/department/listsub') {
        return send({ result: dir.departments.filter((d) => d.parent_id === deptId).map((d) => ({ dept_id: d.dept_id, name: d.name, parent_id: d.parent_id })) });
      }
      if (path === 'topapi/v2/department/get') {
        const d = dir.departments.find((x) => x.dept_id === deptId);
        return d ? send({ result: { ...d, dept_manager_userid_list: d.dept_manager_userid_list ?? [] } }) : send({ errcode: 60003, errmsg: 'department not found' });
      }
      if (path === 'topapi/v2/user/list') {
        const size = Number(body['size'] ?? 100);
        if (size > (opts.pageMax ?? 100)) return send({ errcode: 40001, errmsg: 'size too large' });
        const members = dir.users.filter((u) => u.dept_id_list.includes(deptId));
        const from = Number(body['cursor'] ?? 0);
        const more = from + size < members.length;
        return send({ result: { has_more: more, ...(more ? { next_cursor: from + size } : {}), list: members.slice(from, from + size) } });
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get directory() {
      return state.directory;
    },
    set directory(d) {
      state.directory = d;
    },
    calls: state.calls,
    failAfter(n, errcode) {
      failFrom = { n, errcode };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
