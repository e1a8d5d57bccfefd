// The dashboard on a workspace whose every number was worked out by hand
// (src/analytics/kpi/tests.rs, written out as tests/e2e/fixtures/known-kpis.salesdeck.json):
// tiles, changes in words, definitions, the view kept in the address, the review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { screenshot, watchContext } from './support/browser.mjs';

serveApp();

const FIXTURE = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');

/** A page on Nov 22, 2026 (the fixture's today) with the known workspace imported. */
async function knownWorkspace() {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(new Date('2026-11-22T12:00:00Z'));
  const problems = await watchContext(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(root.url + '/data');
  await page.getByLabel('Snapshot file').setInputFiles(FIXTURE);
  await page.getByRole('table', { name: 'Import preview' }).waitFor();
  await page.getByLabel(/^Replace this workspace/).check();
  await page.getByRole('button', { name: 'Import snapshot' }).click();
  await page.getByText(/^Imported /).waitFor();
  return { context, page, problems };
}

function tile(page, label) {
  return page.getByRole('listitem', { name: label, exact: true });
}

async function value(page, label) {
  return (await tile(page, label).locator('.kpi-value').textContent()).trim();
}

test('tiles show the hand-computed numbers, the change in words, and their definitions', async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByText('Q4 2026 · Everyone').waitFor();
  const want = {
    'Won': '$36,000',
    'Open pipeline': '$30,000',
    'Quota attainment': '60%',
    'Win rate': '80%',
    'Average deal size': '$12,000',
    'Sales cycle (median)': '35 days',
    'Sales cycle (mean)': '50 days',
    'Lead-to-opportunity conversion': '50%',
    'Opportunity-to-win rate': '66.7%',
    'Pipeline velocity': '$768/day',
    'Pipeline coverage': '1.3×',
    'Churn rate': '50%',
    'Customer acquisition cost': '$15,000',
    'Customer lifetime value': '$2,418',
  };
  for (const [label, v] of Object.entries(want)) {
    assert.equal(await value(page, label), v, label);
  }
  const winRate = tile(page, 'Win rate');
  assert.match(await winRate.textContent(), /▲ Up 30 points vs Q3 2026 \(better\)/);
  assert.match(await winRate.textContent(), /4 won of 5 closed/);
  assert.match(await tile(page, 'Sales cycle (mean)').textContent(), /▲ Up 6 days vs Q3 2026 \(worse\)/);
  assert.match(await tile(page, 'Lead-to-opportunity conversion').textContent(), /No change vs Q3 2026/);
  assert.match(await tile(page, 'Won').textContent(), /1 amount is in COP left out: no rate for COP/);
  await page.getByRole('note').filter({ hasText: 'No rate for COP' }).getByRole('link', { name: 'Set a rate' }).waitFor();

  // The info button opens the definition, which links to the help page.
  await winRate.getByRole('button', { name: 'About Win rate' }).click();
  const def = page.getByRole('region', { name: 'Win rate: definition' });
  await def.getByText('Won ÷ (won + lost), over the deals closed in the period.').waitFor();
  assert.equal(await winRate.getByRole('button', { name: 'About Win rate' }).getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'dashboard-known');
  await def.getByRole('link', { name: 'All definitions' }).click();
  await page.getByRole('heading', { level: 1, name: 'Definitions' }).waitFor();
  await page.getByRole('region', { name: 'Win rate' }).getByText('Deals in a won or lost stage whose close date is in the period.').waitFor();

  // A quarter with nothing closed says why, instead of showing 0.
  await page.goto(root.url + '/dashboard?period=2026-01-01..2026-03-31&people=everyone');
  await tile(page, 'Win rate').getByText('no deals closed in this period').waitFor();
  assert.equal(await value(page, 'Win rate'), '—');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the period and scope live in the address: reload and the back button keep them', async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
  await page.getByText('Q4 2026 · Everyone').waitFor();
  await page.getByLabel('Period', { exact: true }).selectOption('last-quarter');
  await page.getByText('Q3 2026 · Everyone').waitFor();
  assert.match(page.url(), /period=last-quarter/);
  assert.equal(await value(page, 'Won'), '$8,000');
  await page.getByLabel('People').selectOption({ label: 'Ana' });
  await page.getByText('Q3 2026 · Ana').waitFor();
  await page.reload();
  await page.getByText('Q3 2026 · Ana').waitFor();
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'last-quarter');
  await page.goBack();
  await page.getByText('Q3 2026 · Everyone').waitFor();
  await page.goBack();
  await page.getByText('Q4 2026 · Everyone').waitFor();
  assert.equal(await value(page, 'Won'), '$36,000');
  await page.getByLabel('People').selectOption({ label: 'Ana' });
  await page.getByText('Q4 2026 · Ana').waitFor();
  assert.equal(await value(page, 'Won'), '$30,000');
  assert.equal(await value(page, 'Quota attainment'), '75%');
  // A custom range.
  await page.getByLabel('Period', { exact: true }).selectOption('custom');
  const range = page.getByRole('group', { name: 'Custom range' });
  await range.getByLabel('From').fill('2026-10-01');
  await range.getByLabel('To').fill('2026-10-31');
  await range.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('Oct 1, 2026 – Oct 31, 2026 · Ana').waitFor();
  assert.equal(await value(page, 'Won'), '$30,000');
  assert.deepEqual(problems, []);
  await context.close();
});

