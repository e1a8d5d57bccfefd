// Snapshots: export, import into an empty workspace, merge twice, and a bad file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot, countRecords, createDemo } from './support/browser.mjs';

serveApp();

const STORES = ['accounts', 'contacts', 'deals', 'activities', 'pipelines', 'reps'];

async function counts(page) {
  const out = {};
  for (const s of STORES) out[s] = await countRecords(page, s);
  return out;
}

async function fillWorkspace(page) {
  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Acme');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
  await page.getByRole('link', { name: 'New contact' }).click();
  await page.getByLabel(/^Name/).fill('Wile');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wile' }).waitFor();
  await page.getByRole('button', { name: 'Log call' }).click();
  await page.getByRole('button', { name: 'Save activity' }).click();
  await page.getByText('Call logged').waitFor();
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Rockets');
  await page.getByLabel(/^Amount/).fill('12,345.67');
  await page.getByLabel('Account').selectOption({ label: 'Acme' });
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rockets' }).waitFor();
}

async function exportSnapshot(page) {
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export snapshot' }).click(),
  ]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('export → a fresh, empty workspace → import gives back the same records', async () => {
  const a = await newPage(browser);
  await fillWorkspace(a.page);
  const file = await exportSnapshot(a.page);
  assert.match(path.basename(file), /^My workspace \d{4}-\d{2}-\d{2}\.salesdeck\.json$/);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(doc.format, 'salesdeck-snapshot');
  assert.equal(doc.deals[0].amount, 1234567);
  assert.equal(doc.deals[0].stage_history.length, 1);
  const before = await counts(a.page);

  // A new browser profile: the workspace is gone.
  const b = await newPage(browser);
  await b.page.goto(root.url + '/data');
  await b.page.getByLabel('Snapshot file').setInputFiles(file);
  const preview = b.page.getByRole('table', { name: 'Import preview' });
  await preview.waitFor();
  assert.match(await preview.getByRole('row', { name: /Deals/ }).textContent(), /Deals\s*1\s*0\s*0\s*0/);
  await screenshot(b.page, 'import-preview');
  await b.page.getByLabel(/^Replace this workspace/).check();
  await b.page.getByRole('button', { name: 'Import snapshot' }).click();
  await b.page.getByText(/^Imported /).waitFor();
  assert.deepEqual(await counts(b.page), before);

  await b.page.reload();
  await b.page.getByRole('link', { name: 'Deals', exact: true }).click();
  const row = b.page.getByRole('row', { name: /Rockets/ });
  assert.match(await row.textContent(), /Acme/);
  assert.match(await row.textContent(), /\$12,345\.67/);

  // Merging the same snapshot again changes nothing.
  await b.page.getByRole('link', { name: 'Data', exact: true }).click();
  await b.page.getByLabel('Snapshot file').setInputFiles(file);
  assert.match(
    await b.page.getByRole('table', { name: 'Import preview' }).getByRole('row', { name: /Deals/ }).textContent(),
    /Deals\s*0\s*0\s*1\s*0/,
  );
  await b.page.getByRole('button', { name: 'Import snapshot' }).click();
  await b.page.getByText(/^Imported /).waitFor();
  assert.deepEqual(await counts(b.page), before);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});

