// CSV import through the mapping screens, and demo workspaces for training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, serveApp, switchWorkspace } from './support/app.mjs';
import { newPage, screenshot, countRecords, allRecords, createDemo } from './support/browser.mjs';

serveApp();

function tmpFile(name, text) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), name);
  fs.writeFileSync(file, text);
  return file;
}

// A Salesforce-style report: US dates, currency symbols, a quoted comma, a BOM,
// Windows line ends, one bad amount and one stage nobody mapped.
const SALESFORCE = '\uFEFF' + [
  'Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date,Opportunity Owner',
  '"Rocket, Inc. renewal",Acme,"$12,500.00",Closed Won,03/15/2026,01/10/2026,Dana Scully',
  'Widget deal,Globex,"1,200",Prospecting,12/20/2026,11/01/2026,Fox Mulder',
  'Bad amount,Acme,abc,Negotiation,12/01/2026,10/01/2026,Dana Scully',
  'Lost one,Initech,500,Closed Lost,02/01/2026,01/05/2026,Fox Mulder',
  'Weird stage,Acme,100,Limbo,12/01/2026,10/01/2026,Dana Scully',
].join('\r\n') + '\r\n';

test('a CSV of deals goes through the mapping screens; valid rows import, the rest download', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/data');
  await page.getByRole('link', { name: 'Import a CSV file' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import a CSV file' }).waitFor();
  await page.getByLabel('What the file holds').selectOption({ label: 'Deals' });
  await page.getByLabel('CSV file').setInputFiles(tmpFile('opportunities.csv', SALESFORCE));

  // Columns: guessed from Salesforce's headers; the user can change each one.
  const mapping = page.getByRole('table', { name: 'Column mapping' });
  await mapping.waitFor();
  await page.getByText('5 rows · separated by commas', { exact: false }).waitFor();
  const chosen = async (label) =>
    page.getByLabel(label, { exact: true }).evaluate((s) => s.options[s.selectedIndex].text);
  assert.equal(await chosen('Opportunity Name'), 'Name');
  assert.equal(await chosen('Account Name'), 'Account');
  assert.equal(await chosen('Amount'), 'Amount');
  assert.equal(await chosen('Stage'), 'Stage');
  // Salesforce's Close Date is the expected close, and the close date of closed deals.
  assert.equal(await chosen('Close Date'), 'Expected close');
  assert.equal(await chosen('Created Date'), 'Created date');
  assert.equal(await chosen('Opportunity Owner'), 'Owner');
  assert.equal(await page.getByLabel('Date format').inputValue(), 'us');
  // Unmapping every column that names the deals blocks the next step, with the reason
  // (an amount is not required: open deals may have none yet).
  await page.getByLabel('Opportunity Name', { exact: true }).selectOption({ label: '— Don’t import —' });
  await page.getByLabel('Account Name', { exact: true }).selectOption({ label: '— Don’t import —' });
  await page.getByText('Map a column to Name to continue.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Next: values' }).isDisabled());
  await page.getByLabel('Opportunity Name', { exact: true }).selectOption({ label: 'Name' });
  await page.getByLabel('Account Name', { exact: true }).selectOption({ label: 'Account' });
  // The file is UTF-8 with a byte-order mark.
  assert.equal(await page.getByLabel('Encoding', { exact: true }).inputValue(), 'utf-8');
  await screenshot(page, 'csv-columns');
  await page.getByRole('button', { name: 'Next: values' }).click();

  // Values: stage names to this pipeline's stages, owners to reps.
  const stages = page.getByRole('group', { name: /Stages in the file/ });
  const stageOf = async (raw) =>
    stages.getByLabel(raw, { exact: true }).evaluate((s) => s.options[s.selectedIndex].text);
  assert.equal(await stageOf('Closed Won'), 'Won');
  assert.equal(await stageOf('Closed Lost'), 'Lost');
  assert.equal(await stageOf('Prospecting'), 'Prospecting');
  assert.match(await stageOf('Limbo'), /Choose a stage/);
  const owners = page.getByRole('group', { name: /Owners in the file/ });
  assert.match(
    await owners.getByLabel('Dana Scully').evaluate((s) => s.options[s.selectedIndex].text),
    /Create rep “Dana Scully”/,
  );
  await screenshot(page, 'csv-values');
  await page.getByRole('button', { name: 'Next: review' }).click();

  // Review: per-row errors by spreadsheet row number, what gets created.
  await page.getByText('3 of 5 rows will be imported as deals; 2 rows cannot be imported.').waitFor();
  const errors = page.getByRole('table', { name: 'Rows with errors' });
  assert.match(await errors.getByRole('row', { name: /^4 / }).textContent(), /Amount/);
  assert.match(await errors.getByRole('row', { name: /^6 / }).textContent(), /Limbo/);
  await page.getByText(/Importing also creates 2 new reps: Dana Scully, Fox Mulder; 3 new accounts/).waitFor();
  assert.equal(await countRecords(page, 'deals'), 0, 'nothing written before confirming');
  await screenshot(page, 'csv-review');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download rejected rows' }).click(),
  ]);
  const rejects = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), 'rejects.csv');
  await download.saveAs(rejects);
  const rejected = fs.readFileSync(rejects, 'utf8');
  assert.match(rejected, /Bad amount/);
  assert.match(rejected, /Weird stage/);
  assert.doesNotMatch(rejected, /Widget deal/);

  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await page.getByText('Imported 3 deals').waitFor();
  assert.equal(await countRecords(page, 'deals'), 3);
  assert.equal(await countRecords(page, 'reps'), 2);
  assert.equal(await countRecords(page, 'accounts'), 3);

  // The closed deal keeps its dates and gets a stage history from created to closed.
  const deals = await allRecords(page, 'deals');
  const won = deals.find((d) => d.name === 'Rocket, Inc. renewal');
  assert.equal(won.amount, 1250000);
  assert.equal(won.closed_on, '2026-03-15');
  assert.ok(won.created_at.startsWith('2026-01-10'));
  assert.ok(won.stage_history.length >= 2);
  assert.ok(won.stage_history[0].at.startsWith('2026-01-10'));
  assert.ok(won.stage_history.at(-1).at.startsWith('2026-03-15'));
  assert.equal(won.stage_history.at(-1).stage_id, won.stage_id);

  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByLabel('Show').selectOption({ label: 'All deals' });
  const row = page.getByRole('row', { name: /Rocket, Inc\. renewal/ });
  assert.match(await row.textContent(), /Acme/);
  assert.match(await row.textContent(), /\$12,500\.00/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file that is not CSV, or has no rows, says so and changes nothing', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/data/csv');
  await page.getByLabel('CSV file').setInputFiles(tmpFile('empty.csv', ''));
  await page.getByRole('alert').filter({ hasText: 'empty.csv cannot be read: The file is empty.' }).waitFor();
  await page.getByLabel('CSV file').setInputFiles(tmpFile('header.csv', 'Name,Amount\r\n'));
  await page.getByRole('alert').filter({ hasText: 'header.csv cannot be read: The file has a header row but no rows to import.' }).waitFor();
  assert.equal(await countRecords(page, 'deals'), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a demo workspace is generated, flagged as training data, and resets to the same data', async () => {
  const { context, page, problems } = await newPage(browser);
  const db = await createDemo(page, root.url, 'small');
  await page.locator('.brand-workspace', { hasText: 'Demo' }).waitFor();
  const banner = page.getByRole('note', { name: 'Training workspace' });
  assert.match(await banner.textContent(), /made-up data/);
  assert.notEqual(db, 'salesdeck', 'its own database');
  const deals = await allRecords(page, 'deals', db);
  assert.ok(deals.length >= 150 && deals.length <= 250, `${deals.length} deals`);
  assert.equal((await allRecords(page, 'reps', db)).filter((r) => r.active && r.role === 'rep').length, 3);
  assert.ok((await countRecords(page, 'activities', db)) > deals.length);
  assert.ok(deals.some((d) => d.closed_on && d.stage_history.length > 1));
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  await screenshot(page, 'demo-pipeline');

  // Trainees change things; Reset demo brings back exactly the same data.
  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Practice account');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Practice account' }).waitFor();
  await banner.getByRole('button', { name: 'Reset demo' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset demo data' }).click();
  await page.getByText('Demo reset: fresh demo data').waitFor();
  const after = await allRecords(page, 'deals', db);
  assert.deepEqual(after.map((d) => d.id).sort(), deals.map((d) => d.id).sort());
  const accounts = await allRecords(page, 'accounts', db);
  assert.ok(!accounts.some((a) => a.name === 'Practice account'));

  // The real workspace is untouched and shows no banner.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await switchWorkspace(page, 'My workspace', 'Demo');
  assert.equal(await page.getByRole('note', { name: 'Training workspace' }).count(), 0);
  assert.equal(await countRecords(page, 'deals'), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deal names its source lead by finding it among the demo’s leads', async () => {
  const { context, page, problems } = await newPage(browser);
  const db = await createDemo(page, root.url, 'small');
  const leads = (await allRecords(page, 'leads', db)).filter((l) => ['qualified', 'converted'].includes(l.status));
  assert.ok(leads.length > 1, `${leads.length} qualified or converted leads`);
  const lead = leads[leads.length - 1];
  const label = lead.company ? `${lead.name} (${lead.company})` : lead.name;

  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Referral deal');
  await page.getByLabel(/^Amount/).fill('4,000');
  const hint = page.locator('#source-lead-search-hint');
  assert.match(await hint.textContent(), new RegExp(`${leads.length} leads`));
  await page.getByLabel('Find a source lead').fill(lead.name.toUpperCase());
  await hint.filter({ hasNotText: new RegExp(`^${leads.length} leads`) }).waitFor();
  const options = await page.getByLabel('Source lead', { exact: true }).locator('option').allTextContents();
  assert.ok(options.length < leads.length + 1, `narrowed to ${options.length - 1}`);
  assert.ok(options.includes(label), `${label} in ${options}`);
  await screenshot(page, 'deal-source-lead');
  await page.getByLabel('Source lead', { exact: true }).selectOption({ label });
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Referral deal' }).waitFor();
  const deal = (await allRecords(page, 'deals', db)).find((d) => d.name === 'Referral deal');
  assert.equal(deal.source_lead_id, lead.id);
  assert.deepEqual(problems, []);
  await context.close();
});
