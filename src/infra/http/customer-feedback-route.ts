/**
 * `POST /feedback/customer`: 客户意见 posted by another system (SPEC §2). The caller proves it
 * holds the shared secret in the `X-Shoudao-Secret` header (compared in constant time over
 * SHA-256 digests, so neither the content nor the length leaks through timing); the JSON body is
 * `{ description, customer?, dept?, timeNode?, expected? }` (src/app/feedback/customer-intake.ts).
 *
 * Answers: 201 `{ number, registeredAt }`; 400 `{ error }` for a bad body (field names only,
 * never the text); 401 for a missing or wrong secret; 413 over 64 KiB; 503 when no secret is
 * configured (the endpoint is then closed). Nothing of the body is ever logged.
 *
 * Mounting (server mode): `http.addRoute('POST', '/feedback/customer', customerFeedbackRoute(deps, secret))`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../../app/deps.js';
import { customerIntake, parseCustomerFeedback } from '../../app/feedback/customer-intake.js';
import { sendJson } from './server.js';

/** Largest body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;
export const SECRET_HEADER = 'x-shoudao-secret';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether `given` equals `secret`, in time that depends on neither. */
export function secretMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(secret));
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The handler for `deps`; `secret` is the shared secret (SHOUDAO_SECRET), undefined = closed. */
export function customerFeedbackRoute(deps: AppDeps, secret: string | undefined): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (!secret) return sendJson(res, 503, { error: 'customer feedback intake is not configured (SHOUDAO_SECRET)' });
    const header = req.headers[SECRET_HEADER];
    if (!secretMatches(Array.isArray(header) ? header[0] : header, secret)) return sendJson(res, 401, { error: 'bad or missing X-Shoudao-Secret' });
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof TooLarge) return sendJson(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON' });
    }
    const input = parseCustomerFeedback(body);
    if ('error' in input) return sendJson(res, 400, { error: input.error });
    // A store error can carry the statement's parameters (the text): the server logs only this.
    const result = await customerIntake(deps, input).catch((err: unknown) => {
      throw new Error(`customer feedback intake failed (${err instanceof Error ? err.name : 'error'})`);
    });
    if (!result.ok) return sendJson(res, 400, { error: result.error });
    sendJson(res, 201, { number: result.number, registeredAt: result.registeredAt });
  };
}
