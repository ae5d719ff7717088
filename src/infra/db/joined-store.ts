/**
 * A `Store` whose transactions are savepoints of one transaction that is already open (`tx`):
 * what the inbox worker hands to the chat pipeline and the use cases, so that everything one
 * inbound event does — however many `store.transaction` calls its use case makes — commits in the
 * worker's transaction together with the inbox row marked done (issue 9 §2). A use case's own
 * refusal or failure rolls back its savepoint only; the worker decides about the rest.
 */
import type { Store, Tx } from '../../app/ports.js';

/** `tx` as a store; `close` is not allowed (the worker owns the real store). */
export function joinedStore(tx: Tx, dialect: Store['dialect']): Store {
  return {
    dialect,
    transaction: (work) => tx.savepoint(() => work(tx)),
    close: () => Promise.reject(new Error('a joined store cannot be closed')),
  };
}
