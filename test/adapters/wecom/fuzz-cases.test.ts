/**
 * Issue 18 item 21, the cause of the flaky running-bot fuzz test: a base64 character before `=`
 * padding carries bits every decoder ignores. A "flipped" Encrypt that changed only those bits was
 * the authentic ciphertext, re-signed — the bot rightly processed LiuMin's 收到 and answered it.
 * The corrupter now only makes changes that change the bytes.
 */
import { expect, it } from 'vitest';
import { createCorrupterOf } from './fuzz-cases.js';

it('a change to ignored padding bits leaves the ciphertext as it was (the old flip could draw it)', () => {
  const enc = Buffer.from('0123456789abcdef').toString('base64'); // one AES block, 16 bytes → ends in "=="
  expect(enc.endsWith('==')).toBe(true);
  const i = enc.length - 3; // this character carries 2 bits that count and 4 that do not
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const same = B64[B64.indexOf(enc[i]!) ^ 0b0001]!; // a different character, the same 2 top bits
  const changed = enc.slice(0, i) + same + enc.slice(i + 1);
  expect(changed).not.toBe(enc);
  expect(Buffer.from(changed, 'base64').equals(Buffer.from(enc, 'base64'))).toBe(true);
});

it('every flip of the corrupter changes the decoded bytes', () => {
  const { flip } = createCorrupterOf(20261124);
  for (let n = 0; n < 20_000; n++) {
    const enc = Buffer.from(`payload-${n}-${'x'.repeat(n % 17)}`).toString('base64');
    expect(Buffer.from(flip(enc), 'base64').equals(Buffer.from(enc, 'base64')), enc).toBe(false);
  }
});
