// Planning on the hand-computed workspace (tests/e2e/fixtures/known-kpis.salesdeck.json:
// Q4 2026, today Nov 22, 2026, $36,000 won in Q4 by everyone; reps Ana and Bo report to
// Mia): a 3 × 4 block of quotas pasted from a spreadsheet and seen on the dashboard and
// My day; a one-on-one with an action item due tomorrow on My day, ticked done; a
// manager's scorecards listing exactly their reports. Screenshots of the quota grid and
// a scorecard with the medium demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { createDemo, screenshot } from './support/browser.mjs';

serveApp();

const FIXTURE = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');
const ANA = '076aa848-f4df-4a17-a0b8-72291aca5eb0';

async function knownWorkspace() {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(new Date('2026-11-22T12:00:00Z'));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(root.url + '/data');
  await page.getByLabel('Snapshot file').setInputFiles(FIXTURE);
  await page.getByRole('table', { name: 'Import preview' }).waitFor();
  await page.getByLabel(/^Replace this workspace/).check();
  await page.getByRole('button', { name: 'Import snapshot' }).click();
  await page.getByText(/^Imported /).waitFor();
  return { context, page, problems };
}

test('a 3 × 4 block pasted from a spreadsheet sets the quotas; attainment follows on the dashboard and My day', async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + '/team/quotas');
  await page.getByRole('heading', { level: 1, name: 'Quotas' }).waitFor();
  await page.getByLabel('Periods').selectOption('quarters');
  await page.getByRole('textbox', { name: 'Ana, Q4 2026' }).waitFor();
  // As a spreadsheet copies it: tabs between cells, a header row and a name column.
  const block = [
    '\tQ1 2026\tQ2 2026\tQ3 2026\tQ4 2026',
    'Company\t$40,000\t$42,000\t$44,000\t$48,000',
    'Ana\t20000\t21000\t22000\t24000',
    'Bo\t15000\t15000\t16000\t18000',
  ].join('\n');
  // Pasted straight into a grid cell.
  await page.getByRole('textbox', { name: 'Bo, Q1 2026' }).focus();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, block);
  await page.getByText('Pasted 12 quotas').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Company, Q4 2026' }).inputValue(), '$48,000');
  assert.equal(await page.getByRole('textbox', { name: 'Ana, Q2 2026' }).inputValue(), '$21,000');
  assert.equal(await page.getByRole('textbox', { name: 'Bo, Q3 2026' }).inputValue(), '$16,000');

  // A bad block changes nothing and says which cell is wrong.
  await page.getByLabel('Block to paste').fill('Ana\tQ4 2026\nBo\tlots');
  await page.getByRole('button', { name: 'Paste into the grid' }).click();
  await page.getByRole('alert', { name: 'Paste problems' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Bo, Q4 2026' }).inputValue(), '$18,000');

  // $36,000 won of the company's $48,000.
  await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
  await page.getByText('Q4 2026 · Everyone').waitFor();
  const tile = page.getByRole('listitem', { name: 'Quota attainment', exact: true });
  assert.equal((await tile.locator('.kpi-value').textContent()).trim(), '75%');

  await page.goto(root.url + '/my-day');
  await page.getByText('The company is at 75% of its Q4 2026 quota, $12,000 to go, 40 days left.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a one-on-one action item due tomorrow is on My day until ticked done', async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + `/team/${ANA}`);
  await page.getByRole('heading', { level: 1, name: 'Scorecard: Ana' }).waitFor();
  await page.getByLabel('Day of the one-on-one').fill('2026-11-22');
  await page.getByLabel('What was discussed').fill('Pipeline review; Acme stuck in Proposal.');
  await page.getByLabel('Action item 1', { exact: true }).fill('Send Acme the revised proposal');
  await page.getByLabel('Due date of item 1').fill('2026-11-23');
  await page.getByRole('button', { name: 'Save one-on-one' }).click();
  await page.getByText('Saved the one-on-one').waitFor();
  await page.getByRole('region', { name: 'One-on-ones' }).getByText('Send Acme the revised proposal').waitFor();

  await page.goto(root.url + '/my-day');
  const items = page.getByRole('region', { name: 'Action items' });
  const item = items.getByRole('listitem').filter({ hasText: 'Send Acme the revised proposal' });
  await item.waitFor();
  assert.match(await item.textContent(), /Due tomorrow/);
  // Ticking it saves and takes it off the list at once (so click, not check()).
  await item.getByRole('checkbox').click();
  await page.getByText('Action item done').waitFor();
  await items.getByText('No open action items').waitFor();

  // Kept in the rep's history, done on time.
  await page.goto(root.url + `/team/${ANA}`);
  await page.getByRole('region', { name: 'One-on-ones' }).getByText(/1 done \(1 on time\)/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("a manager's scorecards list exactly their reports", async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + '/team/scorecards');
  await page.getByRole('heading', { level: 1, name: 'Scorecards' }).waitFor();
  await page.getByLabel('Whose scorecards').selectOption({ label: 'Mia’s team' });
  const table = page.getByRole('table', { name: 'Scorecards side by side' });
  await table.waitFor();
  const names = await table.locator('tbody th').allTextContents();
  assert.deepEqual(names.map((n) => n.trim()).sort(), ['Ana', 'Bo']);
  await table.getByRole('link', { name: 'Bo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Scorecard: Bo' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots: the quota grid and a scorecard of the medium demo', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await createDemo(page, root.url, 'medium');
  await page.goto(root.url + '/team/quotas');
  await page.getByRole('table', { name: 'Quota grid' }).waitFor();
  await screenshot(page, 'planning-quota-grid');
  await page.getByLabel('Periods').selectOption('quarters');
  await page.getByRole('table', { name: 'Quota grid' }).waitFor();
  await screenshot(page, 'planning-quota-grid-quarters');
  await page.goto(root.url + '/team/scorecards');
  const table = page.getByRole('table', { name: 'Scorecards side by side' });
  await table.waitFor();
  await screenshot(page, 'planning-scorecards');
  await table.getByRole('link').first().click();
  await page.getByRole('region', { name: 'One-on-ones' }).waitFor();
  await page.waitForTimeout(1500);
  await screenshot(page, 'planning-scorecard');
  await context.close();
});
