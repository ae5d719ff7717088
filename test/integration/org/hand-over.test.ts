/**
 * Issue 12 §4 "Done when": a person leaves with two open duties and one open form; everything
 * moves to their department's leader with an audit row each, the new owner and HR are told once
 * (a repeated reload sends nothing more), and the monthly assessment still counts the departed
 * person's violations. 钱勇 (qian) is a welder in 金工车间 (JGCJ), led by 周海涛 (zhou);
 * 人力行政部 is led by 刘敏 (liu).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stringify, parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { handOverDirectoryChanges } from '../../../src/app/hand-over.js';
import { buildMonthlyAssessment } from '../../../src/app/reports/build-monthly-assessment.js';
import { parseOrgYaml } from '../../../src/config/org-file.js';
import { directoryHandovers } from '../../../src/domain/org-changes.js';
import { conversation, createTestApp, type TestApp } from '../../helpers/app.js';
import { objectContaining } from '../../helpers/matchers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The demo org changed by `edit` (on its parsed data), validated like a reload. */
function demoOrgWith(edit: (data: { departments: Record<string, unknown>[]; people: Record<string, unknown>[] }) => void) {
  const data = parse(readFileSync('data/org.example.yaml', 'utf8')) as { departments: Record<string, unknown>[]; people: Record<string, unknown>[] };
  edit(data);
  return parseOrgYaml(stringify(data), 'data/org.yaml');
}

describe('a person who leaves', () => {
  it('hands two open duties and one open form to the department leader, audits each, tells owner and HR once', async () => {
    const a = (app = await createTestApp('2026-11-03 09:00'));
    const c = conversation(a);
    expect(await c.say(':as zhou', '通知 @qian 下午两点到二号车间开安全会')).toContain('TZ1');
    expect(await c.say(':advance 31m')).toContain('已记违规'); // qian misses TZ1: a violation, the duty stays open
    expect(await c.say(':as zhou', '通知 @qian 明早八点交焊接记录')).toContain('TZ2');
    expect(await c.say(':as qian', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认')).toContain('已起草');
    const openOf = (p: string) => a.store.transaction((tx) => tx.duties.openForPerson(p));
    expect((await openOf('qian')).map((d) => d.subject.ref)).toEqual(['TZ1', 'TZ2']);
    const zhouBefore = (await openOf('zhou')).length;

    const previous = a.org;
    const next = demoOrgWith((d) => (d.people = d.people.filter((p) => p['id'] !== 'qian')));
    expect(directoryHandovers(previous, next)).toEqual([{ kind: 'left', person: 'qian', name: '钱勇', dept: 'JGCJ', newOwner: 'zhou' }]);
    a.org = next;
    const result = await handOverDirectoryChanges(a, previous, next);
    expect(result.map((r) => r.moved)).toEqual([3]);

    expect(await openOf('qian')).toEqual([]);
    expect((await openOf('zhou')).length).toBe(zhouBefore + 2);
    const form = (await a.store.transaction((tx) => tx.forms.list({ issuer: 'zhou' })))[0]!;
    expect(form).toMatchObject({ issuer: 'zhou', state: 'draft', subject: '二号锅炉图纸确认' });
    const audit = await a.store.transaction((tx) => tx.audit.list({}));
    const moves = audit.filter((e) => e.action.endsWith('.handed_over'));
    expect(moves.map((e) => [e.entity, e.actor, e.before, e.after])).toEqual([
      ['duty', 'system:directory', { person: 'qian' }, { person: 'zhou', reason: 'left' }],
      ['duty', 'system:directory', { person: 'qian' }, { person: 'zhou', reason: 'left' }],
      ['form', 'system:directory', { issuer: 'qian', implementers: [] }, { issuer: 'zhou', implementers: [], reason: 'left' }],
    ]);
    const history = await a.store.transaction((tx) => tx.formEvents.forForm(form.id));
    expect(history.at(-1)!.text).toBe('钱勇 已离职,承办人改由 周海涛 接手');

    // The messages: once to zhou, once to HR's leader, nothing to the departed.
    const out = await c.say(':advance 1m');
    expect(out).toContain('>> to zhou\n事项转交 / Work handed over to you\n钱勇 已离职,以下 3 项转由您负责:\n· 待办 TZ1 下午两点到二号车间开安全会\n· 待办 TZ2 明早八点交焊接记录\n· 联络单 #1 二号锅炉图纸确认(承办人)');
    expect(out).toContain('>> to liu\n人员变动交接 / Hand-over after a directory change\n钱勇 已离职,其 3 项未完成事项已转交 周海涛:');
    expect(out.match(/>> to zhou\n事项转交/g)).toHaveLength(1);
    expect(out).not.toContain('>> to qian');
    expect(await handOverDirectoryChanges(a, previous, next)).toEqual([{ handover: objectContaining({ person: 'qian' }), moved: 0 }]);
    expect(await c.say(':advance 1m')).not.toContain('事项转交');

    // zhou can now acknowledge what qian owed; the violation stays qian's and is counted.
    expect(await c.say(':as zhou', '收到 TZ2')).toContain('已确认收到 TZ2');
    const assessment = await buildMonthlyAssessment(a, '2026-11', a.clock.now());
    const row = assessment.people.find((p) => p.key === 'qian')!;
    expect(row.violations.tiers[0]).toBe(1);
    expect(assessment.violations.map((v) => v.person)).toContain('qian');
  });

  it('a leader removed from a department stops receiving its duties; a mover hands over to the new leader', async () => {
    const a = (app = await createTestApp('2026-11-03 09:00'));
    const previous = a.org;
    const next = demoOrgWith((d) => {
      const jgcj = d.departments.find((x) => x['code'] === 'JGCJ')!;
      jgcj['leaders'] = ['wu'];
      const he = d.people.find((p) => p['id'] === 'wu')!;
      he['department'] = 'JGCJ';
      const moved = d.people.find((p) => p['id'] === 'qian')!;
      moved['department'] = 'SCB';
    });
    const hs = directoryHandovers(previous, next);
    expect(hs).toContainEqual({ kind: 'moved', person: 'qian', name: '钱勇', dept: 'SCB', fromDept: 'JGCJ', newOwner: 'zhao' });
    expect(hs).toContainEqual({ kind: 'no_longer_leader', person: 'zhou', name: '周海涛', dept: 'JGCJ', newOwner: 'wu' });
  });

  it('a department may not be left without a leader', () => {
    expect(() => demoOrgWith((d) => (d.departments.find((x) => x['code'] === 'JGCJ')!['leaders'] = []))).toThrow('departments[3] (JGCJ): leaders: 至少需要一位部门负责人');
  });
});
