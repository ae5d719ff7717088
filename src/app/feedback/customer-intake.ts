/**
 * 客户意见 posted by another system (SPEC §2; the HTTP route is src/infra/http/customer-feedback-
 * route.ts, which checks the shared secret first). The body is checked field by field here, then
 * the item is registered like any other, category 客户意见, with the customer as the posting
 * system names them and no submitter in chat (so 提问 is refused and closing is by silence).
 */
import { formatLocal } from '../../domain/local-time.js';
import { isRefusal } from '../../domain/refusal.js';
import type { AppDeps } from '../deps.js';
import { RefusalError } from '../../domain/refusal.js';
import { registerFeedback } from './register-feedback.js';

/** The JSON body: `description` required; `customer`, `dept` (a department code), `timeNode`, `expected` optional. */
export interface CustomerFeedbackInput {
  description: string;
  customer?: string;
  dept?: string;
  timeNode?: string;
  expected?: string;
}

/** The number and local registration time, or the refusal code (never the text). */
export type CustomerIntakeResult = { ok: true; number: string; registeredAt: string } | { ok: false; error: string };

const LIMITS: Record<keyof CustomerFeedbackInput, number> = { description: 2000, customer: 200, dept: 16, timeNode: 200, expected: 1000 };

/** The body as input, or the first problem (field names and limits only: never echoes the text). */
export function parseCustomerFeedback(body: unknown): CustomerFeedbackInput | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !(k in LIMITS));
  if (unknown.length) return { error: `unknown field: ${unknown[0]!.slice(0, 40)}` };
  const out: Record<string, string> = {};
  for (const [key, max] of Object.entries(LIMITS)) {
    const v = b[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return { error: `${key} must be a string` };
    if ([...v].length > max) return { error: `${key} is longer than ${max} characters` };
    if (v.trim()) out[key] = v.trim();
  }
  if (!out['description']) return { error: 'description is required' };
  return out as unknown as CustomerFeedbackInput;
}

export async function customerIntake(deps: AppDeps, input: CustomerFeedbackInput): Promise<CustomerIntakeResult> {
  try {
    const item = await deps.store.transaction((tx) =>
      registerFeedback(tx, deps, {
        category: 'customer',
        description: input.description,
        ...(input.dept ? { dept: input.dept.toUpperCase() } : {}),
        ...(input.timeNode ? { timeNode: input.timeNode } : {}),
        ...(input.expected ? { expected: input.expected } : {}),
        customer: input.customer ?? '',
        anonymous: false,
        source: { platform: 'http', channel: 'http' },
      }),
    );
    return { ok: true, number: item.number, registeredAt: formatLocal(item.registeredAt, deps.policy.timezone) };
  } catch (err) {
    if (err instanceof RefusalError && isRefusal(err.refusal)) return { ok: false, error: err.refusal.code };
    throw err;
  }
}
