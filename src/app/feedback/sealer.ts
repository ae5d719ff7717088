/**
 * The anonymous sender's address, sealed (SPEC §2 "Anonymous 反馈箱"). A `Sealer` encrypts the
 * `{ platform, address }` a message came from (AES-256-GCM under a key derived from
 * `SHOUDAO_SECRET`; infra/crypto implements it) so that the bot can still relay questions to the
 * sender and recognise their replies, while the database, the outbox, the logs and every person —
 * admins included — see only ciphertext. Without the secret there is no sealer, and anonymous
 * intake refuses rather than storing anything in the clear.
 */
import type { ReplyTo } from '../../domain/message.js';
import type { Org, PersonId, Platform } from '../../domain/org.js';

/** Where a message came from: the platform and the platform's own id (the console: the person id). */
export interface SealedAddress {
  platform: Platform;
  address: string;
  /** How an answer to the message gets back there (the adapter's routing data), when it is an answer. */
  replyTo?: ReplyTo;
}

/** Port: seals and opens sender addresses, and names people by a keyed pseudonym. */
export interface Sealer {
  /** Ciphertext (base64 of iv | tag | data); a fresh random IV each time, so two seals never match. */
  seal(address: SealedAddress): string;
  /** The sealed address, or undefined when it was sealed under another key or tampered with. */
  unseal(sealed: string): SealedAddress | undefined;
  /**
   * A stable keyed hash of a person id (not reversible without the key), for state that must
   * not name them — an anonymous dialogue in progress.
   */
  pseudonym(person: PersonId): string;
}

/** The address a person's message on `platform` came from. */
export function addressOf(org: Org, person: PersonId, platform: Platform): SealedAddress {
  if (platform === 'console') return { platform, address: person };
  return { platform, address: org.personById.get(person)?.platformIds[platform] ?? person };
}

/** The person an address belongs to, or undefined when the org no longer has them. */
export function personAt(org: Org, a: SealedAddress): PersonId | undefined {
  if (a.platform === 'console') return org.personById.has(a.address) ? a.address : undefined;
  const platform = a.platform;
  return org.people.find((p) => p.platformIds[platform] === a.address)?.id;
}

/** Whether `sealed` opens to an address of `person` (on any platform: people move between them). */
export function isSealedFor(sealer: Sealer | undefined, org: Org, sealed: string | undefined, person: PersonId): boolean {
  if (!sealer || !sealed) return false;
  const a = sealer.unseal(sealed);
  return a !== undefined && personAt(org, a) === person;
}
