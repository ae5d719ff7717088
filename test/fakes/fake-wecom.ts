/**
 * A fake WeCom server API (qyapi) on 127.0.0.1 for tests (protocols.md A.7, A.9): gettoken,
 * message/send, message/update_template_card and appchat/send, with the documented checks that
 * catch our mistakes (token validity, ≤6 buttons, key and task-id alphabet and length, unique
 * task ids, content ≤2048 bytes, single-use response codes).
 *
 * Contacts (issue 12): department/list, user/list_id (cursor paging over department
 * memberships) and user/get answer `directory`.
 *
 * Failure injection: `failNext(api, errcode, times)` makes the next calls of that API answer the
 * errcode (errcode 0 queues a normal answer, so `failNext(api, 0, 3); failNext(api, -1)` fails the
 * fourth call) (42001 once, 45009, 60020, 81013, …) without recording anything; `expireToken()` makes
 * the current token invalid (calls with it answer 42001) so the next gettoken issues a new one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scalarText } from '../../src/domain/scalar-text.js';

type Json = Record<string, unknown>;
export type FakeApi = 'gettoken' | 'message/send' | 'message/update_template_card' | 'appchat/send' | 'department/list' | 'user/list_id' | 'user/get' | 'media/upload';

/** The contacts the fake's directory APIs answer (issue 12 sync): WeCom's own field names. */
export interface FakeWecomDirectory {
  departments: Array<{ id: number; name: string; parentid: number; department_leader?: string[] }>;
  users: Array<{ userid: string; name: string; department: number[]; main_department?: number; mobile?: string; email?: string }>;
  /** `user/list_id` page size (WeCom: up to 10000; small here so paging is exercised). */
  pageSize?: number;
}

/** One accepted call: which API, the token used, and the JSON body. */
export interface FakeCall {
  api: FakeApi;
  token: string;
  body: Json;
  /** For an interactive card sent with message/send: the single-use `response_code` answered. */
  responseCode?: string;
  /** When the fake accepted it (Date.now()): rate limits are measured here, at the platform. */
  at: number;
}

export interface FakeWecom {
  /** Base URL for `WECOM_API_BASE`. */
  url: string;
  /** Accepted message/send bodies, in order. */
  sent: FakeCall[];
  /** Accepted update_template_card bodies. */
  updates: FakeCall[];
  /** Accepted appchat/send bodies. */
  chatSent: FakeCall[];
  /** Files uploaded with media/upload (type=file), by media_id. */
  media: Map<string, { name: string; type: string; bytes: Buffer }>;
  /** Every request that reached the server, accepted or not (api + errcode answered). */
  log: Array<{ api: string; errcode: number }>;
  readonly gettokenCalls: number;
  failNext(api: FakeApi, errcode: number, times?: number): void;
  /** While set, every API call but gettoken answers errcode -1 (系统繁忙) and accepts nothing. */
  down: boolean;
  expireToken(): void;
  /** The directory department/list, user/list_id and user/get answer. */
  directory: FakeWecomDirectory;
  /** Delay every answer by `ms` (concurrency tests). */
  setDelay(ms: number): void;
  /**
   * Members message/send does not deliver to, with errcode 0 as WeCom answers a send that reached
   * some of its recipients: named (lowercased) in `invaliduser` or `unlicenseduser`. A send to
   * only such members is not recorded in `sent`.
   */
  refused: Map<string, 'invalid' | 'unlicensed'>;
  close(): Promise<void>;
}

const KEY = /^[0-9A-Za-z_\-@]{1,128}$/;

