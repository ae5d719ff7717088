/**
 * The sealer (AES-256-GCM under a key derived from SHOUDAO_SECRET) and the `feedback:` section of
 * the policy file.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { DEFAULT_POLICY, parsePolicyYaml } from '../../src/config/policy-file.js';
import { categoryTargets } from '../../src/domain/feedback/feedback-policy.js';
import { createAesSealer, sealerFor } from '../../src/infra/crypto/aes-sealer.js';
import { SECRET } from './helpers.js';

describe('AES sealer', () => {
  const sealer = createAesSealer(SECRET);
  it('seals to fresh ciphertext each time and opens only with the same secret', () => {
    const a = sealer.seal({ platform: 'wecom', address: 'JiangLin' });
    const b = sealer.seal({ platform: 'wecom', address: 'JiangLin' });
    expect(a).not.toBe(b);
    expect(a).not.toContain('JiangLin');
    expect(Buffer.from(a, 'base64').toString('latin1')).not.toContain('JiangLin');
    expect(sealer.unseal(a)).toEqual({ platform: 'wecom', address: 'JiangLin' });
    expect(createAesSealer(`${SECRET}-other`).unseal(a)).toBeUndefined();
  });

  it('refuses tampered or malformed ciphertext', () => {
    const raw = Buffer.from(sealer.seal({ platform: 'console', address: 'jiang' }), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(sealer.unseal(raw.toString('base64'))).toBeUndefined();
    expect(sealer.unseal('not-base64!')).toBeUndefined();
    expect(sealer.unseal('')).toBeUndefined();
  });

  it('gives stable, keyed pseudonyms, and no sealer without a secret', () => {
    expect(sealer.pseudonym('jiang')).toBe(createAesSealer(SECRET).pseudonym('jiang'));
    expect(sealer.pseudonym('jiang')).not.toBe(createAesSealer(`${SECRET}-other`).pseudonym('jiang'));
    expect(sealer.pseudonym('jiang')).not.toContain('jiang');
    expect(sealerFor(undefined)).toBeUndefined();
    expect(() => createAesSealer('short')).toThrow();
  });
});

describe('policy file: feedback', () => {
  it('has documented defaults: urgent 30m / 8h, 举报 restricted to HR and 总经办, 7d silence, 15d reopen', () => {
    expect(categoryTargets(DEFAULT_POLICY, 'urgent')).toEqual({ firstResponseMs: 30 * 60_000, resolutionMs: 8 * 3_600_000 });
    expect(categoryTargets(DEFAULT_POLICY, 'problem')).toEqual({ firstResponseMs: 4 * 3_600_000, resolutionMs: 24 * 3_600_000 });
    expect(DEFAULT_POLICY.feedback.categories.whistleblowing).toMatchObject({ leaders: ['hr', 'gm_office'], restricted: true, public: false });
    expect(DEFAULT_POLICY.feedback.closeAfterMs).toBe(7 * 86_400_000);
    expect(DEFAULT_POLICY.feedback.reopenWithinMs).toBe(15 * 86_400_000);
  });

  it('overrides per key and falls back to the rule windows', () => {
    const p = parsePolicyYaml(
      'rules: { feedback_response: { window: 1h } }\nfeedback:\n  categories: { complaint: { resolution: 16h, public: true } }\n  close_after: 3d\n  similar: { threshold: 0.5 }\n',
      'p.yaml',
    );
    expect(categoryTargets(p, 'problem').firstResponseMs).toBe(3_600_000);
    expect(categoryTargets(p, 'complaint')).toEqual({ firstResponseMs: 2 * 3_600_000, resolutionMs: 16 * 3_600_000 });
    expect(p.feedback.categories.complaint.public).toBe(true);
    expect(p.feedback.closeAfterMs).toBe(3 * 86_400_000);
    expect(p.feedback.similar).toEqual({ windowMs: 30 * 86_400_000, threshold: 0.5, raiseAt: 2 });
  });

  it('names the file, entry and field of a mistake', () => {
    const bad = (yaml: string) => {
      try {
        parsePolicyYaml(yaml, 'p.yaml');
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
        throw e;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad('feedback: { categories: { complain: {} } }')).toContain('complain');
    expect(bad('feedback: { close_after: soon }')).toContain('close_after');
    expect(bad('feedback: { categories: { whistleblowing: { leaders: [] } } }')).toContain('feedback.categories.whistleblowing: leaders');
    expect(bad('feedback: { similar: { threshold: 2 } }')).toContain('threshold');
  });
});
