// Storage pressure: the browser refuses the write as Chromium does when the quota is
// full (the requests go through, then the transaction aborts at commit with
// `transaction.error` = QuotaExceededError), simulated at the store's boundary by an
// init script while a flag is set (Chromium's DevTools quota override did not take
// effect on this machine's build). The user sees what happened and what to do, the
// refused record is not shown, everything saved before survives a reload, and a
// snapshot import, a CSV import and a new workspace that hit the quota write nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, serveApp } from './support/app.mjs';
import { newProfile, screenshot, countRecords } from './support/browser.mjs';

serveApp();

const FULL = "storage for this site is full";
const fixture = path.resolve('tests/e2e/fixtures/known-kpis.salesdeck.json');

function tmpFile(name, text) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-')), name);
  fs.writeFileSync(file, text);
  return file;
}

async function newDeal(page, name) {
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: 'New deal' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'New deal' }).waitFor();
  await page.getByLabel(/^Deal name/).fill(name);
  await page.getByLabel(/^Amount/).fill('1200');
  await page.getByRole('button', { name: 'Create deal' }).click();
}

async function counts(page) {
  const out = {};
  for (const s of ['deals', 'accounts', 'pipelines', 'activities']) out[s] = await countRecords(page, s);
  return out;
}

// Installed before any page script: while the tab's flag is set, every IndexedDB
// write transaction is refused at commit like a full quota (survives reloads).
function refuseWhenFull() {
  const P = IDBObjectStore.prototype;
  const refuse = (original) => function (...args) {
    let full = false;
    try { full = sessionStorage.getItem('test:storage-full') === '1'; } catch (_) {}
    if (!full) return original.apply(this, args);
    const request = original.apply(this, args);
    const tx = this.transaction;
    if (!tx.__refused) {
      tx.__refused = true;
      const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      Object.defineProperty(tx, 'error', { get: () => error, configurable: true });
      Promise.resolve().then(() => tx.abort());
    }
    return request;
  };
  P.put = refuse(P.put);
  P.add = refuse(P.add);
}

const fillStorage = (page) => page.evaluate(() => sessionStorage.setItem('test:storage-full', '1'));
const freeStorage = (page) => page.evaluate(() => sessionStorage.removeItem('test:storage-full'));

test('a full storage: the refused deal is not shown, the user is told what to do, nothing saved before is lost', async () => {
  const { context, page, problems, close } = await newProfile();
  await context.addInitScript(refuseWhenFull);
  try {
    await page.goto(root.url + '/deals');
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await newDeal(page, 'Kept deal');
    await page.getByRole('heading', { level: 1, name: 'Kept deal' }).waitFor();
    const before = await counts(page);
    assert.equal(before.deals, 1);
    await fillStorage(page);

    // A new deal: refused by the browser.
    await newDeal(page, 'Refused deal');
    const alert = page.getByRole('alert').filter({ hasText: FULL });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Nothing was saved: the browser's storage for this site is full\./);
    assert.match(await alert.textContent(), /Everything saved before is still here/);
    await alert.getByRole('button', { name: 'Export a snapshot' }).waitFor();
    await alert.getByRole('link', { name: 'Delete a workspace' }).waitFor();
    // The form keeps what was typed, so it can be saved once there is room.
    assert.equal(await page.getByLabel(/^Deal name/).inputValue(), 'Refused deal');
    await screenshot(page, 'storage-full-deal');
    // No phantom: the list shows only what was saved.
    await page.getByRole('link', { name: 'Deals', exact: true }).click();
    await page.getByRole('row', { name: /Kept deal/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /Refused deal/ }).count(), 0);
    assert.deepEqual(await counts(page), before);

    // The alert's buttons work: an export downloads a snapshot of what is saved.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      alert.getByRole('button', { name: 'Export a snapshot' }).click(),
    ]);
    const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(doc.deals.map((d) => d.name), ['Kept deal']);

    // A snapshot import (replace) that does not fit writes nothing.
    await alert.getByRole('link', { name: 'Delete a workspace' }).click();
    await page.getByRole('heading', { level: 2, name: 'Workspaces' }).waitFor();
    assert.match(page.url(), /\/data#workspaces$/);
    await page.getByLabel('Snapshot file').setInputFiles(fixture);
    await page.getByRole('table', { name: 'Import preview' }).waitFor();
    await page.getByLabel(/^Replace this workspace/).check();
    await page.getByRole('button', { name: 'Import snapshot' }).click();
    await page.getByRole('alert').filter({ hasText: `Nothing was imported: the browser's ${FULL}` }).waitFor();
    assert.deepEqual(await counts(page), before);

    // A CSV import that does not fit writes nothing.
    await page.getByRole('link', { name: 'Import a CSV file' }).click();
    await page.getByLabel('What the file holds').selectOption({ label: 'Accounts' });
    await page.getByLabel('CSV file').setInputFiles(tmpFile('accounts.csv', 'Name\nCsv One\nCsv Two\n'));
    await page.getByRole('button', { name: 'Next: values' }).click();
    await page.getByRole('button', { name: 'Next: review' }).click();
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByRole('alert').filter({ hasText: `Nothing was imported: the browser's ${FULL}` }).waitFor();
    assert.deepEqual(await counts(page), before);

    // A new workspace that cannot be written is neither listed nor left behind.
    const databases = async () => (await page.evaluate(() => indexedDB.databases())).map((d) => d.name).sort();
    const dbsBefore = await databases();
    await page.getByRole('link', { name: 'Data', exact: true }).click();
    await page.getByLabel('New workspace').fill('Overflow');
    await page.getByRole('button', { name: 'Create and open' }).click();
    await page.getByRole('alert').filter({ hasText: `The workspace was not created: the browser's ${FULL}` }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Switch to Overflow' }).count(), 0);
    assert.deepEqual(await databases(), dbsBefore);

    // Reloaded with the storage still full: the app opens with every saved record.
    await page.reload();
    await page.getByRole('link', { name: 'Deals', exact: true }).click();
    await page.getByRole('row', { name: /Kept deal/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /Refused deal|Csv One/ }).count(), 0);
    assert.deepEqual(await counts(page), before);

    // Once there is room again the same deal is saved and the alert goes.
    await newDeal(page, 'Refused deal');
    await page.getByRole('alert').filter({ hasText: FULL }).waitFor();
    await freeStorage(page);
    await page.getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Refused deal' }).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: FULL }).count(), 0);
    assert.equal(await countRecords(page, 'deals'), 2);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
