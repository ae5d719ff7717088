/**
 * A person's dialogue in progress (e.g. the guided 新建联络单), kept in the database so that a
 * restart between two messages loses nothing. A dialogue idle longer than `DIALOGUE_TTL_MS` is
 * forgotten: the next message is read as a fresh command.
 */
import type { PersonId } from '../domain/org.js';
import type { AppDeps } from './deps.js';
import type { Dialogue } from './ports.js';

export const DIALOGUE_TTL_MS = 30 * 60_000;

export async function currentDialogue(deps: AppDeps, person: PersonId): Promise<Dialogue | undefined> {
  return deps.store.transaction(async (tx) => {
    const d = await tx.dialogues.get(person);
    if (!d) return undefined;
    if (deps.clock.now() - d.updatedAt > DIALOGUE_TTL_MS) {
      await tx.dialogues.delete(person);
      return undefined;
    }
    return d;
  });
}

export async function saveDialogue(deps: AppDeps, person: PersonId, kind: string, data: Record<string, unknown>): Promise<void> {
  await deps.store.transaction((tx) => tx.dialogues.put({ person, kind, data, updatedAt: deps.clock.now() }));
}

export async function endDialogue(deps: AppDeps, person: PersonId): Promise<void> {
  await deps.store.transaction((tx) => tx.dialogues.delete(person));
}
