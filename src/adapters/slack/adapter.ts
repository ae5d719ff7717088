/**
 * The Slack adapter assembled (src/chat/adapter-contract.ts, issue 5): one Web API client shared
 * by the sender and the modals; the HTTP receiver at `POST /slack/events` when a signing secret is
 * set, and Socket Mode when `SLACK_APP_TOKEN` is set; the pure decode; the sender with Slack's
 * rate limit; the resolver wrapper that puts form threads in the receiving department's channel.
 * Slack has real threads (a form is one) and modals (a step that needs input opens one).
 * Setup: bot-manifests/slack.md.
 */
import type { AdapterDeps, PlatformAdapter, PlatformHealth } from '../../chat/adapter-contract.js';
import { personOn } from '../../chat/directory.js';
import type { MessageView, ReplyTo } from '../../domain/message.js';
import { createSlackClient, openModal, postAnswer } from './api.js';
import { decodeSlack } from './decode.js';
import type { SlackSettings } from './env.js';
import { createSlackHttpReceiver, createSlackSocketReceiver, SLACK_EVENTS_PATH, type SlackSocketReceiver } from './receiver.js';
import { createSlackSender, SLACK_LIMITS } from './sender.js';
import { withSlackFormThreads } from './surfaces/form-threads.js';
import { newFormModal, stepModal } from './surfaces/modals.js';
import { feedbackModal } from './surfaces/feedback-modal.js';
import { STEP_WORDS, type StepWord } from '../../chat/input-request.js';

/** Options for tests: another fetch for `response_url` answers. */
export interface SlackAdapterExtras {
  fetch?: typeof fetch;
}

/** Builds the adapter and mounts its route; Socket Mode connects on `start()`. */
export function createSlackAdapter(deps: AdapterDeps<SlackSettings>, extras: SlackAdapterExtras = {}): PlatformAdapter {
  const { settings, log } = deps;
  const api = createSlackClient(settings);
  const ctx = { org: deps.org, policy: deps.policy, now: deps.now, inbox: deps.inbox, log };
  const http = settings.signingSecret ? createSlackHttpReceiver({ ...ctx, signingSecret: settings.signingSecret }) : undefined;
  if (http) deps.routes.add('POST', SLACK_EVENTS_PATH, http.handle);
  const socket: SlackSocketReceiver | undefined = settings.appToken ? createSlackSocketReceiver({ ...ctx, appToken: settings.appToken, apiUrl: settings.apiUrl }) : undefined;
  let stopped = false;

  /** Opens the modal the answer asks for; when it cannot (an expired trigger), says the usage privately. */
  async function afterCommit(view: MessageView, replyTo: ReplyTo): Promise<void> {
    const trigger = typeof replyTo['triggerId'] === 'string' ? replyTo['triggerId'] : undefined;
    const user = String(replyTo['user'] ?? '');
    const input = view.input;
    if (!input) return;
    try {
      if (!trigger) throw new Error('no trigger');
      if (input.kind === 'new_form') {
        await openModal(api, trigger, newFormModal(deps.org(), personOn(deps.org(), 'slack', user)));
      } else if (input.kind === 'new_feedback') {
        await openModal(api, trigger, feedbackModal(deps.org(), input));
      } else if (input.kind === 'form_step' && (STEP_WORDS as readonly string[]).includes(input.word)) {
        const channel = typeof replyTo['channel'] === 'string' ? replyTo['channel'] : undefined;
        const thread = replyTo['threadTs'] ?? replyTo['messageTs'];
        await openModal(api, trigger, stepModal({ word: input.word as StepWord, ref: input.ref, ...(channel ? { channel } : {}), ...(typeof thread === 'string' ? { threadTs: thread } : {}) }));
      }
    } catch (err) {
      log.warn({ platform: 'slack', err: err instanceof Error ? err.message : String(err) }, 'slack: the modal could not be opened; the usage is sent instead');
      await postAnswer(api, { channel: user }, { lines: view.lines }).catch(() => undefined);
    }
  }

  return {
    platform: 'slack',
    capabilities: { threads: true, modals: true },
    decode: decodeSlack,
    sender: createSlackSender({ client: api, records: deps.records, now: deps.now, log, ...(extras.fetch ? { fetch: extras.fetch } : {}) }),
    limits: SLACK_LIMITS,
    resolver: (base) => withSlackFormThreads(base, { org: deps.org, records: deps.records, receivingDept: async (id) => (await deps.records.formDepts(id))?.receivingDept }),
    afterCommit,
    async start() {
      stopped = false;
      await socket?.start();
    },
    async stop() {
      stopped = true;
      http?.close();
      await socket?.stop();
    },
    health(): PlatformHealth {
      if (stopped) return 'down';
      return socket ? socket.health() : 'up';
    },
  };
}
