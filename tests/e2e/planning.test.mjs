// Planning on the hand-computed workspace (tests/e2e/fixtures/known-kpis.salesdeck.json:
// Q4 2026, today Nov 22, 2026, $36,000 won in Q4 by everyone; reps Ana and Bo report to
// Mia): a 3 × 4 block of quotas pasted from a spreadsheet and seen on the dashboard and
// My day; a one-on-one with an action item due tomorrow on My day, ticked done; a
// manager's scorecards listing exactly their reports. Screenshots of the quota grid and
// a scorecard with the medium demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { browser, root, serveApp } from './support/app.mjs';
import { createDemo, screenshot } from './support/browser.mjs';

serveApp();

const FIXTURE = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');
const ANA = '076aa848-f4df-4a17-a0b8-72291aca5eb0';

/** The known fixture changed by `edit` (a function of its JSON), written to a temp file. */
function fixtureWith(edit) {
  const data = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  edit(data);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-plan-')), 'known.salesdeck.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

async function knownWorkspace(fixture = FIXTURE) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(new Date('2026-11-22T12:00:00Z'));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(root.url + '/data');
  await page.getByLabel('Snapshot file').setInputFiles(fixture);
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

test('a goal of 3 calls this week, made, edited and deleted in Team › Goals, counts a logged call on the scorecard and My day', async () => {
  // "Me" is Ana, so My day shows her goals.
  const { context, page, problems } = await knownWorkspace(fixtureWith((d) => { d.settings.me = ANA; }));
  await page.goto(root.url + '/team/goals');
  await page.getByRole('heading', { level: 1, name: 'Goals' }).waitFor();
  await page.getByText('No goals yet').waitFor();
  const form = page.getByRole('form', { name: 'Goal' });
  await form.getByLabel('Whose goal').selectOption({ label: 'Ana' });
  await form.getByLabel('Period').selectOption({ label: 'Each week' });
  await form.getByLabel('What it counts').selectOption({ label: 'Activities done' });
  await form.getByLabel('Kind of activity').selectOption({ label: 'Call' });
  // Bad input: the form's message, nothing saved.
  await form.getByLabel('Target (how many)').fill('lots');
  await form.getByRole('button', { name: 'Save goal' }).click();
  await form.getByRole('alert').getByText('“lots” is not a count: enter a whole number above zero').waitFor();
  await page.getByText('No goals yet').waitFor();
  await form.getByLabel('Target (how many)').fill('2');
  await form.getByRole('button', { name: 'Save goal' }).click();
  await page.getByText('Saved the goal').waitFor();
  const table = page.getByRole('table', { name: 'Goals' });
  const row = table.getByRole('row', { name: /Ana Calls done Each week/ });
  assert.equal((await row.locator('td.num').textContent()).trim(), '2');
  // Edit: 2 → 3, still one goal.
  await table.getByRole('button', { name: 'Edit Ana · Calls done · Each week' }).click();
  await page.getByRole('heading', { name: 'Edit goal' }).waitFor();
  assert.equal(await form.getByLabel('Target (how many)').inputValue(), '2');
  await form.getByLabel('Target (how many)').fill('3');
  await form.getByRole('button', { name: 'Save goal' }).click();
  await page.getByRole('heading', { name: 'New goal' }).waitFor();
  await row.locator('td.num', { hasText: '3' }).waitFor();
  // A second goal, for everyone, then deleted.
  await form.getByLabel('Whose goal').selectOption({ label: 'Everyone' });
  await form.getByLabel('What it counts').selectOption({ label: 'Deals advanced to a stage' });
  await form.getByLabel('Target (how many)').fill('5');
  await form.getByRole('button', { name: 'Save goal' }).click();
  await form.getByRole('alert').getByText('Choose the stage deals should reach').waitFor();
  await form.getByLabel('Stage reached').selectOption({ label: 'Proposal' });
  await form.getByRole('button', { name: 'Save goal' }).click();
  await table.getByRole('row', { name: /Everyone Deals advanced to Proposal/ }).waitFor();
  await table.getByRole('button', { name: /^Delete Everyone/ }).click();
  await page.getByText('Deleted the goal').waitFor();
  assert.equal(await table.locator('tbody tr').count(), 1);
  await screenshot(page, 'planning-goals');

  // Ana logs a call this week (none so far).
  await page.goto(root.url + '/accounts');
  await page.getByRole('link', { name: 'Always' }).click();
  await page.getByRole('heading', { level: 1, name: 'Always' }).waitFor();
  await page.getByRole('button', { name: 'Log call' }).click();
  await page.getByLabel('Activity owner').selectOption({ label: 'Ana' });
  await page.getByRole('button', { name: 'Save activity' }).click();
  await page.getByText('Call logged').waitFor();

  await page.goto(root.url + `/team/${ANA}`);
  const goals = page.getByRole('region', { name: 'Goals' });
  await goals.getByText(/^Calls done · Week of /).waitFor();
  await goals.getByText(/^1 of 3 · 33% · /).waitFor();
  // The activity mix counts it too: Ana's Q4 calls were Oct 2 and Nov 3.
  const mix = page.getByRole('table', { name: 'Activity mix beside the team' });
  assert.equal((await mix.getByRole('row', { name: /^Call/ }).locator('td').first().textContent()).trim(), '3');
  await page.getByRole('region', { name: 'Win and loss' }).waitFor();
  await screenshot(page, 'planning-scorecard-known');
  await page.goto(root.url + '/my-day');
  const mine = page.getByRole('list', { name: 'Goals' });
  await mine.getByText(/^Calls done · Ana · Week of /).waitFor();
  await mine.getByText(/^1 of 3 · 33% · /).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("an account's customer dates and Team › Spend make churn and CAC computable on the dashboard", async () => {
  // The known workspace without any customer dates or spend.
  const { context, page, problems } = await knownWorkspace(fixtureWith((d) => {
    for (const a of d.accounts) { a.customer_since = null; a.churned_on = null; }
    d.spend = [];
  }));
  const tile = (label) => page.getByRole('listitem', { name: label, exact: true });
  const value = async (label) => (await tile(label).locator('.kpi-value').textContent()).trim();
  const dashboard = async () => {
    await page.goto(root.url + '/dashboard?period=this-quarter&people=everyone');
    await page.getByText('Q4 2026 · Everyone').waitFor();
  };
  await dashboard();
  assert.equal(await value('Churn rate'), '—');
  await tile('Churn rate').getByText('there were no customers at the start of this period').waitFor();
  assert.equal(await value('Customer acquisition cost'), '—');
  await tile('Customer acquisition cost').getByText('no sales and marketing spend entered for this period').waitFor();

  const dates = async (name, since, churned) => {
    await page.goto(root.url + '/accounts');
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByLabel('Customer since').fill(since);
    if (churned) await page.getByLabel('Churned on').fill(churned);
    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByText(`Saved ${name}`).waitFor();
  };
  // Two customers on Oct 1; Leaving churned on Nov 15: 1 ÷ 2.
  await dates('Always', '2025-01-01');
  await dates('Leaving', '2025-06-01', '2026-11-15');
  await dashboard();
  assert.equal(await value('Churn rate'), '50%');

  // Spend pasted for October and November, but no new customer yet.
  await page.goto(root.url + '/team/spend');
  await page.getByRole('textbox', { name: 'Sales, Oct 2026' }).focus();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, '15000\t5000');
  await page.getByText('Pasted 2 amounts').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Sales, Nov 2026' }).inputValue(), '$5,000');
  // A typed cell shows the saved amount as money once it is saved, not what was typed.
  const dec = page.getByRole('textbox', { name: 'Sales, Dec 2026' });
  await dec.fill('2500');
  await dec.press('Tab');
  await page.waitForFunction(() => document.querySelector('input[aria-label="Sales, Dec 2026"]').value === '$2,500');
  await dec.fill('');
  await dec.press('Tab');
  await page.waitForFunction(() => document.querySelector('input[aria-label="Sales, Dec 2026"]').value === '');
  await dashboard();
  assert.equal(await value('Customer acquisition cost'), '—');
  await tile('Customer acquisition cost').getByText('no new customers in this period').waitFor();
  // One new customer in Q4: $20,000 ÷ 1.
  await dates('New', '2026-10-05');
  await dashboard();
  assert.equal(await value('Customer acquisition cost'), '$20,000');
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy last period forward and clear a cell in the quota grid: attainment follows and a reload keeps them', async () => {
  // Q4 2026 quotas: Ana $40,000, Bo $30,000, the company $60,000; Ana won $30,000 in Q4.
  const { context, page, problems } = await knownWorkspace();
  const cell = (name) => page.getByRole('textbox', { name });
  const quarters = async () => {
    await page.goto(root.url + '/team/quotas');
    await page.getByRole('heading', { level: 1, name: 'Quotas' }).waitFor();
    await page.getByLabel('Periods').selectOption('quarters');
    await cell('Ana, Q4 2026').waitFor();
  };
  const anaAttainment = async () => {
    await page.goto(root.url + `/dashboard?period=this-quarter&rep=${ANA}`);
    await page.getByText('Q4 2026 · Ana').waitFor();
    return page.getByRole('listitem', { name: 'Quota attainment', exact: true });
  };
  await quarters();
  assert.equal(await cell('Ana, Q4 2026').inputValue(), '$40,000');
  assert.equal((await (await anaAttainment()).locator('.kpi-value').textContent()).trim(), '75%');

  // Clear a cell by emptying it.
  await quarters();
  await cell('Ana, Q4 2026').fill('');
  await cell('Ana, Q4 2026').press('Tab');
  await page.getByText('Saved Ana, Q4 2026').waitFor();
  let tile = await anaAttainment();
  assert.equal((await tile.locator('.kpi-value').textContent()).trim(), '—');
  await tile.getByText('no quota set for this period').waitFor();
  await quarters();
  assert.equal(await cell('Ana, Q4 2026').inputValue(), '', 'the reload keeps it cleared');
  assert.equal(await cell('Bo, Q4 2026').inputValue(), '$30,000', 'the other cells stay');

  // Copy Q3 forward into Q4: only Ana has a Q3 quota; Bo's Q4 is set already.
  await cell('Ana, Q3 2026').fill('24000');
  await cell('Ana, Q3 2026').press('Tab');
  await page.getByText('Saved Ana, Q3 2026').waitFor();
  await page.getByRole('button', { name: 'Copy the previous period into Q4 2026' }).click();
  await page.getByText(/^Copied 1 quota from Q3 2026 into Q4 2026/).waitFor();
  assert.equal(await cell('Ana, Q4 2026').inputValue(), '$24,000');
  assert.equal(await cell('Bo, Q4 2026').inputValue(), '$30,000');
  assert.equal(await cell('Company, Q4 2026').inputValue(), '$60,000');
  // Copying again finds nothing left to copy and changes nothing.
  await page.getByRole('button', { name: 'Copy the previous period into Q4 2026' }).click();
  await page.getByText(/^Nothing to copy/).waitFor();
  // $30,000 won of $24,000.
  tile = await anaAttainment();
  assert.equal((await tile.locator('.kpi-value').textContent()).trim(), '125%');
  await quarters();
  assert.equal(await cell('Ana, Q4 2026').inputValue(), '$24,000', 'the reload keeps the copy');
  assert.equal(await cell('Ana, Q3 2026').inputValue(), '$24,000');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the dashboard, scorecards and My day start from what "me" is responsible for: a manager\'s whole tree, a rep\'s own', async () => {
  // Lea, a manager, reports to Mia, and Bo now reports to Lea: Bo is Mia's indirect report.
  const LEA = 'c0ffee00-0000-4000-8000-00000000012a';
  const MIA = '75ba5ef3-52d7-431a-9d9e-7ff60300d97e';
  const BO = 'e8a35564-4b44-43f5-996e-1f26dda6b312';
  const { context, page, problems } = await knownWorkspace(fixtureWith((d) => {
    const mia = d.reps.find((r) => r.id === MIA);
    d.reps.push({ ...mia, id: LEA, name: 'Lea', email: null, manager_id: MIA });
    d.reps.find((r) => r.id === BO).manager_id = LEA;
  }));
  const value = async (label) => (await page.getByRole('listitem', { name: label, exact: true }).locator('.kpi-value').textContent()).trim();

  // "Me" chosen in Team among the imported reps.
  await page.goto(root.url + '/team');
  await page.getByRole('button', { name: 'This is me: Mia' }).click();
  await page.getByText('You are Mia now').waitFor();
  await page.getByRole('button', { name: 'This is me: Ana' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'This is me: Mia' }).count(), 0);

  // The dashboard: Mia's team, Bo's deals included ($36,000, as everyone's; Ana alone won $30,000).
  await page.goto(root.url + '/dashboard');
  await page.getByText('Q4 2026 · Mia’s team').waitFor();
  assert.equal(await page.getByLabel('People').inputValue(), `team:${MIA}`);
  assert.equal(await value('Won'), '$36,000');
  // Another scope can still be chosen.
  await page.getByLabel('People').selectOption({ label: 'Ana' });
  await page.getByText('Q4 2026 · Ana').waitFor();
  assert.equal(await value('Won'), '$30,000');

  // The scorecards: everyone below Mia, directly or not; everyone on request.
  await page.goto(root.url + '/team/scorecards');
  const table = page.getByRole('table', { name: 'Scorecards side by side' });
  const names = async () => (await table.locator('tbody th').allTextContents()).map((n) => n.trim()).sort();
  await table.waitFor();
  assert.deepEqual(await names(), ['Ana', 'Bo', 'Lea']);
  await page.getByLabel('Whose scorecards').selectOption({ label: 'Everyone' });
  await table.locator('tbody th', { hasText: 'Mia' }).waitFor();
  assert.deepEqual(await names(), ['Ana', 'Bo', 'Lea', 'Mia']);

  // My day: the team's quota (Ana's $40,000 + Bo's $30,000), or another's on request.
  await page.goto(root.url + '/my-day');
  const plan = page.getByRole('region', { name: 'Quota and goals' });
  await plan.getByText(/^Your team is at 51% of its Q4 2026 quota, \$34,000 to go, 40 days left\./).waitFor();
  await plan.getByLabel('Whose quota').selectOption({ label: 'Ana' });
  await plan.getByText('Ana is at 75% of the Q4 2026 quota, $10,000 to go, 40 days left.').waitFor();

  // "Me" a rep: My day, the dashboard and the scorecards are Ana's own.
  await page.goto(root.url + '/team');
  await page.getByRole('button', { name: 'This is me: Ana' }).click();
  await page.getByText('You are Ana now').waitFor();
  await page.goto(root.url + '/my-day');
  await page.getByText('You are at 75% of your Q4 2026 quota, $10,000 to go, 40 days left.').waitFor();
  assert.equal(await page.getByLabel('Whose quota').inputValue(), `rep:${ANA}`);
  await page.goto(root.url + '/dashboard');
  await page.getByText('Q4 2026 · Ana').waitFor();
  assert.equal(await value('Quota attainment'), '75%');
  await page.getByLabel('People').selectOption({ label: 'Everyone' });
  await page.getByText('Q4 2026 · Everyone').waitFor();
  assert.equal(await value('Won'), '$36,000');
  await page.goto(root.url + '/team/scorecards');
  await table.waitFor();
  assert.deepEqual(await names(), ['Ana']);
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
  // The demo's won deals mostly say why: the reasons sit beside the team's.
  const reasons = page.getByRole('table', { name: 'Won reasons beside the team' });
  await reasons.waitFor();
  assert.ok((await reasons.locator('tbody tr').count()) >= 3);
  await page.waitForTimeout(1500);
  await screenshot(page, 'planning-scorecard');
  await page.getByRole('region', { name: 'Win and loss' }).screenshot({ path: 'test-output/screens/planning-scorecard-reasons.png' });
  await context.close();
});
