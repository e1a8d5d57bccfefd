// Scale: the board with 5,000 open deals, search over ~100,000 records, and lists that
// render one page of rows however many there are. Times are printed; the bounds are
// generous (CI machines are slow) but catch a render path gone quadratic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot } from './support/browser.mjs';

serveApp();

/** Writes records straight into the app's IndexedDB, one transaction per store. */
async function seed(page, { deals, accounts, contacts }) {
  return page.evaluate(
    ([nDeals, nAccounts, nContacts]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('salesdeck');
        req.onsuccess = () => {
          const db = req.result;
          const read = db.transaction('pipelines').objectStore('pipelines').getAll();
          read.onsuccess = () => {
            const stages = read.result[0].stages.filter((s) => s.kind === 'open');
            const pipeline = read.result[0].id;
            const now = new Date().toISOString();
            const id = (p, i) => `${p}-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
            const tx = db.transaction(['accounts', 'contacts', 'deals'], 'readwrite');
            const acc = tx.objectStore('accounts');
            for (let i = 0; i < nAccounts; i++) {
              acc.put({ id: id('a', i), name: `Company ${i}`, domain: `company${i}.com`, industry: null, segment: null,
                territory_id: null, owner_id: null, status: 'prospect', customer_since: null, churned_on: null,
                created_at: now, updated_at: now });
            }
            const con = tx.objectStore('contacts');
            for (let i = 0; i < nContacts; i++) {
              con.put({ id: id('c', i), account_id: id('a', i % nAccounts), name: `Person ${i}`, title: null,
                email: `person${i}@company${i % nAccounts}.com`, phone: `+1 555 ${String(i).padStart(7, '0')}`,
                created_at: now, updated_at: now });
            }
            const dl = tx.objectStore('deals');
            for (let i = 0; i < nDeals; i++) {
              const stage = stages[i % stages.length].id;
              dl.put({ id: id('d', i), name: `Deal ${i}`, account_id: id('a', i % nAccounts), contact_ids: [],
                pipeline_id: pipeline, stage_id: stage, amount: 100000 + i, currency: 'USD', owner_id: null,
                expected_close: '2027-01-15', closed_on: null, forecast_category: null, lost_reason: null,
                next_step: 'Call', next_step_due: '2027-01-01', source_lead_id: null, mrr: null,
                stage_history: [{ stage_id: stage, at: now }], created_at: now, updated_at: now });
            }
            tx.oncomplete = () => { db.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
          };
        };
        req.onerror = () => reject(req.error);
      }),
    [deals, accounts, contacts],
  );
}

test('5,000 open deals on the board, search across 100,000 records, paged lists', async () => {
  const { context, page, problems } = await newPage(browser, { width: 1800 });
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await seed(page, { deals: 5000, accounts: 45000, contacts: 50000 });

  let t = Date.now();
  await page.reload();
  await page.getByText('5,000 open deals').waitFor({ timeout: 60000 });
  const openMs = Date.now() - t;
  // One page of rows, not 5,000.
  assert.equal(await page.locator('tbody tr').count(), 100);
  await page.getByText('1–100 of 5,000').waitFor();

  t = Date.now();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  const first = page.getByRole('region', { name: 'Prospecting stage' });
  await first.getByText('1,000 deals').waitFor();
  const boardMs = Date.now() - t;
  // Each of the five open columns renders its first page of 40 cards (of 1,000), with
  // "Show more"; the won and lost columns are empty.
  assert.equal(await page.locator('.deal-card').count(), 5 * 40);
  await first.getByRole('button', { name: /Show \d+ more/ }).waitFor();

  // Move a card with the keyboard and wait for both columns' numbers.
  const card = first.getByRole('listitem').first();
  await card.focus();
  t = Date.now();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('dialog').getByRole('button', { name: /Move to Qualification/ }).click();
  await page.getByRole('region', { name: 'Qualification stage' }).getByText('1,001 deals').waitFor();
  await first.getByText('999 deals').waitFor();
  const moveMs = Date.now() - t;
  await screenshot(page, 'board-5000');

  // Search: the first keystroke builds the index, later ones reuse it.
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.click();
  t = Date.now();
  await page.keyboard.type('p');
  await page.getByRole('listbox', { name: 'Search results' }).waitFor();
  const firstKeyMs = Date.now() - t;
  const times = [];
  for (const q of ['person4999', 'person49999@company4999.com']) {
    await box.fill('');
    t = Date.now();
    await box.fill(q);
    await page.getByRole('option', { name: /Person 49999|Person 4999\b/ }).first().waitFor();
    times.push(Date.now() - t);
  }
  console.log(`scale: open ${openMs} ms, board ${boardMs} ms, move ${moveMs} ms, search first key ${firstKeyMs} ms, next ${times.join('/')} ms`);
  assert.ok(boardMs < 5000, `board took ${boardMs} ms`);
  assert.ok(moveMs < 3000, `move took ${moveMs} ms`);
  assert.ok(Math.max(...times) < 1000, `search took ${times} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});
