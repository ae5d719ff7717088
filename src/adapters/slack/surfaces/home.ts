/**
 * The App Home tab (https://docs.slack.dev/surfaces/app-home): the person's open duties and the
 * forms waiting for their step (the 我的待办 answer, with its buttons), plus buttons to draft a
 * form and to refresh. Buttons carry command text like every other button of the bot.
 */
import type { HomeView, KnownBlock } from '@slack/web-api';
import { NEW_FORM_COMMAND } from '../../../chat/input-request.js';
import type { MessageView } from '../../../domain/message.js';
import { renderSlack } from '../render.js';

/**
 * The home view for `answer`: the 我的待办 reply (or, for someone not in the directory, the
 * answer saying so) under an intro with buttons to draft a form and to refresh.
 */
export function homeView(answer: MessageView): HomeView {
  const intro: MessageView = { title: '收到 · 我的待办', lines: ['在这里查看需要您回复的通知和联络单;在频道或私信中回复「帮助」查看全部命令。'], buttons: [{ label: '新建联络单', command: NEW_FORM_COMMAND }, { label: '刷新', command: '我的待办' }] };
  const blocks = [...renderSlack(intro).blocks, { type: 'divider' }, ...renderSlack(answer).blocks] as KnownBlock[];
  // Button action ids must be unique within a view.
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'actions') for (const el of b.elements) if ('action_id' in el) el.action_id = `shoudao_cmd_h${n++}`;
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
