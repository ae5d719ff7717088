/**
 * The platform-neutral bot: parse the message, resolve the form or people it names, call the use
 * case, and answer with a `Reply`. Every path answers something (or, for chatter in a group chat,
 * deliberately nothing); an unexpected error is logged and answered with a short apology, and the
 * use case's transaction has already rolled back.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { acknowledge } from '../app/acknowledge.js';
import { actOnForm } from '../app/act-on-form.js';
import { currentDialogue, endDialogue } from '../app/dialogue-state.js';
import { draftForm } from '../app/draft-form.js';
import { parseFormRef } from '../app/form-lookup.js';
import { logMissedCall, sendNotice } from '../app/send-notice.js';
import { todo } from '../app/todo.js';
import { dashboardLink } from '../app/dashboard/dashboard-link.js';
import { exportForm } from '../app/export-form.js';
import { endDeputy, listDeputies, setDeputy } from '../app/deputy.js';
import { viewThread } from '../app/view-thread.js';
import { exportViolations, listViolations, waive } from '../app/violations.js';
import { showMonthlyAssessment } from '../app/reports/show-monthly-assessment.js';
import { publishCommendations, showCommendations } from '../app/reports/commendations.js';
import type { FormAction } from '../domain/form/decide-form.js';
import type { FormInput } from '../domain/form/form-input.js';
import { findPerson, resolveDept, type PersonId } from '../domain/org.js';
import { T } from '../texts/zh.js';
import { HELP_LINES, USAGE } from '../texts/usage.js';
import { TD } from '../texts/dialogue.js';
import type { Command } from './command.js';
import { toFormChanges } from './form-fields.js';
import { continueFormDialogue, FORM_DIALOGUE, startFormDialogue } from './form-dialogue.js';
import type { InboundEvent } from './inbound.js';
import { parseCommand, parseOptionsOf } from './parse-command.js';
import { resolveFormRef } from './resolve-form.js';
import { mentionedPeople } from './group-mentions.js';
import { guardFeedback, isFeedbackIntakeOrItem, leavesDialogue } from './feedback-guard.js';
import { feedbackDialogueTurn, LEFT_DIALOGUE } from './feedback-dialogue.js';
import { handleFeedback } from './feedback-router.js';
import { isFeedbackRef } from '../app/feedback/feedback-lookup.js';
import { viewFeedback } from '../app/feedback/view-feedback.js';
import { isTaskRef } from '../domain/task/task.js';
import { viewTask } from '../app/tasks/view-task.js';
import { routeTask } from './task-router.js';
import { listReports, submitReport } from '../app/work-reports/submit-report.js';

export type Logger = { error: (obj: object, msg: string) => void };

const bad = (message: string): Reply => ({ refused: true, lines: [message] });

/**
 * Answers one event. An unexpected error is logged (without sender or text) and answered with a
 * short apology — unless `opts.rethrow`: the inbox worker then retries the event and, in the end,
 * parks it (src/infra/inbox/inbox-worker.ts).
 */
export async function handleInbound(deps: AppDeps, ev: InboundEvent, log?: Logger, opts: { rethrow?: boolean } = {}): Promise<Reply | null> {
  try {
    const cmd = parseCommand(ev.text, parseOptionsOf(deps.policy));
    let left = false;
    if (ev.where.kind === 'dm') {
      // A message that is itself a complete command leaves a guided dialogue (issue 18).
      const leave = leavesDialogue(cmd, ev.text);
      // The feedback dialogue first: it is kept under a pseudonym, and while it runs (or when the
      // message is feedback intake or about an FK item) nothing is looked up by the sender's id,
      // so not even a SQL log can tie an anonymous item to who was typing (feedback-dialogue.ts).
      const feedback = await guardFeedback(() => feedbackDialogueTurn(deps, ev, leave));
      if (feedback === LEFT_DIALOGUE) left = true;
      else if (feedback) return feedback;
      const dialogue = left || isFeedbackIntakeOrItem(cmd) ? undefined : await currentDialogue(deps, ev.sender);
      if (dialogue?.kind === FORM_DIALOGUE && leave) {
        await endDialogue(deps, ev.sender);
        left = true;
      } else if (dialogue?.kind === FORM_DIALOGUE) return await continueFormDialogue(deps, ev.sender, dialogue.data, ev.text);
    }
    const reply = await route(deps, ev, cmd);
    return left && reply ? { ...reply, lines: [TD.left, ...reply.lines] } : reply;
  } catch (err) {
    if (opts.rethrow) throw err;
    // No sender and no text: a failed anonymous submission must not tie a person to it in the logs.
    log?.error({ err, platform: ev.platform, where: ev.where.kind }, 'inbound message failed');
    return bad(T.internalError);
  }
}

