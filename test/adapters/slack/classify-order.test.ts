/**
 * What order a Slack request is processed in (`classify`, src/adapters/slack/receiver.ts): the
 * user's messages, buttons and modal submissions in one order; their shortcuts — which only open a
 * modal, on a trigger that lives 3 s — in one of their own, so a burst of queued messages never
 * holds a modal past its trigger.
 */
import { describe, expect, it } from 'vitest';
import { classify, SHORTCUT_ORDER } from '../../../src/adapters/slack/receiver.js';
import { demoOrg, policyWith } from '../../helpers/app.js';
import { blockAction, eventBody, messageEvent, shortcut } from './slack-fixtures.js';

const ctx = { org: demoOrg, policy: policyWith(), now: () => Date.parse('2026-11-23T02:00:00Z') };
const orderOf = (type: 'event' | 'interactive', body: Record<string, unknown>) => {
  const c = classify(type, body, ctx);
  return c.kind === 'store' ? { order: c.entry.orderKey, urgent: c.entry.urgent === true } : c.kind;
};

describe('the order of a Slack user\'s requests', () => {
  it('puts messages and buttons in the user\'s order, shortcuts in the user\'s shortcut order', () => {
    expect(orderOf('event', eventBody(messageEvent('U0ZHAO', 'DU0ZHAO', '帮助')))).toEqual({ order: 'U0ZHAO', urgent: false });
    expect(orderOf('interactive', blockAction('U0ZHAO', '我的待办', { home: true }))).toEqual({ order: 'U0ZHAO', urgent: true });
    expect(orderOf('interactive', shortcut('U0ZHAO', 'shoudao_new_form'))).toEqual({ order: `U0ZHAO${SHORTCUT_ORDER}`, urgent: true });
    // Another user's shortcut is another order; a foreign shortcut is not stored at all.
    expect(orderOf('interactive', shortcut('U0LIN', 'shoudao_new_form'))).toEqual({ order: `U0LIN${SHORTCUT_ORDER}`, urgent: true });
    expect(orderOf('interactive', shortcut('U0ZHAO', 'someone_elses_shortcut'))).toBe('ignore');
  });
});
