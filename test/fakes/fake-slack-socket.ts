/**
 * A local Socket Mode server (protocols.md C.4 "Socket Mode wire protocol"): the fake Web API's
 * `apps.connections.open` answers this server's `ws://` URL; on connection it says `hello`, then
 * the test sends envelopes (`events_api`, `interactive`, `slash_commands`) and gets back the ack
 * frame the app answers with the same `envelope_id` (its `payload`, e.g. a view's field errors).
 */
import { wsText } from './ws-text.js';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Socket Mode envelope types the app handles. */
export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

/** The fake Socket Mode server; see the module comment. */
export class FakeSlackSocket {
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly waiting = new Map<string, (payload: unknown) => void>();
  private seq = 0;
  private connectedResolve: (() => void) | undefined;
  /** Resolves when a client has connected and been greeted. */
  connected: Promise<void> = new Promise((resolve) => (this.connectedResolve = resolve));
  url = '';
  /** While set (`drop()`), a client that connects is held without its `hello` (Slack is unreachable). */
  private holding = false;
  private held: WebSocket[] = [];

  async start(): Promise<this> {
    this.server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    this.server.on('connection', (ws) => {
      this.socket = ws;
      // A client that goes away (a restart) must connect again before `connected` holds.
      ws.on('close', () => {
        if (this.socket === ws) this.connected = new Promise((resolve) => (this.connectedResolve = resolve));
      });
      ws.on('message', (data) => {
        const frame = JSON.parse(wsText(data)) as { envelope_id?: string; payload?: unknown };
        if (frame.envelope_id) this.waiting.get(frame.envelope_id)?.(frame.payload ?? {});
      });
      if (this.holding) this.held.push(ws);
      else this.greet(ws);
    });
    return this;
  }

  private greet(ws: WebSocket): void {
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    this.connectedResolve?.();
  }

  /** Drops the connection and holds every new one without a `hello` until `restore()`. */
  drop(): void {
    this.holding = true;
    for (const c of this.server?.clients ?? []) c.terminate();
  }

  /** Greets the connections held since `drop()` (and every later one). */
  restore(): void {
    this.holding = false;
    for (const ws of this.held.splice(0)) if (ws.readyState === ws.OPEN) this.greet(ws);
  }

  /**
   * Sends one envelope and resolves with the app's ack payload (rejects after `timeoutMs`). With no
   * open connection (the app was killed) it rejects at once, as fake-feishu's push does: nothing was
   * delivered, and the caller delivers it again later, as Slack does.
   */
  send(type: EnvelopeType, payload: unknown, opts: { retryAttempt?: number; timeoutMs?: number } = {}): Promise<unknown> {
    const id = `env-${++this.seq}`;
    const ws = this.socket;
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('no Socket Mode connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no ack for ${id} within ${opts.timeoutMs ?? 3000} ms`));
      }, opts.timeoutMs ?? 3000);
      this.waiting.set(id, (p) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(p);
      });
      const retry = opts.retryAttempt ? { retry_attempt: opts.retryAttempt, retry_reason: 'timeout' } : { retry_attempt: 0, retry_reason: '' };
      ws.send(JSON.stringify({ envelope_id: id, type, accepts_response_payload: type !== 'events_api', ...retry, payload }));
    });
  }

  async stop(): Promise<void> {
    for (const c of this.server?.clients ?? []) c.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
