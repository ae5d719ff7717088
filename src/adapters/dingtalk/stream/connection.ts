/**
 * Stream mode (protocols.md B.5): the official `dingtalk-stream` 2.1.5 `DWClient`, through its
 * documented seam — a subclass — plus a watchdog for its known reconnect bugs.
 *
 * - Gateway: `getEndpoint()` is overridden to register at `${DINGTALK_API_BASE}/v1.0/gateway/
 *   connections/open` (the SDK's `GATEWAY_URL` is a constant), with the same body the SDK sends,
 *   so operators and tests can point it at a proxy or a fake; the SDK's debug print (which logs
 *   the secret) is never on.
 * - Frames: robot messages (`TOPIC_ROBOT`) and card callbacks (`TOPIC_CARD`) go to the receiver,
 *   which commits them to the inbox; only then is the frame acked (`socketCallBackResponse`). A
 *   frame the inbox could not take is left unacked, so a gateway that re-pushes loses nothing
 *   (the inbox dedupes the re-push by `msgId`). A frame that is not JSON is dropped with a log line
 *   instead of throwing out of the socket handler (the SDK would crash the process).
 * - Watchdog: the SDK's own reconnect is off (`autoReconnect: false`: in 2.1.5 `error` and `close`
 *   both schedule one, a storm — upstream #16/#17 — and `keepAlive` leaks its interval, #13). This
 *   connection pings every `silenceMs / 3`; any frame or pong counts as life. It reconnects, one
 *   attempt at a time with back-off from 1 s to 30 s, when the socket closes or errors, when the
 *   gateway sends `disconnect`, or when nothing was heard for `silenceMs` (default 30 s) — so a
 *   socket that went silent is replaced within `silenceMs` + the first back-off step. The health is
 *   `up` while the socket is open, `connecting` otherwise.
 */
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import type { AdapterLog, PlatformHealth } from '../../../chat/adapter-contract.js';
import type { DingtalkSettings } from '../env.js';
import type { DingtalkReceiver } from '../receiver.js';

export const DEFAULT_SILENCE_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

/** The SDK client with the gateway seam and a guarded frame handler. */
export class ShoudaoDWClient extends DWClient {
  constructor(
    private readonly apiBase: string,
    opts: { clientId: string; clientSecret: string },
    private readonly onFrame: () => void,
    private readonly onSystemTopic: (topic: string) => void,
  ) {
    super({ ...opts, debug: false, keepAlive: false });
    (this.config as { autoReconnect: boolean }).autoReconnect = false;
  }

  /** POST `${apiBase}/v1.0/gateway/connections/open` — the documented seam (protocols.md B.5.3 c). */
  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.apiBase.replace(/\/+$/, '')}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: 'shoudao', subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown };
    if (res.status !== 200 || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') throw new Error(`gateway registration failed (HTTP ${res.status})`);
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** Every frame is life; a frame that is not JSON (or lacks headers) is dropped, never thrown. */
  override onDownStream(data: string): void {
    this.onFrame();
    let msg: DWClientDownStream;
    try {
      msg = JSON.parse(String(data)) as DWClientDownStream;
      if (!msg || typeof msg !== 'object' || !msg.headers || typeof msg.headers !== 'object') throw new Error('no headers');
    } catch {
      this.emit('shoudao:bad-frame');
      return;
    }
    if (msg.type === 'SYSTEM') this.onSystemTopic(String(msg.headers.topic));
    try {
      super.onDownStream(JSON.stringify(msg));
    } catch {
      this.emit('shoudao:bad-frame');
    }
  }

  /** The current socket (the SDK keeps it private). */
  get ws(): WebSocket | undefined {
    return (this as unknown as { socket?: WebSocket }).socket;
  }
}

export interface StreamOptions {
  settings: DingtalkSettings;
  receiver: DingtalkReceiver;
  log: AdapterLog;
  silenceMs?: number;
}

export interface StreamConnection {
  health(): PlatformHealth;
  /** Reconnects so far (tests, metrics). */
  reconnects(): number;
  close(): void;
}

