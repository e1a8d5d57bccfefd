// Moving in from Salesforce through Data › Import a CSV file: a deals export written in
// Windows-1252 (accented names), with CRM ids, open deals without an amount and a stage
// the pipeline lacks; then the opportunity history of those deals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot, countRecords, allRecords } from './support/browser.mjs';

serveApp();

function tmpFile(name, content) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), name);
  fs.writeFileSync(file, content);
  return file;
}

// A Salesforce opportunity report saved by Excel on Windows: Windows-1252 bytes (é is
// the single byte 0xE9, so the file is not valid UTF-8), US dates, two open deals
// without an amount, and "Engaging", a stage the default pipeline does not have.
const DEALS_TEXT = [
  'OpportunityId,Opportunity Name,Account Name,Amount,Stage,Probability (%),Close Date,Created Date',
  '006A00000000001AAA,Société Générale renewal,Société Générale,"12,500.00",Proposal,60,06/30/2026,01/05/2026',
  '006A00000000002AAA,Müller GmbH expansion,Müller GmbH,,Engaging,70,09/30/2026,02/01/2026',
  '006A00000000003AAA,Crédit Agricole pilot,Crédit Agricole,,Prospecting,10,10/31/2026,03/01/2026',
  '006A00000000004AAA,Zürich Versicherung,Zürich Versicherung,"8,000.00",Closed Won,100,04/15/2026,01/10/2026',
].join('\r\n') + '\r\n';
const DEALS = Buffer.from(DEALS_TEXT, 'latin1');

// Salesforce's OpportunityHistory export (UTF-8): one row per change, the values just
// after it, rows not in date order.
const HISTORY = [
  'OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability,ForecastCategory',
  '006A00000000001AAA,2026-02-10T15:00:00.000Z,Qualification,12000,2026-06-30,20,Pipeline',
  '006A00000000001AAA,2026-01-05T09:00:00.000Z,Prospecting,10000,2026-05-31,10,Pipeline',
  '006A00000000001AAA,2026-03-20T11:00:00.000Z,Proposal,12500,2026-06-30,60,BestCase',
  '006A00000000002AAA,2026-02-01T08:00:00.000Z,Prospecting,,2026-09-30,10,Pipeline',
  '006A00000000002AAA,2026-03-05T10:00:00.000Z,Engaging,,2026-09-30,70,BestCase',
  '006A00000000004AAA,2026-01-10T10:00:00.000Z,Qualification,8000,2026-03-31,20,Pipeline',
  '006A00000000004AAA,2026-04-15T16:00:00.000Z,Closed Won,8000,2026-04-15,100,Closed',
].join('\n') + '\n';

