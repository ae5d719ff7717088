import { encrypt, getSignature, decrypt } from '@wecom/crypto';
import { createWecomCallback } from '../../src/adapters/wecom/callback.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import { readFileSync } from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
if (process.env.ALS) { const als = new AsyncLocalStorage(); als.enterWith({}); }
const org = parseOrgYaml(readFileSync('data/org.example.yaml','utf8'),'x');
const APP = { corpId: 'wx5823bf96d3bd56c7', agentId: 1000002, secret: 's', token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', apiBase: 'http://127.0.0.1:1' };
const ts = String(Math.floor(Date.now()/1000));
const N = 30000;
const items = Array.from({length: N + 3000}, (_, i) => {
  const xml = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[LiuMin]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content><MsgId>${1000+i}</MsgId><AgentID>1000002</AgentID></xml>`;
  const enc = encrypt(APP.encodingAesKey, xml, APP.corpId);
  const q = new URLSearchParams({ msg_signature: getSignature(APP.token, ts, 'n', enc), timestamp: ts, nonce: 'n' });
  return { q, body: Buffer.from(`<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`), enc };
});
const cb = createWecomCallback({ env: APP, org, api: {} as never, handle: async () => null, maxPending: 1e9 });
let k = 0;
function time(label: string, f: (it: typeof items[0]) => unknown) { const t=performance.now(); for (let i=0;i<N;i++) f(items[k++ % items.length]); console.log(label, ((performance.now()-t)/N*1000).toFixed(1), 'us'); }
time('bare warm', (it) => { getSignature(APP.token, ts, 'n', it.enc); decrypt(APP.encodingAesKey, it.enc); });
time('bare', (it) => { const b = it.body.toString('utf8'); const s=b.indexOf('<Encrypt><![CDATA['); const e=b.indexOf(']]></Encrypt>'); const enc=b.slice(s+18,e); getSignature(APP.token, it.q.get('timestamp')!, it.q.get('nonce')!, enc) === it.q.get('msg_signature'); decrypt(APP.encodingAesKey, enc); });
k = 0;
time('receive', (it) => cb.receive(it.q, it.body));
