/**
 * Runs a use case's work in one transaction (ARCHITECTURE rule 4). A `RefusalError` thrown inside
 * rolls everything back — state, duties, audit and outbox rows — and comes out as a reply, so a
 * refused command never leaves anything half-saved.
 */
import { RefusalError, type Refusal } from '../domain/refusal.js';
import type { AppDeps, Reply } from './deps.js';
import type { Tx } from './ports.js';

export async function transact(deps: AppDeps, work: (tx: Tx) => Promise<Reply>): Promise<Reply> {
  try {
    return await deps.store.transaction(work);
  } catch (e) {
    if (e instanceof RefusalError) return refusalReply(e.refusal);
    throw e;
  }
}

export function refusalReply(r: Refusal): Reply {
  return { refused: true, lines: [r.message] };
}

/** Throws the refusal so the surrounding transaction rolls back. */
export function fail(r: Refusal): never {
  throw new RefusalError(r);
}
