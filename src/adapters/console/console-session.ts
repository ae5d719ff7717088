/**
 * The console adapter: a chat with the bot on stdin/stdout, scriptable (issue contract):
 *   :as <person id | 姓名>  who speaks next (default: the first person of the org)
 *   :dm | :in <DEPT> | :thread <number>   where they speak
 *   :advance <duration>  move the virtual clock, running the sweep at every due step on the way
 *                        and the scheduled jobs (digest, monthly assessment, 公示) it crosses
 *   :now [time]          show the clock; with a time, set it — only before the first message
 *   :who                 the people: ids, names, departments, roles
 *   :quit
 * Any other line is a chat message. Replies go where the speaker spoke; outbox messages are
 * delivered (printed) after every line, exactly as a platform adapter would send them.
 * Comments: a line starting with `#`, and anything after `  #` (two spaces, then #), are ignored,
 * so a README block with comments can be pasted as it is. After an unknown `:as` nobody speaks:
 * chat lines are refused until a known `:as`, never silently sent as the previous speaker.
 */
import type { AppDeps } from '../../app/deps.js';
import { sweep } from '../../app/sweep.js';
import { nextOpeningAfter } from '../../app/work-reports/open-periods.js';
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
import { findPerson } from '../../domain/org.js';
import { badNow, parseNow } from '../../config/parse-now.js';
import { TO_CONSOLE } from '../../texts/ops.js';
import { whoLines } from './who.js';
import { periodicJobs } from '../../infra/scheduler/jobs.js';
import { latestFiring } from '../../infra/scheduler/cron-periods.js';

/** A line without its comment (see the module comment). */
export function stripComment(raw: string): string {
  const line = raw.trim();
  if (line.startsWith('#')) return '';
  const at = raw.search(/\s{2,}#|\t#/);
  return (at >= 0 ? raw.slice(0, at) : raw).trim();
}

/** The farthest `:advance` moves the clock at once (issue 15 row 5: `999…9d` is Infinity, `100000000d` past year 275760). */
const MAX_ADVANCE_DAYS = 3660;
const MAX_ADVANCE_MS = MAX_ADVANCE_DAYS * 86_400_000;

export class ConsoleSession {
  private speaker: string | undefined;
  private where: Where = { kind: 'dm' };
  private spoken = false;
  /** Every line printed: the console's output rule shows any control character instead of sending it raw. */
  private readonly out: (line: string) => void;

  constructor(
    private readonly deps: AppDeps & { clock: VirtualClock },
    out: (line: string) => void,
    private readonly log?: Logger,
    /** Set when the session runs on the server's database: why `:advance` is refused there. */
    private readonly advanceRefusal?: string,
  ) {
    this.speaker = deps.org.people[0]!.id;
    this.out = (line) => out(visibleControls(line));
  }

  /** Handles one input line; returns false on `:quit`. */
  async line(raw: string): Promise<boolean> {
    // The one input layer (src/chat/input-hygiene.ts), as for every platform's text; then `#` comments go.
    const admitted = admitMessage(raw);
    if ('refusal' in admitted) {
      this.print(this.replyTarget(), { lines: [admitted.refusal] });
      return true;
    }
    const line = stripComment(admitted.text);
    if (!line) return true;
    if (line.startsWith(':')) return this.directive(line);
    if (this.speaker === undefined) {
      this.out(`:: ${TO_CONSOLE.noSpeaker}`);
      return true;
    }
    this.spoken = true;
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
        if (arg) this.setNow(arg);
        this.out(`:: ${formatLocal(clock.now(), this.deps.policy.timezone)}`);
        return true;
      case ':who':
        for (const l of whoLines(org)) this.out(l);
        return true;
      case ':as': {
        const p = findPerson(org, arg);
        if (!p) {
          this.speaker = undefined;
          this.out(`:: ${TO_CONSOLE.unknownSpeaker(arg)}`);
        } else this.speaker = p.id;
        return true;
      }
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
        if (this.advanceRefusal) this.out(`:: ${this.advanceRefusal}`);
        else if (ms === undefined) this.out(`:: 无效时长 ${arg},例如 30m、2h、1d (bad duration)`);
        else if (!Number.isFinite(ms) || ms > MAX_ADVANCE_MS) this.out(`:: ${TH.advanceTooFar(arg.slice(0, 40), MAX_ADVANCE_DAYS)}`);
        else await this.advance(clock.now() + ms);
        return true;
      }
      default:
        this.out(`:: 未知指令 ${cmd}:可用 :as :who :dm :in :thread :advance :now :quit`);
        return true;
    }
  }

  /** The prompt of an interactive session: who speaks where (`zheng@SCB>`, `lin#SCB20261201>`). */
  prompt(): string {
    const who = this.speaker ?? '?';
    if (this.where.kind === 'thread') return `${who}#${this.where.formNumber}> `;
    if (this.where.kind === 'dept') return `${who}@${this.where.dept}> `;
    return `${who}> `;
  }

  /** `:now <time>` sets the virtual clock, but only before the first message (a script's start). */
  private setNow(text: string): void {
    const t = parseNow(text, this.deps.policy.timezone);
    if (this.advanceRefusal) this.out(`:: ${this.advanceRefusal}`);
    else if (this.spoken) this.out(`:: ${TO_CONSOLE.nowAfterStart}`);
    else if (t === undefined) this.out(`:: ${badNow(text).split('\n')[0]}`);
    else this.deps.clock.set(t);
  }

  /** Moves the clock to `target`, sweeping at each due instant on the way, as the per-minute tick would. */
  private async advance(target: number): Promise<void> {
    const { clock, store } = this.deps;
    const from = clock.now();
    for (;;) {
      const due = await store.transaction((tx) => tx.duties.earliestAction());
      // 汇报制度: a report period opens at its minute too (open-periods.ts).
      const opening = nextOpeningAfter(this.deps, clock.now());
      const next = due === undefined ? opening : opening === undefined ? due : Math.min(due, opening);
      if (next === undefined || next > target) break;
      clock.set(Math.max(next, clock.now()));
      await sweep(this.deps, clock.now());
      await this.deliver();
    }
    clock.set(target);
    await sweep(this.deps, target);
    await this.runCrossedJobs(from, target);
    await this.deliver();
  }

  /**
   * The scheduled jobs whose time `:advance` crossed — the 09:00 digest, the 1st's monthly
   * assessment and 公示 — each run once for the latest firing in (from, target], as the server's
   * tick would (their outbox keys name the period, so a job is never sent twice).
   */
  private async runCrossedJobs(from: number, target: number): Promise<void> {
    for (const job of periodicJobs(this.deps)) {
      const at = latestFiring(job.cron, job.timezone, target, job.dayOk);
      if (at === undefined || at <= from) continue;
      await job.run(this.deps, at, job.period(at));
    }
  }

  private replyTarget(): Recipient {
    if (this.where.kind === 'dept') return { kind: 'dept', dept: this.where.dept };
    if (this.where.kind === 'thread') return { kind: 'thread', formId: 0, formNumber: this.where.formNumber };
    return { kind: 'person', person: this.speaker! };
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