/** Connects (resolves once the first attempt is made; the watchdog keeps it connected). */
export async function startStream(opts: StreamOptions): Promise<StreamConnection> {
  const { settings, receiver, log } = opts;
  const silenceMs = opts.silenceMs ?? DEFAULT_SILENCE_MS;
  let lastLife = Date.now();
  let closed = false;
  let connecting = false;
  let timer: NodeJS.Timeout | undefined;
  let backoff = 1000;
  let reconnects = 0;
  let current: WebSocket | undefined;

  const client: ShoudaoDWClient = new ShoudaoDWClient(
    settings.apiBase,
    { clientId: settings.clientId, clientSecret: settings.clientSecret },
    () => (lastLife = Date.now()),
    (topic) => {
      if (topic === 'disconnect') {
        log.info({ platform: 'dingtalk' }, 'dingtalk gateway asked to disconnect; reconnecting');
        drop();
      }
    },
  );
  client.on('shoudao:bad-frame', () => log.warn({ platform: 'dingtalk', reason: 'frame_not_json' }, 'dingtalk frame ignored'));

  const onCallback = (topic: string) => (frame: DWClientDownStream) => {
    const messageId = frame.headers?.messageId;
    if (typeof messageId !== 'string' || !messageId) return;
    void receiver.acceptFrame(frame.data, messageId).then((outcome) => {
      // No ack for what the inbox could not take: the gateway may push it again.
      if (outcome === 'failed') return;
      try {
        client.socketCallBackResponse(messageId, topic === TOPIC_CARD ? {} : null);
      } catch {
        // The socket went away; the gateway re-pushes or the message is lost upstream (documented).
      }
    });
  };
  client.registerCallbackListener(TOPIC_ROBOT, onCallback(TOPIC_ROBOT));
  client.registerCallbackListener(TOPIC_CARD, onCallback(TOPIC_CARD));

  function schedule(): void {
    if (closed || timer || connecting) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, backoff);
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
  }

  function drop(): void {
    const ws = current;
    current = undefined;
    ws?.removeAllListeners('close');
    ws?.terminate();
    if (ws) reconnects += 1;
    schedule();
  }

  async function connect(): Promise<void> {
    if (closed || connecting) return;
    connecting = true;
    try {
      await client.getEndpoint();
      await client._connect();
      const ws = client.ws;
      if (!ws) throw new Error('no socket');
      if (closed) {
        ws.terminate();
        return;
      }
      current = ws;
      lastLife = Date.now();
      backoff = 1000;
      ws.on('pong', () => (lastLife = Date.now()));
      ws.on('close', () => {
        if (current !== ws) return;
        current = undefined;
        reconnects += 1;
        log.warn({ platform: 'dingtalk' }, 'dingtalk stream closed; reconnecting');
        connecting = false;
        schedule();
      });
      log.info({ platform: 'dingtalk' }, 'dingtalk stream connected');
    } catch (err) {
      log.warn({ platform: 'dingtalk', err: err instanceof Error ? err.message : String(err) }, 'dingtalk stream connect failed; retrying');
      connecting = false;
      schedule();
      return;
    }
    connecting = false;
  }

  const watchdog = setInterval(() => {
    const ws = current;
    if (!ws || closed) return;
    if (Date.now() - lastLife > silenceMs) {
      log.warn({ platform: 'dingtalk', silentMs: Date.now() - lastLife }, 'dingtalk stream silent; reconnecting');
      drop();
      return;
    }
    try {
      ws.ping();
    } catch {
      drop();
    }
  }, Math.max(50, Math.floor(silenceMs / 3)));
  watchdog.unref();

  await connect();
  return {
    health: () => (current && current.readyState === 1 ? 'up' : 'connecting'),
    reconnects: () => reconnects,
    close() {
      closed = true;
      clearInterval(watchdog);
      if (timer) clearTimeout(timer);
      const ws = current;
      current = undefined;
      ws?.removeAllListeners('close');
      client.disconnect();
      ws?.terminate();
    },
  };
}
