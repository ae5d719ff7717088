/**
 * The event envelope both transports carry (protocols-feishu.md §2.5): schema 2.0
 * `{schema, header: {event_id, token, create_time, event_type, tenant_key, app_id}, event}`, and
 * the old schema 1.0 `{uuid, token, ts, type: 'event_callback', event: {type}}`. `openEnvelope`
 * checks the shape and returns what the receiver needs (the dedupe key, the token to compare, the
 * event type) and the payload to store: the envelope without its verification token.
 */

/** The stored payload: the event as Feishu sent it, less the token. */
export interface FeishuPayload {
  schema: '2.0';
  header: { event_id: string; event_type: string; create_time?: string; app_id?: string; tenant_key?: string };
  event: Record<string, unknown>;
}

export type Envelope =
  | { ok: true; kind: 'challenge'; challenge: string; token: string | undefined }
  | { ok: true; kind: 'event'; eventId: string; eventType: string; token: string | undefined; payload: FeishuPayload }
  | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : undefined);

/** Reads a decrypted (or plaintext) envelope; never throws. */
export function openEnvelope(json: unknown): Envelope {
  if (!isObj(json)) return { ok: false, reason: 'not_an_object' };
  if (json['type'] === 'url_verification') {
    const challenge = str(json['challenge']);
    return challenge ? { ok: true, kind: 'challenge', challenge, token: str(json['token']) } : { ok: false, reason: 'no_challenge' };
  }
  const event = json['event'];
  if (!isObj(event)) return { ok: false, reason: 'no_event' };
  const header = json['header'];
  if (json['schema'] === '2.0' && isObj(header)) {
    const eventId = str(header['event_id']);
    const eventType = str(header['event_type']);
    if (!eventId || !eventType) return { ok: false, reason: 'no_event_id' };
    const h: FeishuPayload['header'] = { event_id: eventId, event_type: eventType };
    for (const k of ['create_time', 'app_id', 'tenant_key'] as const) if (str(header[k])) h[k] = str(header[k])!;
    return { ok: true, kind: 'event', eventId, eventType, token: str(header['token']), payload: { schema: '2.0', header: h, event } };
  }
  // Schema 1.0 (old events): deduplicated by uuid; stored in the 2.0 shape.
  const uuid = str(json['uuid']);
  const type = str(event['type']);
  if (json['type'] === 'event_callback' && uuid && type) {
    return { ok: true, kind: 'event', eventId: uuid, eventType: type, token: str(json['token']), payload: { schema: '2.0', header: { event_id: uuid, event_type: type }, event } };
  }
  return { ok: false, reason: 'unknown_envelope' };
}
