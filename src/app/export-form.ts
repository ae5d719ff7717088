/**
 * 导出 <编号>: the whole form with its history as an XLSX both departments can keep (一式两份,
 * SPEC §3 "Copies"). Access is exactly 查看's (`canView`): anyone else hears the number was not
 * found. The file goes with the reply as an attachment.
 */
import { formExportSheets } from '../domain/form/form-export.js';
import { canView } from '../domain/form/form-roles.js';
import { formLabel } from '../domain/form/form-views.js';
import type { PersonId } from '../domain/org.js';
import { T } from '../texts/zh.js';
import type { AppDeps, Reply } from './deps.js';
import { parseFormRef } from './form-lookup.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportForm(deps: AppDeps, actor: PersonId, ref: string): Promise<Reply> {
  const { org, policy } = deps;
  const found = await deps.store.transaction(async (tx) => {
    const parsed = parseFormRef(ref);
    const form = !parsed ? undefined : 'id' in parsed ? await tx.forms.byId(parsed.id) : await tx.forms.byNumber(parsed.number);
    if (!form || !canView(org, form, actor)) return undefined;
    return { form, events: await tx.formEvents.forForm(form.id) };
  });
  if (!found) return { refused: true, lines: [T.unknownForm(ref)] };
  if (!deps.spreadsheets) return { refused: true, lines: [T.exportUnavailable] };
  const { form, events } = found;
  const label = formLabel(form);
  const now = deps.clock.now();
  const bytes = await deps.spreadsheets.xlsx(formExportSheets(form, events, org, policy.timezone), { title: `工作联络单 ${label}`, company: org.company, at: now });
  const name = `工作联络单-${form.number ?? `草稿${form.id}`}.xlsx`;
  return {
    title: `导出 工作联络单 ${label}`,
    lines: [T.exported(name, events.length)],
    attachment: { name, mime: XLSX_MIME, base64: Buffer.from(bytes).toString('base64') },
    about: form.number ? { kind: 'form', ref: form.number, id: form.id } : { kind: 'draft', ref: `#${form.id}`, id: form.id },
  };
}
