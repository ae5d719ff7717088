/**
 * Reading a request body on the shared HTTP server, the same way for every receiver (platform
 * callbacks, the customer endpoint): at most `maxBytes` (beyond that the rest is discarded and the
 * answer is "too large"), and within `timeoutMs` — a body that trickles or never ends (a chunked
 * request without its last chunk) is given up, so no request holds a socket open for ever.
 */
import type { IncomingMessage } from 'node:http';

/** The body, or why there is none. */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'timeout' | 'aborted' };

/** Default time a whole body may take to arrive. */
export const BODY_TIMEOUT_MS = 10_000;

/** Reads `req`'s body; never rejects. */
export function readBody(req: IncomingMessage, opts: { maxBytes: number; timeoutMs?: number }): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (r: BodyResult) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (!r.ok) req.resume(); // drain and drop the rest
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), opts.timeoutMs ?? BODY_TIMEOUT_MS);
    req.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > opts.maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}