async function route(deps: AppDeps, ev: InboundEvent, cmd: Command): Promise<Reply | null> {
  const actor = ev.sender;
  const thread = ev.where.kind === 'thread' ? ev.where.formNumber : undefined;
  const fieldCtx = { org: deps.org, now: deps.clock.now() };
  const people = (names: string[]): PersonId[] | Reply => {
    const ids: PersonId[] = [];
    for (const n of names) {
      const p = findPerson(deps.org, n);
      if (!p) return bad(T.unknownPerson(n));
      ids.push(p.id);
    }
    return ids;
  };
  const onForm = async (ref: string | undefined, action: FormAction, what: string): Promise<Reply> => {
    const r = await resolveFormRef(deps, actor, ref ?? thread, action.kind, what);
    return typeof r === 'string' ? actOnForm(deps, actor, r, action) : r;
  };

  switch (cmd.kind) {
    case 'invalid':
      return bad(cmd.message);
    case 'help':
      return { title: '帮助', lines: HELP_LINES };
    case 'dashboard':
      return dashboardLink(deps, actor, ev.where.kind === 'dm');
    case 'feedback':
      return guardFeedback(() => handleFeedback(deps, ev, cmd.cmd));
    case 'form_new': {
      // A submitted form (a Slack modal) brings its fields alongside the command.
      const f = { ...cmd.fields, ...ev.fields };
      const missing = [!f.receivingDept && '收文部门', !f.deadline && '期限', !f.subject && '主题'].filter(Boolean);
      if (Object.keys(f).length === 0) return ev.where.kind === 'dm' ? startFormDialogue(deps, actor) : bad(USAGE.formNew);
      if (missing.length === 3) return bad(USAGE.formNew);
      if (missing.length) return bad(USAGE.formNewMissing(missing.join('、')));
      const c = toFormChanges(f, deps.policy, fieldCtx);
      if ('message' in c) return bad(c.message);
      return draftForm(deps, actor, c as FormInput);
    }
    case 'approve':
      return decideWithFallback(deps, actor, cmd.ref ?? thread, 'approve', '', cmd.change);
    case 'reject':
      return decideWithFallback(deps, actor, cmd.ref ?? thread, 'reject', cmd.reason, cmd.change);
    case 'submit':
      return onForm(cmd.ref, { kind: 'submit' }, '提交');
    case 'ack':
      return acknowledge(deps, actor, cmd.ref ?? thread);
    case 'sign':
      return cmd.ref ?? thread ? acknowledge(deps, actor, cmd.ref ?? thread, { signing: true }) : onForm(undefined, { kind: 'sign' }, '签收');
    case 'dispute':
      return onForm(cmd.ref, { kind: 'dispute', reason: cmd.reason }, '有异议');
    case 'revise': {
      const c = toFormChanges(cmd.fields, deps.policy, fieldCtx);
      return 'message' in c ? bad(c.message) : onForm(cmd.ref, { kind: 'edit', changes: c }, '修改');
    }
    case 'assign': {
      const ids = people(cmd.mentions);
      return Array.isArray(ids) ? onForm(cmd.ref, { kind: 'assign', implementers: ids }, '指派') : ids;
    }
    case 'request_change': {
      const c = toFormChanges({ deadline: cmd.deadline }, deps.policy, fieldCtx);
      if ('message' in c) return bad(c.message);
      return onForm(cmd.ref, { kind: 'request_change', newDeadline: c.deadline!, reason: cmd.reason }, '申请延期');
    }
    case 'done':
      return onForm(cmd.ref, { kind: 'done', result: cmd.result }, '完成');
    case 'close':
      return onForm(cmd.ref, { kind: 'close', evaluation: cmd.evaluation }, '结案');
    case 'follow_up':
      return onForm(cmd.ref, { kind: 'follow_up', text: cmd.text }, '跟催');
    case 'escalate':
      return onForm(cmd.ref, { kind: 'escalate', reason: cmd.reason }, '上报');
    case 'withdraw':
      // Ending a form is never guessed: it needs the number, or the form's thread.
      return cmd.ref ?? thread ? onForm(cmd.ref, { kind: 'withdraw', reason: cmd.reason }, '撤回') : bad(USAGE.withdraw);
    case 'transfer': {
      const dept = resolveDept(deps.org, cmd.dept);
      return dept ? onForm(cmd.ref, { kind: 'transfer', dept: dept.code, reason: cmd.reason }, '转交') : bad(T.unknownDept(cmd.dept));
    }
    case 'notice':
    case 'email': {
      // 通知 may also name groups: @所有人, @SCB, @SCB+ (its tree) — one duty per person.
      const ids: PersonId[] = [];
      for (const m of cmd.mentions) {
        const found = mentionedPeople(deps.org, m);
        if (!found) return bad(T.unknownPersonOrGroup(m));
        ids.push(...found); // the sender, if in a group, is left out by sendNotice
      }
      const dept = ev.where.kind === 'dept' ? ev.where.dept : undefined;
      return sendNotice(deps, actor, { kind: cmd.kind, recipients: ids, text: cmd.text, dept });
    }
    case 'missed_call': {
      const ids = people(cmd.mentions);
      return Array.isArray(ids) ? logMissedCall(deps, actor, ids[0]!) : ids;
    }
    case 'todo':
      return todo(deps, actor);
    case 'show': {
      const ref: string = cmd.ref;
      if (isTaskRef(ref)) return viewTask(deps, actor, ref.toUpperCase());
      if (isFeedbackRef(cmd.ref)) return viewFeedback(deps, { person: actor, platform: ev.platform }, cmd.ref);
      return viewThread(deps, actor, cmd.ref);
    }
    case 'export':
      return exportForm(deps, actor, cmd.ref);
    case 'violations': {
      const ids = people(cmd.mentions);
      return Array.isArray(ids) ? listViolations(deps, actor, cmd.month, ids[0]) : ids;
    }
    case 'violations_export': {
      const ids = people(cmd.mentions);
      return Array.isArray(ids) ? (await exportViolations(deps, actor, cmd.month, ids[0])).reply : ids;
    }
    case 'waive':
      return waive(deps, actor, Number(cmd.id), cmd.reason);
    case 'task':
      return routeTask(deps, ev, cmd.cmd, people);
    case 'work_report':
      return cmd.list ? listReports(deps, actor, cmd.query) : submitReport(deps, actor, cmd.text);
    case 'deputy': {
      if (!cmd.deputy || !cmd.until) return listDeputies(deps);
      const ids = people([...(cmd.absent ? [cmd.absent] : []), cmd.deputy]);
      if (!Array.isArray(ids)) return ids;
      const [absent, deputy] = cmd.absent ? [ids[0]!, ids[1]!] : [actor, ids[0]!];
      return setDeputy(deps, actor, { absent, deputy, until: cmd.until, ...(cmd.reason ? { reason: cmd.reason } : {}) });
    }
    case 'deputy_end': {
      const ids = people(cmd.absent ? [cmd.absent] : []);
      return Array.isArray(ids) ? endDeputy(deps, actor, ids[0] ?? actor) : ids;
    }
    case 'assessment':
      return showMonthlyAssessment(deps, actor, cmd.month);
    case 'commendations':
      return showCommendations(deps, actor, cmd.month);
    case 'commend_publish':
      return publishCommendations(deps, actor, cmd.month);
    case 'text':
      if (thread) return actOnForm(deps, actor, thread, { kind: 'comment', text: cmd.text });
      if (ev.where.kind === 'dept') return null;
      return bad(USAGE.unknown(cmd.text));
  }
}

