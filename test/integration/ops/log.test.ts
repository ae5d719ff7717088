/**
 * Structured logs never carry secrets or what people wrote: tokens, secrets, message text, views
 * and their lines are redacted by field name, at the top level and nested.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, errorFields } from '../../../src/infra/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ destination }), lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts secrets and confidential text wherever they appear', () => {
    const { log, lines } = capture();
    log.info(
      {
        job: 'digest',
        sent: 3,
        token: 'xoxb-secret-1',
        env: { botToken: 'xoxb-secret-2', signingSecret: 'sig-secret-3', clientSecret: 'cs-4', encodingAesKey: 'aes-5' },
        text: '匿名反馈:某某领导的问题',
        row: { key: 'duty:1:s0-1:zhao', view: { lines: ['保密内容'] }, headers: { authorization: 'Bearer abc' } },
        message: { lines: ['另一段保密内容'], title: '标题' },
      },
      'job done',
    );
    const [line] = lines();
    const raw = JSON.stringify(line);
    for (const secret of ['xoxb-secret', 'sig-secret', 'cs-4', 'aes-5', '匿名反馈', '保密内容', 'Bearer abc', '标题']) expect(raw).not.toContain(secret);
    expect(line).toMatchObject({ level: 30, msg: 'job done', job: 'digest', sent: 3, token: '[redacted]', text: '[redacted]' });
    expect(line!['row']).toEqual({ key: 'duty:1:s0-1:zhao', view: '[redacted]', headers: { authorization: '[redacted]' } });
    expect(typeof line!['time']).toBe('string');
  });

  it('logs errors as name and message', () => {
    expect(errorFields(new TypeError('bad'))).toMatchObject({ error: 'TypeError: bad' });
    expect(errorFields('plain')).toEqual({ error: 'plain' });
  });
});
