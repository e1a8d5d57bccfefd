// The seller's daily work: leads to deals on the board, activities and My day,
// stalled deals, search, and the board without a mouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot } from './support/browser.mjs';

serveApp();

function isoDay(offsetDays = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function createLead(page, { name, company, email }) {
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  await page.getByRole('link', { name: /New lead|Add your first lead/ }).first().click();
  await page.getByLabel(/^Name/).fill(name);
  await page.getByLabel('Company').fill(company);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Source').fill('Webinar');
  await page.getByRole('button', { name: 'Create lead' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('lead → qualify → convert → board → drag to Proposal with its checklist → won, kept after reload', async () => {
  // A wide desktop: all seven stages in view, as drag and drop needs.
  const { context, page, problems } = await newPage(browser, { width: 1800 });
  await page.goto(root.url + '/leads');
  await page.getByText('No leads yet').waitFor();
  await createLead(page, { name: 'Ana Silva', company: 'Globex', email: 'ana@globex.io' });

  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  await page.getByText('Lead marked qualified').waitFor();
  await page.getByRole('button', { name: 'Convert…' }).click();
  const convert = page.getByRole('form', { name: 'Convert lead' });
  assert.equal(await convert.getByLabel(/^New account name/).inputValue(), 'Globex');
  await convert.getByLabel(/^Deal name/).fill('Globex pilot');
  await convert.getByLabel('Deal amount').fill('8,000');
  await convert.getByRole('button', { name: 'Convert lead' }).click();
  await page.getByRole('heading', { level: 1, name: 'Globex pilot' }).waitFor();
  // Proposal's playbook needs an expected close date before a deal enters it.
  await page.getByLabel('Expected close').fill(isoDay(30));
  await page.getByRole('button', { name: 'Save deal' }).click();
  await page.getByText('Saved Globex pilot').waitFor();

  // The lead keeps links to what it became.
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  const leadRow = page.getByRole('row', { name: /Ana Silva/ });
  assert.match(await leadRow.textContent(), /Converted/);
  await page.getByRole('link', { name: 'Ana Silva' }).click();
  await page.getByRole('link', { name: 'Globex pilot' }).waitFor();
  await page.getByRole('link', { name: 'Globex', exact: true }).waitFor();

  // On the board, in the first stage.
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  const prospecting = page.getByRole('region', { name: 'Prospecting stage' });
  const card = page.getByRole('listitem', { name: /Globex pilot/ });
  await card.waitFor();
  assert.match(await prospecting.textContent(), /1 deal/);
  assert.match(await prospecting.textContent(), /\$8,000/);
  await screenshot(page, 'pipeline-board');

  // Drag to Proposal: leaving Prospecting shows its exit criteria.
  await card.dragTo(page.getByRole('region', { name: 'Proposal stage' }));
  const dialog = page.getByRole('dialog', { name: /Move Globex pilot to Proposal/ });
  await dialog.getByText('Before leaving Prospecting:').waitFor();
  await dialog.getByLabel('Decision maker identified').check();
  await dialog.getByLabel('First meeting booked').check();
  await screenshot(page, 'pipeline-exit-criteria');
  await dialog.getByRole('button', { name: 'Move to Proposal' }).click();
  await page.getByText('Moved Globex pilot to Proposal').waitFor();
  const proposal = page.getByRole('region', { name: 'Proposal stage' });
  assert.match(await proposal.textContent(), /Globex pilot/);
  assert.match(await proposal.textContent(), /\$4,800 weighted/);
  assert.match(await prospecting.textContent(), /0 deals/);

  // Then to Won (Proposal's checklist again), and the deal is closed.
  await proposal.getByRole('listitem', { name: /Globex pilot/ }).dragTo(page.getByRole('region', { name: 'Won stage' }));
  await page.getByRole('dialog').getByLabel('Won reason (optional)').fill('Product fit');
  await page.getByRole('dialog').getByRole('button', { name: /Move to Won/ }).click();
  await page.getByText('Moved Globex pilot to Won').waitFor();

  await page.reload();
  const won = page.getByRole('region', { name: 'Won stage' });
  await won.getByRole('listitem', { name: /Globex pilot/ }).waitFor();
  await page.getByRole('link', { name: 'Globex pilot' }).click();
  const history = await page.getByRole('list').filter({ hasText: 'Prospecting' }).textContent();
  assert.match(history, /Won.*Proposal.*Prospecting/s);
  assert.equal(await page.getByLabel('Closed on').inputValue(), isoDay(0));
  // The reason given in the move dialog is kept with the deal.
  assert.equal(await page.getByLabel(/^Won reason/).inputValue(), 'Product fit');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the board works with the keyboard alone', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Keyboard deal');
  await page.getByLabel(/^Amount/).fill('1000');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Keyboard deal' }).waitFor();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  const card = page.getByRole('listitem', { name: /Keyboard deal/ });
  await card.waitFor();

  // Tab from the page's filters to the card, then move it with the arrow key.
  await page.getByLabel('Expected close').focus();
  for (let i = 0; i < 10 && !(await card.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await card.evaluate((el) => el === document.activeElement), 'the card takes focus');
  await page.keyboard.press('ArrowRight');
  // Prospecting has exit criteria: the dialog opens with focus inside it.
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  // Focus moves into the dialog on the next frame; a person waits for it too.
  await page.waitForFunction(() => document.activeElement?.closest('[role="dialog"]'));
  await page.keyboard.press('Space'); // ticks the first criterion
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Moved Keyboard deal to Qualification').waitFor();
  const moved = page.getByRole('region', { name: 'Qualification stage' }).getByRole('listitem', { name: /Keyboard deal/ });
  await moved.waitFor();
  assert.ok(await moved.evaluate((el) => el === document.activeElement), 'focus follows the card');
  // Escape cancels a move.
  await page.keyboard.press('ArrowLeft');
  await page.getByRole('dialog').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('[role="dialog"]'));
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Qualification stage' }).getByRole('listitem').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an activity due today appears on My day, and logging takes two clicks', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Initech');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Initech' }).waitFor();

  // Two clicks: pick the kind, save.
  await page.getByRole('button', { name: 'Log call' }).click();
  await page.getByRole('button', { name: 'Save activity' }).click();
  await page.getByText('Call logged').waitFor();
  await page.getByText('Call with Initech').first().waitFor();
  // The account's timeline shows it; the activities list can delete it, with undo.
  await page.getByRole('list', { name: 'Timeline' }).getByText('Call with Initech').waitFor();
  await page.getByRole('link', { name: 'Activities', exact: true }).click();
  await page.getByLabel('Show').selectOption('done');
  await page.getByRole('button', { name: 'Delete activity Call with Initech' }).click();
  await page.getByText('Deleted “Call with Initech”').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Restored').waitFor();
  await page.getByRole('button', { name: 'Delete activity Call with Initech' }).waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'Initech' }).click();

  await page.getByRole('button', { name: 'Log task' }).click();
  await page.getByLabel(/^Subject/).fill('Send the contract');
  await page.getByLabel('Due date').fill(isoDay(0));
  await page.getByLabel('Due time').fill('15:30');
  await page.getByRole('button', { name: 'Save activity' }).click();
  await page.getByText('Task logged').waitFor();

  await page.getByRole('link', { name: 'My day', exact: true }).click();
  const today = page.getByRole('list', { name: 'Today' });
  await today.getByText('Send the contract').waitFor();
  assert.match(await today.textContent(), /15:30/);
  await screenshot(page, 'my-day');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deal with a backdated last activity is flagged stalled on the board', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Quiet deal');
  await page.getByLabel(/^Amount/).fill('500');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Quiet deal' }).waitFor();
  const dealId = new URL(page.url()).pathname.split('/').pop();

  // Backdate the deal and give it an old activity, straight in IndexedDB (as an
  // import of old data would), then reload.
  await page.evaluate(
    ([id]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('salesdeck');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['deals', 'activities'], 'readwrite');
          const deals = tx.objectStore('deals');
          const get = deals.get(id);
          get.onsuccess = () => {
            const d = get.result;
            const old = new Date(Date.now() - 40 * 86400000).toISOString();
            d.created_at = old;
            d.stage_history = [{ stage_id: d.stage_id, at: new Date(Date.now() - 5 * 86400000).toISOString() }];
            deals.put(d);
            const when = new Date(Date.now() - 20 * 86400000).toISOString();
            tx.objectStore('activities').put({
              id: '00000000-0000-4000-8000-000000000001', kind: 'call', subject: 'Old call', notes: null,
              due: null, done: true, done_at: when, outcome: null, owner_id: null, deal_id: id,
              account_id: null, contact_id: null, lead_id: null, created_at: when, updated_at: when,
            });
          };
          tx.oncomplete = () => { db.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [dealId],
  );
  await page.reload();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  const card = page.getByRole('listitem', { name: /Quiet deal/ });
  await card.getByText('Stalled: No activity for 20 days').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('search finds a contact by e-mail, grouped by type, with the keyboard', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Acme');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
  const accountId = new URL(page.url()).pathname.split('/').pop();
  await page.goto(root.url + `/contacts/new?account=${accountId}`);
  await page.getByLabel(/^Name/).fill('Wile E. Coyote');
  await page.getByLabel('E-mail').fill('wile@acme.com');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wile E. Coyote' }).waitFor();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();

  // "/" focuses the search box from anywhere.
  await page.locator('body').click();
  await page.keyboard.press('/');
  const box = page.getByRole('combobox', { name: 'Search' });
  assert.ok(await box.evaluate((el) => el === document.activeElement));
  await page.keyboard.type('WILE@acme');
  const results = page.getByRole('listbox', { name: 'Search results' });
  await results.getByRole('group', { name: 'Contacts' }).getByRole('option', { name: /Wile E\. Coyote/ }).waitFor();
  await screenshot(page, 'search');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Wile E. Coyote' }).waitFor();

  await box.fill('acme');
  await results.getByRole('group', { name: 'Accounts' }).waitFor();
  await results.getByRole('group', { name: 'Contacts' }).waitFor();
  await box.fill('no such thing');
  await page.getByText('No matches').waitFor();

  // A record added after the index was built (no reload) is found on the next search.
  await box.fill('');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel(/^Name/).fill('Roadrunner Supplies');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Roadrunner Supplies' }).waitFor();
  await box.fill('roadrun');
  await results.getByRole('group', { name: 'Accounts' }).getByRole('option', { name: /Roadrunner Supplies/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
