/**
 * The app manifests declare exactly what the adapter uses (issue 5 §7): the events its decoder
 * takes, the slash command, the shortcut's callback id, interactivity on /slack/events, and the
 * scopes of the Web API methods it calls; the Socket Mode file is the same app without URLs.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NEW_FORM_CALLBACK } from '../../../src/adapters/slack/surfaces/modals.js';
import { FEEDBACK_CALLBACK } from '../../../src/adapters/slack/surfaces/feedback-modal.js';
import { SHORTCUT_COMMANDS } from '../../../src/adapters/slack/decode.js';
import { objectContaining, stringMatching } from '../../helpers/matchers.js';

type Manifest = {
  features: { app_home: Record<string, boolean>; shortcuts: Array<{ callback_id: string; type: string }>; slash_commands: Array<Record<string, unknown>> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url?: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
};
const load = (f: string) => parse(readFileSync(`bot-manifests/${f}`, 'utf8')) as Manifest;

describe('Slack app manifests', () => {
  const http = load('slack.yaml');
  const socket = load('slack-socket.yaml');

  it('subscribe to the events, command, shortcut and surfaces the bot handles, on /slack/events', () => {
    expect([...http.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'message.channels', 'message.groups', 'message.im', 'reaction_added']);
    expect(http.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(http.settings.interactivity).toEqual({ is_enabled: true, request_url: stringMatching(/\/slack\/events$/) });
    expect(http.features.slash_commands).toEqual([objectContaining({ command: '/shoudao', should_escape: true, url: stringMatching(/\/slack\/events$/) })]);
    expect(http.features.shortcuts).toEqual([objectContaining({ type: 'global', callback_id: NEW_FORM_CALLBACK }), objectContaining({ type: 'global', callback_id: FEEDBACK_CALLBACK })]);
    expect(Object.keys(SHORTCUT_COMMANDS).sort()).toEqual(http.features.shortcuts.map((s) => s.callback_id).sort());
    expect(http.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect([...http.oauth_config.scopes.bot].sort()).toEqual(['channels:history', 'chat:write', 'commands', 'files:write', 'groups:history', 'im:history', 'im:write', 'reactions:read', 'reactions:write']);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it('the Socket Mode variant is the same app with Socket Mode on and no URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/https?:\/\//);
    const strip = (m: Manifest) => JSON.parse(JSON.stringify(m, (k, v: unknown) => (k === 'url' || k === 'request_url' || k === 'socket_mode_enabled' ? undefined : v))) as unknown;
    expect(strip(socket)).toEqual(strip(http));
  });
});
