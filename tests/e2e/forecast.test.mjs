// The forecast page on an imported history (the hand-computed workspace's snapshot):
// the backtest table has a row per method and the recommended number is named; a
// rep's call and a manager's adjustment are both shown after a reload; changing a
// deal's forecast category inline moves it between the roll-ups; inline amount and
// close-date edits are logged and move the roll-ups and what must close; a forecast
// snapshot is stored on opening once a week and on demand, kept across reloads and in
// the export, and compared with what closed once its month is over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { screenshot, countRecords, currentDb } from './support/browser.mjs';

serveApp();

const FIXTURE = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');
const URL = '/forecast?period=this-quarter&people=everyone';

async function imported(now = '2026-11-22T12:00:00Z') {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(new Date(now));
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

const dollars = (s) => Number(s.split(' (')[0].replace(/[^\d]/g, ''));

test('inline amount and close-date edits are logged and move the roll-ups and what must close', async () => {
  const { context, page, problems } = await imported();
  await page.goto(root.url + URL);
  const must = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Historical chance' }) });
  await must.waitFor();
  const row = () => must.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Big proposal' }) });
  const href = await row().getByRole('link', { name: 'Big proposal' }).getAttribute('href');
  const pipeline = async () => dollars(await fact(page, 'Pipeline').textContent());
  const p0 = await pipeline();
  assert.ok(p0 >= 30000, `the $30,000 proposal is in the quarter's pipeline (${p0})`);

  // Bad input is refused with the reason and changes nothing.
  await page.getByLabel('Amount of Big proposal').fill('lots');
  await page.getByLabel('Amount of Big proposal').press('Tab');
  await row().getByRole('alert').filter({ hasText: /^Amount:/ }).waitFor();
  assert.equal(await pipeline(), p0);

  await page.getByLabel('Amount of Big proposal').fill('35,000');
  await page.getByLabel('Amount of Big proposal').press('Tab');
  await page.getByText('Big proposal updated').waitFor();
  await row().getByRole('cell', { name: /^\$35,000/ }).waitFor();
  assert.equal(await pipeline(), p0 + 5000);

  // Pushed out of the quarter: it leaves what must close and the roll-ups.
  await page.getByLabel('Expected close of Big proposal').fill('2027-01-15');
  await row().waitFor({ state: 'detached' });
  assert.equal(await pipeline(), p0 + 5000 - 35000);

  // Both edits are in the deal's history, like any change.
  await page.goto(root.url + href);
  const history = page.getByRole('region', { name: 'History' });
  await history.getByText('$30,000.00 → $35,000.00 (up)').waitFor();
  await history.getByText(/→ Jan 15, 2027 \(pushed out\)/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a forecast snapshot is stored weekly on opening and on demand, kept across reloads and in the export, and compared once its month is over', async () => {
  const { context, page, problems } = await imported('2026-10-20T12:00:00Z');
  const db = await currentDb(page);
  assert.equal(await countRecords(page, 'forecast_snapshots', db), 0, 'the import brings none');
  // Opening the app (a reload) takes this week's snapshot.
  await page.reload();
  await page.goto(root.url + '/forecast?period=this-month&people=everyone');
  await page.getByRole('heading', { name: 'Accuracy from stored snapshots' }).waitFor();
  const latest = page.getByText(/^Latest snapshot: 20 Oct 2026 \((\d+) numbers\)/);
  await latest.waitFor();
  const n = Number((await latest.textContent()).match(/\((\d+) numbers/)[1]);
  // Every method that answers, for the team and each rep with deals, this and next
  // month and quarter: at least the four roll-up based methods × 4 periods for the team.
  assert.ok(n >= 16, `${n} numbers`);
  assert.equal(await countRecords(page, 'forecast_snapshots', db), n);
  await page.getByText(/^No period with a stored snapshot is over yet \(\d+ stored numbers wait/).waitFor();

  // Not again this week; on demand, today's is replaced, not doubled.
  await page.reload();
  await latest.waitFor();
  assert.equal(await countRecords(page, 'forecast_snapshots', db), n);
  await page.getByRole('button', { name: 'Take a forecast snapshot now' }).click();
  await page.getByText(`Forecast snapshot taken: ${n} numbers stored`).waitFor();
  assert.equal(await countRecords(page, 'forecast_snapshots', db), n);

  // They travel in the JSON export.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export snapshot' }).click(),
  ]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), 'export.json');
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(exported.forecast_snapshots.length, n);
  assert.ok(exported.forecast_snapshots.every((s) => s.taken_on === '2026-10-20'));

  // A month later: October is over and its stored numbers meet what closed.
  await context.clock.setFixedTime(new Date('2026-11-22T12:00:00Z'));
  await page.goto(root.url + '/forecast?period=this-month&people=everyone');
  await page.getByText(/^Latest snapshot: 22 Nov 2026/).waitFor();
  assert.ok((await countRecords(page, 'forecast_snapshots', db)) > n, 'this week\'s taken too');
  const table = page.getByRole('table', { name: 'Accuracy per method from stored snapshots' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 5);
  for (const m of ['Commit', 'Best case', 'Weighted pipeline', 'Historical model', 'Trend']) {
    await table.getByRole('rowheader', { name: new RegExp(`^${m}`) }).waitFor();
  }
  await page.getByRole('table', { name: 'Accuracy per rep from stored snapshots' }).waitFor();
  await page.getByText(/^1 period\(s\) compared/).waitFor();
  await page.getByRole('heading', { name: 'Accuracy from stored snapshots' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'forecast-stored-accuracy');
  assert.deepEqual(problems, []);
  await context.close();
});
