// The foundation's user flows: accounts and deals end to end, at the root and under
// a sub-path, in the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, sub, serveApp } from './support/app.mjs';
import { newPage, screenshot, countRecords } from './support/browser.mjs';

serveApp({ withSubPath: true });

async function createAccount(page, name, domain) {
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: /New account|Add your first account/ }).first().click();
  await page.getByLabel(/^Name/).fill(name);
  await page.getByLabel('Domain').fill(domain);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function createDealForAccount(page, { name, amount, close, currency }) {
  // From the account page: its "New deal" button preselects the account.
  await page.getByRole('link', { name: 'New deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'New deal' }).waitFor();
  await page.getByLabel(/^Deal name/).fill(name);
  if (currency) await page.getByLabel('Currency').selectOption(currency);
  await page.getByLabel(/^Amount/).fill(amount);
  await page.getByLabel('Expected close').fill(close);
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('create an account and a deal, reload, both are kept with formatted amounts', async () => {
  const { context, page, problems, foreign } = await newPage(browser, { origin: root.origin });
  await page.goto(root.url + '/');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await page.getByText('No deals yet').waitFor();
  await screenshot(page, 'deals-empty');

  await createAccount(page, 'Acme Corp', 'https://www.acme.com/');
  assert.equal(await page.getByRole('combobox', { name: 'Customer status' }).inputValue(), 'prospect');
  await createDealForAccount(page, { name: 'Acme 50 seats', amount: '12500.5', close: '2026-12-15' });
  assert.equal(
    await page.getByRole('combobox', { name: 'Account' }).locator('option:checked').textContent(),
    'Acme Corp',
  );

  await page.reload();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  const row = page.getByRole('row', { name: /Acme 50 seats/ });
  await row.waitFor();
  assert.match(await row.textContent(), /Acme Corp/);
  assert.match(await row.textContent(), /\$12,500\.50/);
  assert.match(await row.textContent(), /Dec 15, 2026/);
  assert.match(await row.textContent(), /Prospecting/);
  await page.getByText('1 open deal · $12,500.50 open pipeline').waitFor();
  await screenshot(page, 'deals-list');

  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  // The Deals list stays until the Accounts page's piece has loaded.
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  const accountRow = page.getByRole('row', { name: /Acme Corp/ });
  assert.match(await accountRow.textContent(), /acme\.com/);
  assert.match(await accountRow.textContent(), /\$12,500\.50/);
  await screenshot(page, 'accounts-list');

  assert.equal(await countRecords(page, 'accounts'), 1);
  assert.equal(await countRecords(page, 'deals'), 1);
  assert.deepEqual(foreign, [], 'no request leaves the app origin');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid amount shows its message beside the field and saves nothing', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Bad amount');
  await page.getByLabel(/^Amount/).fill('12abc');
  await page.getByRole('button', { name: 'Create deal' }).click();

  const amount = page.getByLabel(/^Amount/);
  await page.getByText('“12abc” is not an amount; use digits, e.g. 1,234.50').waitFor();
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  assert.equal(await amount.getAttribute('aria-describedby'), 'field-amount-error');
  await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
  await screenshot(page, 'deal-invalid-amount');
  // Focus moved to the field that needs attention.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-amount');

  // A second kind of bad input: a negative amount.
  await amount.fill('-5');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByText('The amount cannot be negative').waitFor();

  assert.equal(await countRecords(page, 'deals'), 0);
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByText('No deals yet').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('under a sub-path: links, routes, assets and a reload on a deep link work', async () => {
  const { context, page, problems, foreign } = await newPage(browser, { origin: sub.origin });
  // A deep link straight away: the host answers with 404.html, which is the app.
  const first = await page.goto(sub.url + '/accounts');
  assert.equal(first.status(), 404, 'served by the 404.html fallback');
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();

  await createAccount(page, 'Globex', 'globex.io');
  assert.match(new URL(page.url()).pathname, /^\/salesdeck\/accounts\/[0-9a-f-]{36}$/);
  await createDealForAccount(page, {
    name: 'Globex renewal',
    amount: '€1.234,50',
    close: '2027-01-31',
    currency: 'EUR',
  });
  const dealUrl = new URL(page.url()).pathname;
  assert.match(dealUrl, /^\/salesdeck\/deals\/[0-9a-f-]{36}$/);

  // Reload on the deep link.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Globex renewal' }).waitFor();
  assert.equal(await page.getByLabel(/^Amount/).inputValue(), '1234.50');

  // Navigation links carry the sub-path.
  const dealsHref = await page.getByRole('link', { name: 'Deals', exact: true }).getAttribute('href');
  assert.equal(dealsHref, '/salesdeck/deals');
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  const row = page.getByRole('row', { name: /Globex renewal/ });
  await row.waitFor();
  assert.match(await row.textContent(), /€1,234\.50/);
  assert.match(await row.textContent(), /Jan 31, 2027/);
  assert.equal(
    await page.getByRole('link', { name: 'Deals', exact: true }).getAttribute('aria-current'),
    'page',
  );
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('edit and delete: the change is kept, and deleting an account removes its deals', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/accounts');
  await createAccount(page, 'Initech', 'initech.com');
  await createDealForAccount(page, { name: 'Initech pilot', amount: '$2,000', close: '2026-12-01' });

  // Move the deal to Lost: a reason is required.
  const stage = page.getByLabel('Stage');
  const lostValue = await stage.locator('option', { hasText: 'Lost' }).getAttribute('value');
  await stage.selectOption(lostValue);
  await page.getByRole('button', { name: 'Save deal' }).click();
  await page.getByText('Say why the deal was lost').waitFor();
  await page.getByLabel(/^Lost reason/).fill('Budget cut');
  await page.getByRole('button', { name: 'Save deal' }).click();
  await page.getByText('Saved Initech pilot').waitFor();
  await page.getByRole('region', { name: 'History' }).getByRole('listitem').filter({ hasText: /Stage.*→ Lost/ }).waitFor();

  await page.reload();
  assert.equal(await page.getByLabel(/^Lost reason/).inputValue(), 'Budget cut');
  const dealUrl = page.url();

  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'Initech' }).click();
  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('Delete Initech with its 1 deal and 0 contacts?').waitFor();
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await page.getByText('No accounts yet').waitFor();
  assert.equal(await countRecords(page, 'deals'), 0);
  assert.equal(await countRecords(page, 'accounts'), 0);
  // An old link to the deleted deal says so and leads back to the list.
  await page.goto(dealUrl);
  await page.getByRole('heading', { name: 'Deal not found' }).waitFor();
  await page.getByText('This deal does not exist (it may have been deleted).').waitFor();
  await page.getByRole('link', { name: 'Back to deals' }).click();
  await page.getByRole('heading', { name: 'Deals', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('settings are saved, and "me" becomes the default owner', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/settings');
  await page.getByLabel(/^Workspace name/).fill('Ana’s pipeline');
  await page.getByLabel('Home currency').selectOption('EUR');
  await page.getByLabel('Fiscal year starts in').selectOption({ label: 'April' });
  await page.getByLabel('Your e-mail').fill('not-an-email');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Enter an e-mail address like ana@example.com').waitFor();
  await page.getByText('Enter your name too').waitFor();
  await page.getByLabel('Your name').fill('Ana Silva');
  await page.getByLabel('Your e-mail').fill('ana@example.com');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
  await screenshot(page, 'settings');

  await page.reload();
  await page.getByText('Ana’s pipeline').first().waitFor();
  assert.equal(await page.getByLabel('Fiscal year starts in').inputValue(), '4');
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: 'Add your first deal' }).click();
  assert.equal(await page.getByLabel('Currency').inputValue(), 'EUR');
  assert.equal(
    await page.getByLabel('Owner').locator('option:checked').textContent(),
    'Ana Silva',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('another tab upgrading the database makes this tab ask for a reload', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  const other = await context.newPage();
  // A plain same-origin page (not the app) stands in for the newer version.
  await other.goto(root.url + '/vendor/echarts/LICENSE');
  // A newer app version opening the same database.
  const upgraded = await other.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('salesdeck', 1000);
        req.onsuccess = () => {
          req.result.close();
          resolve(true);
        };
        req.onerror = () => reject(req.error);
        req.onblocked = () => resolve('blocked');
      }),
  );
  assert.equal(upgraded, true, 'the upgrade is not blocked by the old tab');
  await page.getByRole('heading', { name: 'Salesdeck was updated in another tab' }).waitFor();
  await page.getByRole('button', { name: 'Reload' }).waitFor();
  await context.close();
});

test('a delete can be undone for a few seconds, restoring what it removed', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/accounts');
  await createAccount(page, 'Umbrella', 'umbrella.com');
  await createDealForAccount(page, { name: 'Umbrella rollout', amount: '3,000', close: '2026-12-20' });
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'Umbrella' }).click();
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete account' }).click();
  await page.getByText('Deleted Umbrella').waitFor();
  assert.equal(await countRecords(page, 'deals'), 0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Restored').waitFor();
  assert.equal(await countRecords(page, 'accounts'), 1);
  assert.equal(await countRecords(page, 'deals'), 1);
  await page.reload();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  assert.match(await page.getByRole('row', { name: /Umbrella rollout/ }).textContent(), /Umbrella/);
  assert.deepEqual(problems, []);
  await context.close();
});