test('a Windows-1252 Salesforce export moves in with its ids, open deals without amounts and a new stage, then its opportunity history', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/data');
  await page.getByRole('link', { name: 'Import a CSV file' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import a CSV file' }).waitFor();
  // A history needs deals to fill: with none yet, the screen says to import them first.
  await page.getByLabel('What the file holds').selectOption({ label: 'Deal history (one row per change)' });
  await page.getByText('This workspace has no deals yet: import your deals file first', { exact: false }).waitFor();
  await page.getByLabel('What the file holds').selectOption({ label: 'Deals' });
  await page.getByLabel('CSV file').setInputFiles(tmpFile('opportunities.csv', DEALS));

  // Columns: the encoding is detected and the accented names read right.
  const mapping = page.getByRole('table', { name: 'Column mapping' });
  await mapping.waitFor();
  const encoding = page.getByLabel('Encoding', { exact: true });
  assert.equal(await encoding.inputValue(), 'windows-1252');
  await page.getByText('Detected: Windows-1252 / Latin-1 (Western European).').waitFor();
  await page.getByText(/é shown as Ã© or as �/).waitFor();
  const sample = (header) => mapping.getByRole('row', { name: new RegExp(`^${header}`) }).locator('td.sample');
  assert.equal(await sample('Opportunity Name').textContent(), 'Société Générale renewal');
  const chosen = async (label) =>
    page.getByLabel(label, { exact: true }).evaluate((s) => s.options[s.selectedIndex].text);
  // External id is offered for deals and Salesforce's id column is guessed as it.
  const offered = await page.getByLabel('OpportunityId', { exact: true }).locator('option').allTextContents();
  assert.ok(offered.includes('External id'), offered.join(', '));
  await page.getByLabel('OpportunityId', { exact: true }).selectOption({ label: 'External id' });
  assert.equal(await chosen('OpportunityId'), 'External id');
  assert.equal(await chosen('Probability (%)'), 'Probability (%)');
  await screenshot(page, 'csv-encoding');

  // Another encoding reads the file again: as UTF-8 the accents break, as UTF-16 the
  // file cannot be read at all, which says so and keeps the file as it was read.
  await encoding.selectOption({ label: 'UTF-8' });
  await mapping.getByText('Soci\uFFFDt\uFFFD G\uFFFDn\uFFFDrale renewal').waitFor();
  await encoding.selectOption({ label: 'UTF-16 (little-endian)' });
  await page.getByRole('alert').filter({ hasText: 'Read as UTF-16 (little-endian), the file cannot be imported' }).waitFor();
  assert.match(await page.getByRole('alert').textContent(), /It is still read as UTF-8\./);
  assert.equal(await encoding.inputValue(), 'utf-8');
  assert.match(await sample('Opportunity Name').textContent(), /\uFFFD/);
  await encoding.selectOption({ label: 'Windows-1252 / Latin-1 (Western European)' });
  assert.equal(await sample('Opportunity Name').textContent(), 'Société Générale renewal');
  assert.equal(await page.getByRole('alert').count(), 0, 'the error goes once the file reads');
  assert.equal(await chosen('OpportunityId'), 'External id', 'columns guessed again');
  assert.equal(await chosen('Amount'), 'Amount');
  await page.getByRole('button', { name: 'Next: values' }).click();

  // Values: Engaging is not in the pipeline; the three answers are offered.
  const newStages = page.getByRole('group', { name: /does not have/ });
  await newStages.getByText('Not in “Sales”: Engaging.').waitFor();
  const refuse = newStages.getByRole('radio', { name: /Choose a stage of/ });
  assert.ok(await refuse.isChecked(), 'mapping them by hand is the default');
  const stages = page.getByRole('group', { name: /Stages in the file/ });
  assert.match(
    await stages.getByLabel('Engaging', { exact: true }).evaluate((s) => s.options[s.selectedIndex].text),
    /Choose a stage/,
  );
  // A new pipeline is named after the file; an empty name is refused with the reason.
  await newStages.getByRole('radio', { name: /new pipeline made of the file’s stages/ }).check();
  const pipelineName = page.getByLabel('Name of the new pipeline');
  assert.equal(await pipelineName.inputValue(), 'opportunities');
  assert.ok(await stages.isHidden(), 'stages are taken as the file names them');
  await newStages.getByText(/The deals go into “opportunities”, whose stages are the file’s/).waitFor();
  await screenshot(page, 'csv-new-pipeline');
  await pipelineName.fill('');
  await page.getByRole('alert').filter({ hasText: 'Name the new pipeline to continue.' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Next: review' }).isDisabled());
  await pipelineName.fill('Sales');
  await newStages.getByText(/“Sales” already exists: the deals go into it/).waitFor();
  // Adding Engaging to the pipeline is what this seller wants.
  await newStages.getByRole('radio', { name: 'Add them to “Sales” as new stages' }).check();
  assert.ok(await stages.isVisible());
  assert.match(
    await stages.getByLabel('Engaging', { exact: true }).evaluate((s) => s.options[s.selectedIndex].text),
    /Add as a new stage/,
  );
  await screenshot(page, 'csv-new-stages');
  await page.getByRole('button', { name: 'Next: review' }).click();

  // Review: every row goes in; the new stage's place; open deals without an amount.
  await page.getByText('4 of 4 rows will be imported as deals; 0 rows cannot be imported.').waitFor();
  await page.getByText('Importing adds 1 stage to “Sales”:').waitFor();
  const added = page.getByRole('table', { name: 'Stages added to Sales' });
  const engaging = await added.getByRole('row', { name: /Engaging/ }).textContent();
  assert.match(engaging, /Open/);
  assert.match(engaging, /5 of 8, after Proposal/);
  assert.match(engaging, /70% \(from the file\)/);
  assert.match(engaging, /Best case/);
  await page.getByText('2 open deals have no amount yet; they count as deals and add nothing to totals.').waitFor();
  await page.getByText(/Importing also creates 4 new accounts: Société Générale, Müller GmbH/).waitFor();
  assert.equal(await countRecords(page, 'deals'), 0, 'nothing written before confirming');
  const pipelineBefore = (await allRecords(page, 'pipelines'))[0];
  assert.ok(!pipelineBefore.stages.some((s) => s.name === 'Engaging'));
  await screenshot(page, 'csv-deals-review');
  await page.getByRole('button', { name: 'Import 4 rows' }).click();
  await page.getByText('Imported 4 deals').waitFor();

  // One transaction wrote the stage, the accounts and the deals.
  const pipeline = (await allRecords(page, 'pipelines'))[0];
  assert.equal(pipeline.stages[4].name, 'Engaging');
  const deals = await allRecords(page, 'deals');
  assert.equal(deals.length, 4);
  const byId = Object.fromEntries(deals.map((d) => [d.external_id, d]));
  assert.equal(byId['006A00000000001AAA'].name, 'Société Générale renewal');
  assert.equal(byId['006A00000000002AAA'].amount, null);
  assert.equal(byId['006A00000000002AAA'].stage_id, pipeline.stages[4].id);

  // The Deals list shows the names intact and the deals without an amount as such.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByLabel('Show').selectOption({ label: 'All deals' });
  const sg = page.getByRole('row', { name: /Société Générale renewal/ });
  assert.match(await sg.textContent(), /\$12,500\.00/);
  const muller = await page.getByRole('row', { name: /Müller GmbH expansion/ }).textContent();
  assert.match(muller, /Müller GmbH/);
  assert.match(muller, /Engaging/);
  assert.match(muller, /No amount/);
  assert.match(await page.getByRole('row', { name: /Crédit Agricole pilot/ }).textContent(), /No amount/);
  assert.match(await page.getByRole('row', { name: /Zürich Versicherung/ }).textContent(), /\$8,000\.00/);

  // The opportunity history of the same deals, found by their Salesforce ids.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByRole('link', { name: 'Import a CSV file' }).click();
  await page.getByLabel('What the file holds').selectOption({ label: 'Deal history (one row per change)' });
  await page.getByText(/fills the change history of deals you already imported, matched by their External id or name/).waitFor();
  await screenshot(page, 'csv-history-kind');
  await page.getByLabel('CSV file').setInputFiles(tmpFile('OpportunityHistory.csv', HISTORY));
  await mapping.waitFor();
  assert.equal(await encoding.inputValue(), 'utf-8');
  assert.equal(await chosen('OpportunityId'), 'External id');
  assert.equal(await chosen('CreatedDate'), 'Date of change');
  assert.equal(await chosen('StageName'), 'Stage');
  assert.equal(await chosen('CloseDate'), 'Expected close');
  // Without a deal column the history cannot go on, and says what it needs.
  await page.getByLabel('OpportunityId', { exact: true }).selectOption({ label: '— Don’t import —' });
  await page.getByText('Map a column to Deal (or External id) to continue.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Next: values' }).isDisabled());
  await page.getByLabel('OpportunityId', { exact: true }).selectOption({ label: 'External id' });
  await page.getByRole('button', { name: 'Next: values' }).click();
  // Every stage of the file is in the pipeline now (Engaging included).
  assert.equal(
    await page.getByRole('group', { name: /Stages in the file/ }).getByLabel('Engaging', { exact: true })
      .evaluate((s) => s.options[s.selectedIndex].text),
    'Engaging',
  );
  assert.equal(await page.getByRole('group', { name: /does not have/ }).count(), 0);
  await page.getByRole('button', { name: 'Next: review' }).click();

  await page.getByText('7 of 7 rows will be read into the change history of deals; 0 rows cannot be imported.').waitFor();
  const summary = page.getByRole('table', { name: 'History summary' });
  const fact = async (label) =>
    (await summary.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td').textContent()).trim();
  assert.equal(await fact('Deals updated'), '3');
  assert.equal(await fact('Deals already up to date'), '0');
  assert.equal(await fact('Stage history entries'), '7');
  assert.ok(Number(await fact('Change entries')) >= 4);
  assert.match(await fact('Deals reconciled'), /^\d+$/);
  await screenshot(page, 'csv-history-review');
  const unchanged = await allRecords(page, 'deals');
  assert.deepEqual(unchanged, deals, 'nothing written before confirming');
  await page.getByRole('button', { name: 'Import the history of 3 deals' }).click();
  await page.getByText('Imported the history of 3 deals').waitFor();

  // The file's changes are in the deals' records, their current values kept.
  const after = Object.fromEntries((await allRecords(page, 'deals')).map((d) => [d.external_id, d]));
  const sgDeal = after['006A00000000001AAA'];
  assert.equal(sgDeal.amount, 1250000);
  assert.equal(sgDeal.stage_history.length, 3);
  const amounts = sgDeal.change_log.filter((c) => c.field === 'amount').map((c) => [c.from, c.to]);
  assert.deepEqual(amounts, [[1000000, 1200000], [1200000, 1250000]]);
  assert.equal(after['006A00000000003AAA'].stage_history.length, deals.find((d) => d.external_id === '006A00000000003AAA').stage_history.length);

  // The deal's page lists the stages from the file with their dates.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: 'Société Générale renewal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Société Générale renewal' }).waitFor();
  const history = page.getByRole('region', { name: 'History' });
  const entries = async (field) => (await history.getByRole('listitem').allTextContents())
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t.startsWith(field + ' '));
  assert.deepEqual(await entries('Stage'), [
    'Stage Qualification → Proposal Mar 20, 2026',
    'Stage Prospecting → Qualification Feb 10, 2026',
    'Stage Created in Prospecting Jan 5, 2026',
  ]);
  // The file's amount changes are in the deal's history too.
  assert.equal((await entries('Amount')).length, 2);
  await page.goto(root.url + '/deals/' + after['006A00000000002AAA'].id);
  await page.getByRole('heading', { level: 1, name: 'Müller GmbH expansion' }).waitFor();
  assert.deepEqual(await entries('Stage'), ['Stage Prospecting → Engaging Mar 5, 2026', 'Stage Created in Prospecting Feb 1, 2026']);
  await screenshot(page, 'csv-history-deal');

  // The same history again changes nothing, and the review says so.
  await page.goto(root.url + '/data/csv');
  await page.getByLabel('What the file holds').selectOption({ label: 'Deal history (one row per change)' });
  await page.getByLabel('CSV file').setInputFiles(tmpFile('OpportunityHistory.csv', HISTORY));
  await page.getByRole('button', { name: 'Next: values' }).click();
  await page.getByRole('button', { name: 'Next: review' }).click();
  assert.equal(await fact('Deals already up to date'), '3');
  await page.getByText('These deals already have this history: there is nothing to import.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Nothing to import' }).isDisabled());
  assert.deepEqual(problems, []);
  await context.close();
});
