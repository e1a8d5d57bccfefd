// The forecast page on an imported history (the hand-computed workspace's snapshot):
// the backtest table has a row per method and the recommended number is named; a
// rep's call and a manager's adjustment are both shown after a reload; changing a
// deal's forecast category inline moves it between the roll-ups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { screenshot } from './support/browser.mjs';

serveApp();

const FIXTURE = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');
const URL = '/forecast?period=this-quarter&people=everyone';

async function imported() {
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

function fact(page, term) {
  return page.locator('dl.fc-facts dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

test('backtest table, recommended number, calls kept across a reload, inline category', async () => {
  const { context, page, problems } = await imported();
  await page.goto(root.url + URL);
  await page.getByRole('heading', { level: 1, name: 'Forecast' }).waitFor();
  const table = page.getByRole('table', { name: 'Backtest accuracy per method' });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  assert.equal(await rows.count(), 5);
  for (const m of ['Commit', 'Best case', 'Weighted pipeline', 'Historical model', 'Trend']) {
    await table.getByRole('rowheader', { name: new RegExp(`^${m}`) }).waitFor();
  }
  await page.getByRole('heading', { name: 'Recommended number' }).waitFor();
  const rec = page.locator('.fc-big');
  const named = await table.getByRole('rowheader', { name: /\(recommended\)$/ }).count();
  if (named === 1) {
    assert.match(await rec.textContent(), /^\$[\d,]+$/);
    await page.getByText(/the most accurate method here: WMAPE \d+%/).waitFor();
  } else {
    await page.getByText(/^No recommended number yet/).waitFor();
  }

  // A rep's call, then a manager's adjustment.
  const reps = await page.getByLabel('Rep', { exact: true }).locator('option').allTextContents();
  const rep = reps[1];
  const manager = reps[2];
  await page.getByLabel('Rep', { exact: true }).selectOption({ label: rep });
  await page.getByLabel('Amount', { exact: true }).fill('ten');
  await page.getByRole('button', { name: 'Submit call' }).click();
  await page.getByRole('alert').filter({ hasText: /^Amount:/ }).waitFor();
  await page.getByLabel('Amount', { exact: true }).fill('12,000');
  await page.getByLabel('Note', { exact: true }).fill('two deals at risk');
  await page.getByRole('button', { name: 'Submit call' }).click();
  await page.getByText('Call saved').waitFor();
  await page.getByLabel('Rep', { exact: true }).selectOption({ label: rep });
  await page.getByLabel('Adjusted by (manager)').selectOption({ label: manager });
  await page.getByLabel('Amount', { exact: true }).fill('9,500');
  await page.getByLabel('Note', { exact: true }).fill('haircut on the big one');
  await page.getByRole('button', { name: 'Submit call' }).click();
  await page.getByText('Call saved').first().waitFor();
  await page.reload();
  const calls = page.getByRole('table', { name: 'Calls for the period' });
  const row = calls.getByRole('row').filter({ has: page.getByRole('rowheader', { name: rep }) });
  await row.getByText('$12,000 on 22 Nov 2026 — two deals at risk').waitFor();
  await row.getByText(`$9,500 on 22 Nov 2026 — haircut on the big one (by ${manager})`).waitFor();

  // Inline category change: Commit grows by the deal's amount.
  const must = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Historical chance' }) });
  const picks = must.getByRole('combobox', { name: /^Forecast category of / });
  if ((await picks.count()) > 0) {
    const pick = picks.first();
    const before = await pick.inputValue();
    const money = (s) => Number(s.replace(/[^\d]/g, ''));
    const commitBefore = money(await fact(page, 'Commit').textContent());
    const target = before === 'commit' ? 'pipeline' : 'commit';
    const amountText = await pick.locator('xpath=ancestor::tr/td[3]').textContent();
    await pick.selectOption(target);
    await page.getByText(/ is now (Commit|Pipeline)$/).waitFor();
    const commitAfter = money(await fact(page, 'Commit').textContent());
    const delta = target === 'commit' ? money(amountText) : -money(amountText);
    assert.equal(commitAfter - commitBefore, delta);
  }
  await screenshot(page, 'forecast');
  assert.deepEqual(problems, []);
  await context.close();
});