export async function startFakeWecom(opts: { corpId: string; secret: string; expiresIn?: number }): Promise<FakeWecom> {
  let tokenSeq = 0;
  let current: string | undefined;
  const expired = new Set<string>();
  const failures = new Map<FakeApi, number[]>();
  const taskIds = new Set<string>();
  const usedCodes = new Set<string>();
  let gettokenCalls = 0;
  let delay = 0;
  let msgSeq = 0;
  const fake = { sent: [] as FakeCall[], updates: [] as FakeCall[], chatSent: [] as FakeCall[], media: new Map<string, { name: string; type: string; bytes: Buffer }>(), log: [] as Array<{ api: string; errcode: number }> };
  const handle = { down: false, directory: { departments: [{ id: 1, name: '公司', parentid: 0 }], users: [] } as FakeWecomDirectory, refused: new Map<string, 'invalid' | 'unlicensed'>() };
  const DIRECTORY_APIS = ['department/list', 'user/list_id', 'user/get'];

  const reply = (res: ServerResponse, api: string, body: Json) => {
    fake.log.push({ api, errcode: Number(body.errcode ?? 0) });
    const text = JSON.stringify({ errcode: 0, errmsg: 'ok', ...body });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    }, delay);
  };
  const err = (errcode: number, errmsg = 'fake error') => ({ errcode, errmsg });

  const readJson = async (req: IncomingMessage): Promise<Json | undefined> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Json) : undefined;
    } catch {
      return undefined;
    }
  };

  const checkSend = (b: Json): Json | undefined => {
    if (typeof b.touser !== 'string' || !b.touser || typeof b.agentid !== 'number') return err(40058, 'bad touser/agentid');
    if (b.msgtype === 'text' || b.msgtype === 'markdown') {
      const content = (b[b.msgtype] as Json | undefined)?.content;
      if (typeof content !== 'string' || !content) return err(44004, 'empty content');
      if (Buffer.byteLength(content) > 2048) return err(45002, 'content size out of limit');
      return undefined;
    }
    if (b.msgtype === 'file') return fake.media.has(String((b.file as Json | undefined)?.media_id)) ? undefined : err(40007, 'invalid media_id');
    if (b.msgtype !== 'template_card') return err(40008, 'invalid message type');
    const card = b.template_card as Json | undefined;
    if (card?.card_type === 'multiple_interaction') {
      // path/90236 多项选择型: 1..3 selects of 1..10 options, unique question keys and option ids, a submit button.
      const selects = card.select_list as Array<Json> | undefined;
      if (!Array.isArray(selects) || selects.length < 1 || selects.length > 3) return err(40058, 'select_list must have 1..3 selects');
      const qkeys = selects.map((x) => String(x.question_key));
      if (qkeys.some((k) => !KEY.test(k)) || new Set(qkeys).size !== qkeys.length) return err(40058, 'bad question_key');
      for (const sel of selects) {
        const options = sel.option_list as Array<Json> | undefined;
        if (!Array.isArray(options) || options.length < 1 || options.length > 10) return err(40058, 'option_list must have 1..10 options');
        const ids = options.map((o) => String(o.id));
        if (ids.some((id) => !KEY.test(id)) || new Set(ids).size !== ids.length || options.some((o) => typeof o.text !== 'string' || !o.text)) return err(40058, 'bad option');
        if (sel.selected_id !== undefined && !ids.includes(scalarText(sel.selected_id))) return err(40058, 'selected_id not an option');
      }
      const submit = card.submit_button as Json | undefined;
      if (!submit || typeof submit.text !== 'string' || !KEY.test(String(submit.key))) return err(40058, 'bad submit_button');
    } else {
      const buttons = card?.button_list as Array<Json> | undefined;
      if (!card || card.card_type !== 'button_interaction' || !Array.isArray(buttons)) return err(40058, 'bad card');
      if (buttons.length < 1 || buttons.length > 6) return err(40058, 'button_list must have 1..6 buttons');
      const keys = buttons.map((x) => String(x.key));
      if (keys.some((k) => !KEY.test(k)) || new Set(keys).size !== keys.length) return err(40058, 'bad button key');
    }
    const taskId = scalarText(card.task_id);
    if (!KEY.test(taskId) || taskIds.has(taskId)) return err(40058, 'task_id invalid or repeated');
    taskIds.add(taskId);
    return undefined;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const api = url.pathname.replace(/^\/cgi-bin\//, '') as FakeApi;
      const queued = failures.get(api);
      if (api === 'gettoken') {
        gettokenCalls += 1;
        if (queued?.length) return reply(res, api, err(queued.shift()!));
        if (url.searchParams.get('corpid') !== opts.corpId) return reply(res, api, err(40013, 'invalid corpid'));
        if (url.searchParams.get('corpsecret') !== opts.secret) return reply(res, api, err(40001, 'invalid secret'));
        current ??= `tok-${++tokenSeq}`;
        return reply(res, api, { access_token: current, expires_in: opts.expiresIn ?? 7200 });
      }
      if (api === 'media/upload') {
        // https://developer.work.weixin.qq.com/document/path/90253 — multipart, the file in field `media`.
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        if (url.searchParams.get('access_token') !== current) return reply(res, api, err(40014, 'invalid access_token'));
        if (url.searchParams.get('type') !== 'file') return reply(res, api, err(40004, 'invalid media type'));
        const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': scalarText(req.headers['content-type']) }, body: Buffer.concat(chunks) }).formData().catch(() => undefined);
        const file = form?.get('media');
        if (!file || typeof file === 'string') return reply(res, api, err(41005, 'media data missing'));
        const id = `media-${fake.media.size + 1}`;
        fake.media.set(id, { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
        return reply(res, api, { type: 'file', media_id: id, created_at: '0' });
      }
      if (![...DIRECTORY_APIS, 'message/send', 'message/update_template_card', 'appchat/send'].includes(api)) {
        res.writeHead(404).end();
        return;
      }
      if (handle.down) return reply(res, api, err(-1, 'system busy'));
      const token = url.searchParams.get('access_token') ?? '';
      const body = await readJson(req);
      if (!token) return reply(res, api, err(41001, 'access_token missing'));
      if (expired.has(token)) return reply(res, api, err(42001, 'access_token expired'));
      if (token !== current) return reply(res, api, err(40014, 'invalid access_token'));
      if (queued?.length) return reply(res, api, err(queued.shift()!));
      if (api === 'department/list') return reply(res, api, { department: handle.directory.departments });
      if (api === 'user/get') {
        const u = handle.directory.users.find((x) => x.userid.toLowerCase() === (url.searchParams.get('userid') ?? '').toLowerCase());
        return reply(res, api, u ? { ...u } : err(60111, 'userid not found'));
      }
      if (!body) return reply(res, api, err(40058, 'Warning: wrong json format.'));
      if (api === 'user/list_id') {
        // The cursor is the index of the next pair; pairs are (userid, department), one per membership.
        const pairs = handle.directory.users.flatMap((u) => u.department.map((d) => ({ userid: u.userid, department: d })));
        const from = Number(body.cursor || 0);
        const size = Math.min(Number(body.limit ?? 1000), handle.directory.pageSize ?? 1000);
        const next = from + size < pairs.length ? String(from + size) : '';
        return reply(res, api, { dept_user: pairs.slice(from, from + size), next_cursor: next });
      }
      if (api === 'message/send') {
        const bad = checkSend(body);
        if (bad) return reply(res, api, bad);
        const to = scalarText(body.touser).split('|');
        const refusedAs = (why: 'invalid' | 'unlicensed') => to.filter((u) => handle.refused.get(u) === why).map((u) => u.toLowerCase()).join('|');
        const out: Json = { msgid: `msg-${++msgSeq}`, invaliduser: refusedAs('invalid'), unlicenseduser: refusedAs('unlicensed') };
        if (to.every((u) => handle.refused.has(u))) return reply(res, api, out);
        const call: FakeCall = { api, token, body, at: Date.now() };
        if (body.msgtype === 'template_card') call.responseCode = out.response_code = `rc-${msgSeq}`;
        fake.sent.push(call);
        return reply(res, api, out);
      }
      if (api === 'message/update_template_card') {
        const code = scalarText(body.response_code);
        if (!code || usedCodes.has(code) || !Array.isArray(body.userids)) return reply(res, api, err(40058, 'response_code invalid or used'));
        usedCodes.add(code);
        fake.updates.push({ api, token, body, at: Date.now() });
        return reply(res, api, {});
      }
      fake.chatSent.push({ api, token, body, at: Date.now() });
      return reply(res, api, {});
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    ...fake,
    get down() {
      return handle.down;
    },
    set down(on: boolean) {
      handle.down = on;
    },
    get directory() {
      return handle.directory;
    },
    set directory(d: FakeWecomDirectory) {
      handle.directory = d;
    },
    get gettokenCalls() {
      return gettokenCalls;
    },
    failNext(api, errcode, times = 1) {
      const q = failures.get(api) ?? [];
      for (let i = 0; i < times; i++) q.push(errcode);
      failures.set(api, q);
    },
    expireToken() {
      if (current) expired.add(current);
      current = undefined;
    },
    setDelay(ms) {
      delay = ms;
    },
    get refused() {
      return handle.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