/** 同意 / 驳回 answer a draft or a change request; bare, they pick the only one waiting. */
/**
 * 同意 / 驳回: a draft's approval, or the answer to a change request — whichever the form is
 * waiting for. 同意延期 / 驳回延期 (`changeOnly`) answer a change request and nothing else.
 */
async function decideWithFallback(
  deps: AppDeps,
  actor: PersonId,
  ref: string | undefined,
  kind: 'approve' | 'reject',
  reason: string,
  changeOnly?: true,
): Promise<Reply> {
  const word = changeOnly ? (kind === 'approve' ? '同意延期' : '驳回延期') : kind === 'approve' ? '同意' : '驳回';
  const r = await resolveFormRef(deps, actor, ref, changeOnly ? (kind === 'approve' ? 'accept_change' : 'decline_change') : kind, word);
  if (typeof r !== 'string') return r;
  const p = parseFormRef(r);
  const form = await deps.store.transaction((tx) => (!p ? Promise.resolve(undefined) : 'id' in p ? tx.forms.byId(p.id) : tx.forms.byNumber(p.number)));
  const change = changeOnly || (form?.changeRequest !== undefined && form.state !== 'draft');
  const action: FormAction =
    kind === 'approve' ? { kind: change ? 'accept_change' : 'approve' } : change ? { kind: 'decline_change', reason } : { kind: 'reject', reason };
  return actOnForm(deps, actor, r, action);
}
