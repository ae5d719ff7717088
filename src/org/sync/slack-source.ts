/**
 * Slack's directory: `users.list` through the real `@slack/web-api` client, cursor-paged; bots,
 * Slackbot and deactivated members are left out. Slack has no departments: its members are
 * matched to existing people by e-mail (`users:read.email` scope).
 */
import type { WebClient } from '@slack/web-api';
import type { SlackSettings } from '../../adapters/slack/env.js';
import { DirectoryReadError, type DirectorySnapshot, type DirectorySource, type SnapshotUser } from './directory-source.js';

interface SlackMember {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { email?: string; phone?: string; real_name?: string };
}

export function slackDirectory(settings: Pick<SlackSettings, 'botToken' | 'apiUrl'>, opts: { pageSize?: number } = {}): DirectorySource {
  // The client (and @slack/web-api with it) is made at the first read, not at start (issue 14).
  let client: WebClient | undefined;
  return {
    platform: 'slack',
    async read(): Promise<DirectorySnapshot> {
      const api = (client ??= new (await import('@slack/web-api')).WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, retryConfig: { retries: 0 } }));
      const users: SnapshotUser[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = (await api.users.list({ limit: opts.pageSize ?? 200, ...(cursor ? { cursor } : {}) })) as { members?: SlackMember[]; response_metadata?: { next_cursor?: string } };
          if (!Array.isArray(page.members)) throw new Error('users.list: no members');
          for (const m of page.members) {
            if (!m.id || m.deleted || m.is_bot || m.id === 'USLACKBOT') continue;
            const email = m.profile?.email;
            users.push({ platformId: m.id, name: m.real_name ?? m.profile?.real_name ?? m.name ?? m.id, deptKeys: [], ...(email ? { email } : {}) });
          }
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (err) {
        throw new DirectoryReadError('slack', err instanceof Error ? err.message : String(err));
      }
      return { platform: 'slack', users };
    },
  };
}
