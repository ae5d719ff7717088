/**
 * A typed refusal the user can read (ARCHITECTURE rule 5): the domain returns it instead of a new
 * state, and the chat layer shows `message` as it is. `code` is for tests and logs.
 */
export interface Refusal {
  refused: true;
  code: string;
  message: string;
}

export function refuse(code: string, message: string): Refusal {
  return { refused: true, code, message };
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && (x as Refusal).refused === true;
}

/** Thrown inside a transaction to roll it back and carry the refusal out to the chat layer. */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}
