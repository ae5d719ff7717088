/**
 * 看板 (`dashboard`) in chat: a one-time login link for the sender, only in a direct message (a
 * link posted in a group would let anyone there in as the sender). The reply is `confidential`:
 * a link is a credential, so it is delivered directly and never kept in the outbox.
 */
import type { PersonId } from '../../domain/org.js';
import { WT } from '../../texts/web.js';
import type { AppDeps, Reply } from '../deps.js';
import { createLoginLink } from './web-auth.js';

export async function dashboardLink(deps: AppDeps, actor: PersonId, direct: boolean): Promise<Reply> {
  if (!deps.dashboard) return { refused: true, lines: [WT.linkNoDashboard] };
  if (!direct) return { refused: true, lines: [WT.linkOnlyDirect] };
  const { url } = await createLoginLink(deps, deps.dashboard, actor);
  return { title: '看板 Dashboard', lines: WT.linkReply(url).split('\n'), confidential: true };
}