test('a bad snapshot shows every problem and changes nothing', async () => {
  const { context, page, problems } = await newPage(browser);
  await fillWorkspace(page);
  const file = await exportSnapshot(page);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  doc.deals[0].amount = '12';
  doc.deals[0].account_id = 'no-such-account';
  doc.contacts[0].name = 42;
  const bad = file.replace('.json', '.bad.json');
  fs.writeFileSync(bad, JSON.stringify(doc));
  const before = await counts(page);

  await page.getByLabel('Snapshot file').setInputFiles(bad);
  const alert = page.getByRole('alert').filter({ hasText: 'cannot be imported' });
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /Nothing was changed/);
  assert.match(text, /deals\[0\]\.amount: expected an integer, found the text "12"/);
  assert.match(text, /deals\[0\]\.account_id|contacts\[0\]\.name/);
  assert.match(text, /contacts\[0\]\.name: expected a string/);
  assert.equal(await page.getByRole('button', { name: 'Import snapshot' }).count(), 0);
  await screenshot(page, 'import-problems');

  // Not JSON at all, and an empty file.
  const junk = path.join(path.dirname(file), 'junk.json');
  fs.writeFileSync(junk, 'not json');
  await page.getByLabel('Snapshot file').setInputFiles(junk);
  await page.getByText(/not valid JSON/).waitFor();
  fs.writeFileSync(junk, '');
  await page.getByLabel('Snapshot file').setInputFiles(junk);
  await page.getByText('The file is empty.').waitFor();
  assert.deepEqual(await counts(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a list exports to CSV as filtered, with formulas neutralised', async () => {
  const { context, page, problems } = await newPage(browser);
  for (const [name, amount] of [['=HYPERLINK("x")', '100'], ['Plain deal', '2,500.5']]) {
    await page.goto(root.url + '/deals/new');
    await page.getByLabel(/^Deal name/).fill(name);
    await page.getByLabel(/^Amount/).fill(amount);
    await page.getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }
  // Lose one, so the "Open" filter has something to leave out.
  const stage = page.getByLabel('Stage');
  await stage.selectOption(await stage.locator('option', { hasText: 'Lost' }).getAttribute('value'));
  await page.getByLabel(/^Lost reason/).fill('Timing');
  await page.getByRole('button', { name: 'Save deal' }).click();
  await page.getByText('Saved Plain deal').waitFor();

  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByLabel('Show').selectOption('open');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^My workspace deals \d{4}-\d{2}-\d{2}\.csv$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), 'deals.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Deal,Account,Stage,Amount,Currency,Close date,Owner,Stalled');
  assert.equal(lines.length, 2, 'only the open deal');
  assert.match(lines[1], /^"'=HYPERLINK\(""x""\)",—,Prospecting,100\.00,USD,/);
  await page.getByText('Exported 1 rows').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an encrypted snapshot round-trips, and a wrong passphrase changes nothing', async () => {
  const a = await newPage(browser);
  await fillWorkspace(a.page);
  await a.page.getByRole('link', { name: 'Data', exact: true }).click();
  await a.page.getByLabel('Protect with a passphrase').check();
  await a.page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
  await a.page.getByLabel('Repeat passphrase').fill('correct horse battery!');
  await a.page.getByRole('button', { name: 'Export snapshot' }).click();
  await a.page.getByText('The two passphrases differ.').waitFor();
  await a.page.getByLabel('Repeat passphrase').fill('correct horse battery');
  const [download] = await Promise.all([
    a.page.waitForEvent('download'),
    a.page.getByRole('button', { name: 'Export snapshot' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.encrypted\.salesdeck\.json$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), download.suggestedFilename());
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  const env = JSON.parse(text);
  assert.equal(env.format, 'salesdeck-encrypted-snapshot');
  assert.equal(env.kdf.name, 'PBKDF2');
  assert.ok(env.kdf.iterations >= 310000);
  assert.equal(env.cipher.name, 'AES-GCM');
  assert.doesNotMatch(text, /Rockets|Acme/, 'nothing readable in the file');
  const before = await counts(a.page);

  const b = await newPage(browser);
  await b.page.goto(root.url + '/data');
  // The Data page shows once the new workspace is open (its first-start records written).
  await b.page.getByLabel('Snapshot file').waitFor({ state: 'attached' });
  const empty = await counts(b.page);
  await b.page.getByLabel('Snapshot file').setInputFiles(file);
  await b.page.getByLabel('Snapshot passphrase').fill('wrong passphrase');
  await b.page.getByRole('button', { name: 'Unlock' }).click();
  await b.page.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor();
  assert.deepEqual(await counts(b.page), empty, 'a wrong passphrase writes nothing');
  await screenshot(b.page, 'import-encrypted');

  await b.page.getByLabel('Snapshot passphrase').fill('correct horse battery');
  await b.page.getByRole('button', { name: 'Unlock' }).click();
  await b.page.getByRole('table', { name: 'Import preview' }).waitFor();
  await b.page.getByLabel(/^Replace this workspace/).check();
  await b.page.getByRole('button', { name: 'Import snapshot' }).click();
  await b.page.getByText(/^Imported /).waitFor();
  assert.deepEqual(await counts(b.page), before);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});

test('a manager merges several reps’ snapshots into one team view', async () => {
  // The manager sets up the team and hands the base workspace to each rep.
  const m = await newPage(browser);
  await m.page.goto(root.url + '/team');
  for (const name of ['Ana Silva', 'Bo Chen', 'Cy Diaz']) {
    await m.page.getByLabel(/^Rep name/).fill(name);
    await m.page.getByRole('button', { name: 'Add rep' }).click();
    await m.page.getByText(`Saved ${name}`).waitFor();
  }
  const base = await exportSnapshot(m.page);

  const files = [];
  for (const [rep, deal] of [['Ana Silva', 'Ana’s deal'], ['Bo Chen', 'Bo’s deal'], ['Cy Diaz', 'Cy’s deal']]) {
    const r = await newPage(browser);
    await r.page.goto(root.url + '/data');
    await r.page.getByLabel('Snapshot file').setInputFiles(base);
    await r.page.getByLabel(/^Replace this workspace/).check();
    await r.page.getByRole('button', { name: 'Import snapshot' }).click();
    await r.page.getByText(/^Imported /).waitFor();
    await r.page.goto(root.url + '/deals/new');
    await r.page.getByLabel(/^Deal name/).fill(deal);
    await r.page.getByLabel(/^Amount/).fill('1,000');
    await r.page.getByLabel('Owner').selectOption({ label: rep });
    await r.page.getByRole('button', { name: 'Create deal' }).click();
    await r.page.getByRole('heading', { level: 1, name: deal }).waitFor();
    files.push(await exportSnapshot(r.page));
    assert.deepEqual(r.problems, []);
    await r.context.close();
  }

  await m.page.getByRole('link', { name: 'Data', exact: true }).click();
  for (const f of files) {
    await m.page.getByLabel('Snapshot file').setInputFiles(f);
    const row = m.page.getByRole('table', { name: 'Import preview' }).getByRole('row', { name: /Deals/ });
    assert.match(await row.textContent(), /Deals\s*1\s*0\s*0\s*0/, 'one new deal per rep');
    await m.page.getByRole('button', { name: 'Import snapshot' }).click();
    await m.page.getByText(/^Imported /).waitFor();
  }
  assert.equal(await countRecords(m.page, 'deals'), 3);
  assert.equal(await countRecords(m.page, 'reps'), 3, 'reps are not duplicated');
  assert.equal(await countRecords(m.page, 'pipelines'), 1, 'one shared pipeline');
  // Merging one of them again changes nothing.
  await m.page.getByLabel('Snapshot file').setInputFiles(files[0]);
  assert.match(
    await m.page.getByRole('table', { name: 'Import preview' }).getByRole('row', { name: /Deals/ }).textContent(),
    /Deals\s*0\s*0\s*1\s*0/,
  );
  await m.page.getByRole('button', { name: 'Cancel' }).click();

  await m.page.getByRole('link', { name: 'Deals', exact: true }).click();
  for (const [rep, deal] of [['Ana Silva', 'Ana’s deal'], ['Bo Chen', 'Bo’s deal'], ['Cy Diaz', 'Cy’s deal']]) {
    assert.match(await m.page.getByRole('row', { name: new RegExp(deal) }).textContent(), new RegExp(rep));
  }
  await m.page.getByRole('link', { name: 'Team', exact: true }).click();
  await m.page.getByRole('button', { name: 'Deactivate Bo Chen' }).click();
  await m.page.getByRole('alertdialog').getByText(/They own 1 open deal/).waitFor();
  assert.deepEqual(m.problems, []);
  await m.context.close();
});

test('a large snapshot is checked and compared in slices: a progress bar shows and the page keeps drawing', async () => {
  const { context, page, problems } = await newPage(browser);
  await createDemo(page, root.url, 'medium');
  const file = await exportSnapshot(page);
  assert.ok(fs.statSync(file).size > 10_000_000, 'a snapshot of several megabytes');

  // Watch the gaps between animation frames while the file is read, checked and
  // compared with this workspace (one long task would show as one long gap).
  await page.evaluate(() => {
    window.frameGaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.frameGaps.push(t - last);
      last = t;
      if (!window.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByLabel('Snapshot file').setInputFiles(file);
  await page.getByRole('progressbar', { name: /Checking records|Comparing with this workspace/ }).waitFor();
  await page.getByRole('table', { name: 'Import preview' }).waitFor({ timeout: 120_000 });
  const gaps = await page.evaluate(() => {
    window.stopFrames = true;
    return window.frameGaps;
  });
  const longest = Math.max(...gaps);
  console.log(`# snapshot check: ${gaps.length} frames, longest gap ${Math.round(longest)} ms`);
  assert.ok(gaps.length > 10, 'frames kept coming');
  assert.ok(longest < 1000, `the page froze for ${Math.round(longest)} ms`);
  // Every record is already here: the preview says so.
  const preview = page.getByRole('table', { name: 'Import preview' });
  await preview.getByRole('row', { name: /^Deals\s+0\s+0\s+[\d,]+\s+0$/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
