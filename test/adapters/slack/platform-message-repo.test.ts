/**
 * The `platform_message` table (Slack messages that stand for a form or a notice) on every test
 * dialect: the first record of a message stays, lookups by message and by subject.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformMessage } from '../../../src/app/ports.js';
import { createStore } from '../../../src/infra/db/create-store.js';
import { testDialects } from '../../helpers/databases.js';

const T0 = 1_795_000_000_000;
const msg = (over: Partial<PlatformMessage>): PlatformMessage =>
  ({ platform: 'slack', channel: 'C0SCB', messageId: '1.000100', subjectKind: 'notice', subjectId: 3, subjectRef: 'TZ3', createdAt: T0, ...over });

describe.each(testDialects())('platform_message table on $name', (dialect) => {
  it('keeps the first record of a message and finds messages by id and by subject', async () => {
    const db = await dialect.create();
    const store = await createStore(db.url);
    try {
      await store.transaction(async (tx) => {
        await tx.platformMessages.put(msg({}));
        await tx.platformMessages.put(msg({ subjectRef: 'TZ9', subjectId: 9 })); // the same message again: ignored
        await tx.platformMessages.put(msg({ messageId: '2.000200', subjectKind: 'notice_status', createdAt: T0 + 1 }));
        await tx.platformMessages.put(msg({ channel: 'C0XSB', messageId: '3.1', subjectKind: 'form', subjectId: 3, subjectRef: 'SCB20261101' }));
      });
      const find = (channel: string, id: string) => store.transaction((tx) => tx.platformMessages.find('slack', channel, id));
      expect(await find('C0SCB', '1.000100')).toEqual(msg({}));
      expect(await find('C0XSB', '3.1')).toMatchObject({ subjectKind: 'form', subjectRef: 'SCB20261101' });
      expect(await find('C0SCB', '9.9')).toBeUndefined();
      expect(await store.transaction((tx) => tx.platformMessages.forSubject('slack', 'notice_status', 3))).toEqual([msg({ messageId: '2.000200', subjectKind: 'notice_status', createdAt: T0 + 1 })]);
      expect(await store.transaction((tx) => tx.platformMessages.forSubject('wecom', 'notice', 3))).toEqual([]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
