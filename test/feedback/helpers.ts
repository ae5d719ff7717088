/**
 * Test helpers for 信息反馈: an app with a sealer (as with SHOUDAO_SECRET set), output split into
 * the console's message blocks, and the blocks addressed to one recipient.
 */
import { createAesSealer } from '../../src/infra/crypto/aes-sealer.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

export const SECRET = 'test-secret-for-shoudao-feedback';

/** `createTestApp` with anonymous feedback enabled (a sealer keyed by `SECRET`). */
export async function feedbackApp(start = '2026-11-24 09:00', opts: Parameters<typeof createTestApp>[1] = {}): Promise<TestApp> {
  const app = await createTestApp(start, opts);
  app.sealer = createAesSealer(SECRET);
  return app;
}

/** The console output as message blocks (`>> …` header plus its lines). */
export function blocks(out: string): string[] {
  return out.split('\n\n').map((b) => b.trim()).filter(Boolean);
}

/** Blocks sent to `who` (`>> to <who>`). */
export function to(out: string, who: string): string[] {
  return blocks(out).filter((b) => b.startsWith(`>> to ${who}\n`));
}

/** The number of the nth item registered on 2026-11-24. */
export const fk = (n: number, day = '20261124') => `FK${day}-${String(n).padStart(3, '0')}`;
