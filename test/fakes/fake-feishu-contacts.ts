/**
 * A fake of Feishu's contact v3 API on 127.0.0.1 for the directory sync (issue 12): the tenant
 * token, `departments/0/children?fetch_child=true` and `users/find_by_department`, both paged by
 * `page_token` (the index of the next item). Separate from the Feishu adapter's messaging fake.
 * `failAfter(n, code)` makes every call after the first `n` answer that code.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFeishuDirectory {
  departments: Array<{ open_department_id: string; name: string; parent_department_id: string; leader_user_id?: string }>;
  users: Array<{ open_id: string; name: string; department_ids: string[]; mobile?: string; email?: string }>;
}

export async function startFakeFeishuContacts(opts: { appId: string; appSecret: string }) {
  let failFrom: { n: number; code: number } | undefined;
  const state = { directory: { departments: [], users: [] } as FakeFeishuDirectory, calls: [] as string[] };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/open-apis\//, '');
      let raw = '';
      for await (const c of req) raw += String(c);
      state.calls.push(path);
      const send = (o: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 0, msg: 'success', ...o }));
      };
      if (failFrom && state.calls.length > failFrom.n) return send({ code: failFrom.code, msg: 'fake failure' });
      if (path === 'auth/v3/tenant_access_token/internal') {
        const b = JSON.parse(raw || '{}') as Record<string, unknown>;
        if (b['app_id'] !== opts.appId || b['app_secret'] !== opts.appSecret) return send({ code: 10014, msg: 'app secret invalid' });
        return send({ tenant_access_token: 't-fake', expire: 7200 });
      }
      if (req.headers.authorization !== 'Bearer t-fake') return send({ code: 99991663, msg: 'invalid tenant access token' });
      const page = <T>(all: T[]) => {
        const size = Number(url.searchParams.get('page_size') ?? 50);
        const from = Number(url.searchParams.get('page_token') || 0);
        const more = from + size < all.length;
        return send({ data: { items: all.slice(from, from + size), has_more: more, ...(more ? { page_token: String(from + size) } : {}) } });
      };
      if (path === 'contact/v3/departments/0/children' && url.searchParams.get('fetch_child') === 'true') return page(state.directory.departments);
      if (path === 'contact/v3/users/find_by_department') {
        const dept = url.searchParams.get('department_id') ?? '';
        return page(state.directory.users.filter((u) => (dept === '0' ? u.department_ids.length === 0 || u.department_ids.includes('0') : u.department_ids.includes(dept))));
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    failAfter(n: number, code: number) {
      failFrom = { n, code };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
