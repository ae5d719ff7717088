/**
 * The console adapter: a chat with the bot on stdin/stdout, scriptable (issue contract):
 *   :as <person id>      who speaks next (default: the first person of the org)
 *   :dm | :in <DEPT> | :thread <number>   where they speak
 *   :advance <duration>  move the virtual clock, running the sweep at every due step on the way
 *   :now | :quit
 * Any other line is a chat message. Replies go where the speaker spoke; outbox messages are
 * delivered (printed) after every line, exactly as a platform adapter would send them.
 */
import type { AppDeps } from '../../app/deps.js';
import { sweep } from '../../app/sweep.js';
import { handleInbound, type Logger } from '../../chat/router.js';
import type { Where } from '../../chat/inbound.js';
import { admitMessage, visibleControls } from '../../chat/input-hygiene.js';
import { parseDuration } from '../../domain/duration.js';
import { formatLocal } from '../../domain/local-time.js';
import type { Recipient } from '../../domain/message.js';
import type { VirtualClock } from '../../infra/clock.js';
import { deliverDue } from '../../infra/outbox/deliver.js';
import { TH } from '../../texts/hygiene.js';
import { renderView } from './render.js';

/** The farthest `:advance` moves the clock at once (issue 15 row 5: `999…9d` is Infinity, `100000000d` past year 275760). */
const MAX_ADVANCE_DAYS = 3660;
const MAX_ADVANCE_MS = MAX_ADVANCE_DAYS * 86_400_000;

export class ConsoleSession {
  private speaker: string;
  private where: Where = { kind: 'dm' };
  /** Every line printed: the console's output rule shows any control character instead of sending it raw. */
  private readonly out: (line: string) => void;

  constructor(
    private readonly deps: AppDeps & { clock: VirtualClock },
    out: (line: string) => void,
    private readonly log?: Logger,
  ) {
    this.speaker = deps.org.people[0]!.id;
    this.out = (line) => out(visibleControls(line));
  }

  /** Handles one input line; returns false on `:quit`. */
  async line(raw: string): Promise<boolean> {
    // The one input layer (src/chat/input-hygiene.ts), as for every platform's text.
    const admitted = admitMessage(raw);
    if ('refusal' in admitted) {
      this.print(this.replyTarget(), { lines: [admitted.refusal] });
      return true;
    }
    const line = admitted.text.trim();
    if (!line || line.startsWith('#!')) return true;
    if (line.startsWith(':')) return this.directive(line);
    // Catch up first: with a clock that follows real time, due reminders fire before the reply.
    await sweep(this.deps, this.deps.clock.now());
    await this.deliver();
    const reply = await handleInbound(this.deps, { platform: 'console', sender: this.speaker, where: this.where, text: line }, this.log);
    if (reply) this.print(this.replyTarget(), reply);
    await this.deliver();
    return true;
  }

  private async directive(line: string): Promise<boolean> {
    const [cmd, ...args] = line.split(/\s+/);
    const arg = args.join(' ');
    const { org, clock } = this.deps;
    switch (cmd) {
      case ':quit':
        return false;
      case ':now':
        this.out(`:: ${formatLocal(clock.now(), this.deps.policy.timezone)}`);
        return true;
      case ':as':
        if (!org.personById.has(arg)) this.out(`:: 未知人员 ${arg} (unknown person id)`);
        else this.speaker = arg;
        return true;
      case ':dm':
        this.where = { kind: 'dm' };
        return true;
      case ':in':
        if (!org.deptByCode.has(arg)) this.out(`:: 未知部门 ${arg} (unknown department code)`);
        else this.where = { kind: 'dept', dept: arg };
        return true;
      case ':thread':
        // Only an issued form (a number like SCB20261101) has a thread; it need not exist yet.
        if (!/^[A-Z]{2,5}\d{8,}$/.test(arg)) this.out(`:: 无效联络单编号 ${arg},例如 :thread SCB20261101 (bad form number)`);
        else this.where = { kind: 'thread', formNumber: arg };
        return true;
      case ':advance': {
        const ms = parseDuration(arg);
        if (ms === undefined) this.out(`:: 无效时长 ${arg},例如 30m、2h、1d (bad duration)`);
        else if (!Number.isFinite(ms) || ms > MAX_ADVANCE_MS) this.out(`:: ${TH.advanceTooFar(arg.slice(0, 40), MAX_ADVANCE_DAYS)}`);
        else await this.advance(clock.now() + ms);
        return true;
      }
      default:
        this.out(`:: 未知指令 ${cmd}:可用 :as :dm :in :thread :advance :now :quit`);
        return true;
    }
  }

  /** Moves the clock to `target`, sweeping at each due instant on the way, as the per-minute tick would. */
  private async advance(target: number): Promise<void> {
    const { clock, store } = this.deps;
    for (;;) {
      const next = await store.transaction((tx) => tx.duties.earliestAction());
      if (next === undefined || next > target) break;
      clock.set(Math.max(next, clock.now()));
      await sweep(this.deps, clock.now());
      await this.deliver();
    }
    clock.set(target);
    await sweep(this.deps, target);
    await this.deliver();
  }

  private replyTarget(): Recipient {
    if (this.where.kind === 'dept') return { kind: 'dept', dept: this.where.dept };
    if (this.where.kind === 'thread') return { kind: 'thread', formId: 0, formNumber: this.where.formNumber };
    return { kind: 'person', person: this.speaker };
  }

  private print(to: Recipient, v: Parameters<typeof renderView>[1]): void {
    for (const l of renderView(to, v)) this.out(l);
  }

  private async deliver(): Promise<void> {
    await deliverDue(this.deps.store, this.deps.clock.now(), {
      send: async (row) => {
        // An anonymous sender's message: open the address to know where it goes (the console has
        // one screen, so it is printed as `>> to 匿名反馈人`, never with the id it opened to).
        if (row.to.kind === 'sealed' && !this.deps.sealer?.unseal(row.to.sealed)) throw new Error('sealed recipient cannot be opened');
        this.print(row.to, row.view);
        return {};
      },
    });
  }
}
