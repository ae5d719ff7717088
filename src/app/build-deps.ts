/**
 * Assembles `AppDeps` from loaded configuration, a store and a clock: the one place the work
 * calendar is built from the policy.
 */
import type { Org } from '../domain/org.js';
import type { Policy } from '../domain/policy.js';
import { createWorkCalendar } from '../domain/work-calendar.js';
import type { AppDeps } from './deps.js';
import type { Sealer } from './feedback/sealer.js';
import type { Clock, Store } from './ports.js';

export function buildDeps(store: Store, clock: Clock, org: Org, policy: Policy, sealer?: Sealer): AppDeps {
  const deps: AppDeps = { store, clock, org, policy, calendar: createWorkCalendar(policy.workingTime, policy.timezone) };
  // Only when SHOUDAO_SECRET is set (src/infra/crypto/aes-sealer.ts); otherwise anonymous intake is refused.
  if (sealer) deps.sealer = sealer;
  return deps;
}
