/**
 * Issue 11 "Browser tests": Playwright (playwright-core) drives Debian's Chromium against the real
 * dashboard server. Logs in by link as HR (liu), a department leader (zhao), a staff member
 * (zheng), 总经办 (wang) and an outsider, and checks what each sees and does not see; HR waives a
 * violation and sees the assessment change; a form is printed to PDF and its text checked;
 * every page is screenshot into test-output/dashboard/. Without Chromium the file is skipped
 * with one line saying so (`.ci/run` installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ANON_SENDER, ANON_TEXT, dashboardFixture, REPORT_TEXT, type DashboardFixture } from './fixture.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Chromium not found at ${CHROMIUM}: dashboard browser tests skipped (apt-get install chromium)`);

const OUT = join('test-output', 'dashboard');
const PAGES = ['/', '/overdue', '/forms', '/forms/SCB20261101', '/notices', '/violations', '/assessment?month=2026-11', '/feedback', '/stats?month=2026-11', '/calendar'];

let f: DashboardFixture;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  mkdirSync(OUT, { recursive: true });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  f = await dashboardFixture();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await f?.close();
});

/** A new browser context signed in as `person` through a one-time link. */
async function signIn(person: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(await f.link(person));
  return page;
}

/** Visits every page, screenshots it, and returns its visible text by path. */
async function tour(page: Page, who: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const path of PAGES) {
    await page.goto(`${f.base}${path}`);
    const name = `${who}-${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'todo'}.png`;
    await page.screenshot({ path: join(OUT, name), fullPage: true });
    texts.set(path, await page.locator('body').innerText());
  }
  return texts;
}

const allText = (t: Map<string, string>) => [...t.values()].join('\n');

describe.skipIf(!available)('dashboard in a real browser', () => {
  it('HR sees the 举报, the violations with waive buttons and the assessment; never the anonymous sender', async () => {
    const page = await signIn('liu');
    const t = await tour(page, 'hr');
    expect(t.get('/feedback')).toContain(REPORT_TEXT);
    expect(t.get('/feedback')).toContain(ANON_TEXT);
    expect(t.get('/violations')).toContain('WG1');
    expect(t.get('/violations')).toContain('赵强');
    expect(t.get('/assessment?month=2026-11')).toContain('月度考评 2026-11');
    expect(await page.locator('figure.chart svg').count()).toBe(0); // last page was the calendar
    await page.goto(`${f.base}/assessment?month=2026-11`);
    expect(await page.locator('figure.chart svg').count()).toBe(2);
    await page.screenshot({ path: join(OUT, 'readme-assessment.png') }); // the README's picture (docs/dashboard.png)
    for (const text of [t.get('/feedback')!, allText(t)]) {
      expect(text).not.toContain(ANON_SENDER.name);
    }
    await page.context().close();
  });

  it('HR waives a violation with a reason and the assessment changes', async () => {
    const page = await signIn('liu');
    await page.goto(`${f.base}/assessment?month=2026-11`);
    const fines = (text: string) => Number(/罚款合计\s*(\d+)\s*元/.exec(text)?.[1]);
    const before = fines(await page.locator('main').innerText());
    expect(before).toBeGreaterThan(20);
    await page.goto(`${f.base}/violations?month=2026-11`);
    const row = page.locator('tr', { hasText: 'WG1' }); // 赵强's missed notice TZ1, 20 元
    await row.getByLabel('理由 Reason').fill('系统故障,通知未送达');
    await row.getByRole('button', { name: '豁免 Waive' }).click();
    await page.waitForURL(/done=1/);
    expect(await page.locator('main').innerText()).toContain('已豁免:系统故障,通知未送达');
    await page.screenshot({ path: join(OUT, 'hr-violations-waived.png'), fullPage: true });
    await page.goto(`${f.base}/assessment?month=2026-11`);
    const after = await page.locator('main').innerText();
    expect(fines(after)).toBe(before - 20);
    expect(after).toMatch(/已豁免\s*1\s*次/);
    await page.context().close();
  });

  it('the feedback group triages an item through the page, with the chat use case', async () => {
    const page = await signIn('liu');
    await page.goto(`${f.base}/feedback`);
    await page.getByLabel(/处理反馈/).fill('受理 FK20261103-002');
    await page.getByRole('button', { name: '执行 Run' }).click();
    const status = await page.getByRole('status').innerText();
    expect(status).toContain('FK20261103-002');
    expect(status).not.toContain(ANON_SENDER.name);
    await page.screenshot({ path: join(OUT, 'hr-feedback-triaged.png'), fullPage: true });
    const item = await f.app.store.transaction((tx) => tx.feedback.byNumber('FK20261103-002'));
    expect(item?.state).toBe('triaged');
    expect(item?.owner).toBe('liu');
    await page.context().close();
  });

  it('a department leader sees his scope but not the 举报, and no assessment', async () => {
    const page = await signIn('zhao');
    const t = await tour(page, 'leader');
    expect(t.get('/overdue')).toContain('生产部');
    expect(t.get('/forms')).toContain('SCB20261101');
    expect(t.get('/assessment?month=2026-11')).toContain('只对人力行政部和总经办开放');
    expect(allText(t)).not.toContain(REPORT_TEXT);
    expect(allText(t)).not.toContain(ANON_SENDER.name);
    expect(t.get('/violations')).toContain('WG1'); // his own
    await page.context().close();
  });

  it('a staff member sees their own things only, on a phone-sized screen', async () => {
    const page = await signIn('zheng', { width: 390, height: 844 });
    const t = await tour(page, 'staff');
    expect(t.get('/forms')).toContain('SCB20261101'); // the issuer
    expect(t.get('/violations')).not.toContain('WG1');
    expect(t.get('/violations')).toContain('我本人');
    expect(t.get('/assessment?month=2026-11')).toContain('只对人力行政部和总经办开放');
    expect(t.get('/feedback')).toContain(REPORT_TEXT); // the submitter sees their own 举报
    expect(allText(t)).not.toContain(ANON_SENDER.name);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390 + 1);
    await page.context().close();
  });

  it('总经办 sees the company; an outsider sees nothing at all', async () => {
    const gm = await signIn('wang');
    const t = await tour(gm, 'gm');
    expect(t.get('/overdue')).toContain('全公司');
    expect(t.get('/feedback')).toContain(REPORT_TEXT);
    expect(allText(t)).not.toContain(ANON_SENDER.name);
    await gm.context().close();

    const outsider = await signIn('ghost-not-in-org');
    const o = await tour(outsider, 'outsider');
    for (const [path, text] of o) {
      expect(text, path).toMatch(/无权访问|请先登录/);
      expect(text, path).not.toContain('SCB20261101');
      expect(text, path).not.toContain('WG1');
      expect(text, path).not.toContain(REPORT_TEXT);
    }
    await outsider.context().close();
  });

  it('prints a 工作联络单 to an A4 PDF in the seed layout, with the history on a second page', async () => {
    const page = await signIn('zheng');
    await page.goto(`${f.base}/forms/SCB20261101`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const file = join(OUT, 'form-SCB20261101.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const label of ['工作联络单', '编号', 'SCB20261101', '发函部门', '生产部', '接收部门', '技术部', '性质', '要求协助', '时间', '地点', '二号车间', '人物', '事件', '锅炉本体图纸与现场不符', '要求完成结果', '审批', '赵强', '签收', '完成结果', '结案', '往来记录']) {
      expect(text, label).toContain(label);
    }
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).not.toContain('往来记录');
    expect(pages.slice(1).join('\n')).toContain('往来记录');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(OUT, 'form-SCB20261101-page')]);
    await page.context().close();
  });
});