test('what changed: the waterfall from a week ago to today balances', async () => {
  const { context, page, problems } = await knownWorkspace();
  await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
  await page.getByRole('link', { name: 'What changed' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'What changed' }).waitFor();
  await page.getByLabel('Since').fill('2026-10-15');
  await page.getByLabel('Since').dispatchEvent('change');
  await page.getByText(/^Since Oct 15, 2026/).waitFor();
  const waterfall = page.getByRole('region', { name: 'How the open pipeline changed' });
  await waterfall.getByRole('button', { name: 'Show as table' }).click();
  const rows = waterfall.getByRole('table').getByRole('row');
  const amounts = [];
  for (const r of await rows.all()) {
    const cells = await r.getByRole('cell').allTextContents();
    if (cells.length) amounts.push(Number(cells[0].replace(/[^0-9−+-]/g, '').replace('−', '-')));
  }
  assert.equal(amounts.length, 9, amounts.join(' '));
  const [open, ...rest] = amounts;
  const close = rest.pop();
  assert.equal(open + rest.reduce((a, b) => a + b, 0), close, `waterfall ${amounts.join(' ')}`);
  await page.getByText(/to the cent/).waitFor();
  // Won since Oct 15: W1 was won Oct 11, so W2, W3 and C1 (in COP, no rate).
  const changes = page.getByRole('region', { name: 'Changes' });
  assert.match(await changes.getByRole('row', { name: /^Won/ }).textContent(), /^Won\s*3/);
  await changes.getByRole('button', { name: /Show the won deals/ }).click();
  const list = page.getByRole('region', { name: /Won: 3 deals/ });
  await list.waitFor();
  assert.equal(await list.getByRole('row').count(), 4);
  await screenshot(page, 'review-known');
  assert.deepEqual(problems, []);
  await context.close();
});

test('charts are drawn, show the same numbers as tables, and open the deals behind a bar', async () => {
  const { context, page, problems } = await knownWorkspace();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  assert.equal(requests.filter((u) => u.includes('echarts')).length, 0, 'the Deals page loads no ECharts');
  await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
  const bookings = page.getByRole('region', { name: 'Bookings by month against quota' });
  await bookings.locator('canvas').first().waitFor();
  assert.ok(requests.some((u) => u.includes('echarts')), 'the dashboard loads ECharts');
  // The canvas has ink.
  await page.waitForFunction(() => {
    const c = document.querySelector('.chart-canvas canvas');
    if (!c || !c.width) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) inked++;
    return inked > 200;
  });
  // The same numbers as a table: October $30,000, November $6,000 (+ the COP deal).
  await bookings.getByRole('button', { name: 'Show as table' }).click();
  const table = bookings.getByRole('table');
  assert.match(await table.getByRole('row', { name: /October 2026/ }).textContent(), /\$30,000/);
  assert.match(await table.getByRole('row', { name: /November 2026/ }).textContent(), /\$6,000/);
  await screenshot(page, 'dashboard-charts');
  // A row (a bar) opens exactly the deals behind it, and the back button closes them.
  await table.getByRole('button', { name: /October 2026/ }).click();
  const drill = page.getByRole('region', { name: /Bookings by month against quota: 2 deals/ });
  await drill.waitFor();
  const names = (await drill.getByRole('link').allTextContents()).sort();
  assert.deepEqual(names, ['Always: annual plan', 'New Co: first order']);
  assert.match(page.url(), /drill=month:2026-10-01/);
  await drill.getByRole('button', { name: 'Export CSV' }).waitFor();
  await page.goBack();
  await drill.waitFor({ state: 'detached' });
  // The funnel's table has the stage conversion.
  const funnel = page.getByRole('region', { name: 'How deals move through the stages' });
  await funnel.getByRole('button', { name: 'Show as table' }).click();
  assert.match(await funnel.getByRole('row', { name: /Prospecting/ }).textContent(), /6/);
  assert.deepEqual(problems, []);
  await context.close();
});
