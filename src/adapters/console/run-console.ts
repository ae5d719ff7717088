/**
 * Runs a console session over a stream of lines (a TTY or a script on stdin) until EOF or `:quit`.
 * With a TTY it shows a prompt naming the speaker and the place (`zheng>`, `zheng@SCB>`,
 * `lin#SCB20261201>`); without one it only prints the bot's messages.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AppDeps } from '../../app/deps.js';
import type { Logger } from '../../chat/router.js';
import type { VirtualClock } from '../../infra/clock.js';
import { ConsoleSession } from './console-session.js';

export async function runConsole(
  deps: AppDeps & { clock: VirtualClock },
  input: Readable,
  output: Writable,
  opts: { interactive?: boolean; log?: Logger; advanceRefusal?: string } = {},
): Promise<void> {
  const session = new ConsoleSession(deps, (line) => output.write(`${line}\n`), opts.log, opts.advanceRefusal);
  const rl = createInterface({ input, terminal: false });
  if (opts.interactive) output.write(`输入「帮助」查看命令;:as <人员ID或姓名> 切换发言人,:who 查看人员,:quit 退出。\n${session.prompt()}`);
  for await (const line of rl) {
    const go = await session.line(line);
    if (!go) break;
    if (opts.interactive) output.write(session.prompt());
  }
  rl.close();
}
