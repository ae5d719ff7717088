/** Issue 18 item 1: a form disputed on time and never signed is not "signed on time". */
import { afterEach, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../../src/app/reports/build-monthly-assessment.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { conversation, createTestApp, TZ, type TestApp } from '../../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('counts a disputed, never signed form as disputed and unsigned, not as signed on time', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as zheng', '新建联络单 JSB 2026-12-04 要求协助 二号锅炉图纸确认', ':as zhao', '同意');
  expect(await c.say(':as lin', '有异议 SCB20261201 期限太紧')).toContain('异议');
  const report = await buildMonthlyAssessment(app, '2026-12', localInstant('2026-12-31 18:00', TZ));
  const jsb = report.departments.find((d) => d.key === 'JSB')!;
  expect(jsb.forms).toMatchObject({ received: 1, signedOnTime: 0, signedLate: 0, unsigned: 1, disputed: 1 });
  expect(report.totals.forms).toMatchObject({ signedOnTime: 0, unsigned: 1, disputed: 1 });
  const lin = report.people.find((p) => p.key === 'lin')!;
  expect(lin.forms.signedOnTime).toBe(0);
});
