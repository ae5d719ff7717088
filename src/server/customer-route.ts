/**
 * `POST /feedback/customer`: 客户意见 posted by another system (SPEC §2), through the durable
 * inbox like every platform request (issue 9 §1). The caller proves it holds the shared secret in
 * the `X-Shoudao-Secret` header (compared in constant time over SHA-256 digests, so neither the
 * content nor the length leaks through timing); the JSON body is
 * `{ description, customer?, dept?, timeNode?, expected? }` (src/app/feedback/customer-intake.ts),
 * cleaned by the input layer (src/chat/input-hygiene.ts: NUL and other controls removed, NFC) and
 * checked before anything is stored. An `Idempotency-Key` header makes a retry safe: the same key
 * registers the item once and answers the same number again.
 *
 * Answers: 201 `{ number, registeredAt }` once the item is registered (the worker processes the
 * committed request at once; the route waits for it up to 5 s); 202 `{ status: 'accepted' }` when
 * it is committed but not yet processed (it will be, exactly once; retry with the same key to
 * learn the number); 400 `{ error }` for a bad body (field names only, never the text); 401 for a
 * missing or wrong secret; 408 when the body does not arrive within 10 s; 413 over 64 KiB; 503
 * when no secret is configured (the endpoint is then closed) or the inbox cannot store the
 * request. Nothing of the body is ever logged.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCustomerFeedback } from '../app/feedback/customer-intake.js';
import type { Store } from '../app/ports.js';
import type { Inbox } from '../chat/adapter-contract.js';
import { readBody } from '../chat/http-body.js';
import { cleanJson } from '../chat/input-hygiene.js';
import { sendJson } from '../infra/http/server.js';

/** Largest body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;
export const SECRET_HEADER = 'x-shoudao-secret';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long the route waits for the worker to register the item before answering 202. */
const WAIT_MS = 5_000;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether `given` equals `secret`, in time that depends on neither. */
export function secretMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(secret));
}

/** How the route finds the outcome of a committed request (the inbox row's result). */
export interface CustomerOutcomes {
  /** The row's result once done (`FK…|YYYY-MM-DD HH:mm` or `refused:<code>`), undefined while pending. */
  result(dedupeKey: string): Promise<string | undefined>;
  /** Wakes the worker. */
  wake(): void;
}

/** Outcomes read from the inbox by dedupe hash. */
export function inboxOutcomes(store: Store, hashOf: (dedupeKey: string) => string, wake: () => void): CustomerOutcomes {
  return {
    result: async (key) => {
      const row = await store.transaction((tx) => tx.inbox.lookup(hashOf(key)));
      return row?.status === 'done' ? (row.result ?? '') : undefined;
    },
    wake,
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The handler; `secret` is the shared secret (SHOUDAO_SECRET), undefined = closed. */
export function customerFeedbackRoute(inbox: Inbox, outcomes: CustomerOutcomes, secret: string | undefined): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (!secret) return sendJson(res, 503, { error: 'customer feedback intake is not configured (SHOUDAO_SECRET)' });
    if (!secretMatches(header(req, SECRET_HEADER), secret)) return sendJson(res, 401, { error: 'bad or missing X-Shoudao-Secret' });
    const body = await readBody(req, { maxBytes: MAX_BODY_BYTES });
    if (!body.ok) {
      res.setHeader('connection', 'close');
      if (body.reason === 'too_large') return sendJson(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      return sendJson(res, 408, { error: 'the body did not arrive in time' });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON' });
    }
    // The one input layer (src/chat/input-hygiene.ts): NUL, controls and bidi overrides removed, NFC.
    const input = parseCustomerFeedback(cleanJson(json));
    if ('error' in input) return sendJson(res, 400, { error: input.error });
    const given = header(req, IDEMPOTENCY_HEADER)?.trim();
    if (given !== undefined && (given.length === 0 || given.length > 200)) return sendJson(res, 400, { error: 'Idempotency-Key must be 1 to 200 characters' });
    const key = given ?? randomUUID();
    try {
      await inbox.accept({ platform: 'customer', dedupeKey: key, orderKey: 'customer', payload: input });
    } catch {
      return sendJson(res, 503, { error: 'not stored; try again' });
    }
    outcomes.wake();
    const until = Date.now() + WAIT_MS;
    for (;;) {
      const result = await outcomes.result(key);
      if (result !== undefined) {
        if (result.startsWith('refused:')) return sendJson(res, 400, { error: result.slice('refused:'.length) });
        const [number, registeredAt] = result.split('|');
        return sendJson(res, 201, { number, registeredAt });
      }
      if (Date.now() >= until) return sendJson(res, 202, { status: 'accepted' });
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}
