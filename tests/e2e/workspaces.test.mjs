// Several local workspaces, each its own IndexedDB database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp, switchWorkspace } from './support/app.mjs';
import { newPage, screenshot } from './support/browser.mjs';

serveApp();

test('create, switch, rename, duplicate and delete workspaces; the open one is remembered', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Home deal');
  await page.getByLabel(/^Amount/).fill('700');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Home deal' }).waitFor();

  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByLabel('New workspace').fill('Team view');
  await page.getByRole('button', { name: 'Create and open' }).click();
  await page.getByRole('button', { name: 'Switch to My workspace', exact: true }).waitFor();
  await page.locator('.brand-workspace', { hasText: 'Team view' }).waitFor();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByText('No deals yet').waitFor();

  // Back to the first workspace: its deal is there.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await switchWorkspace(page, 'My workspace', 'Team view');
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('row', { name: /Home deal/ }).waitFor();

  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByRole('button', { name: 'Rename Team view' }).click();
  await page.getByLabel('New name').fill('Team');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('button', { name: 'Rename Team' }).waitFor();
  // Names are unique.
  await page.getByLabel('New workspace').fill('team');
  await page.getByRole('button', { name: 'Create and open' }).click();
  await page.getByText('A workspace called “team” exists already').waitFor();

  await page.getByRole('button', { name: 'Duplicate My workspace' }).click();
  await page.getByText('Duplicated as My workspace (copy)').waitFor();
  await page.getByRole('button', { name: 'Delete Team', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete workspace' }).click();
  await page.getByText('Deleted Team').waitFor();
  await screenshot(page, 'workspaces');
  const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.equal(dbs.filter((n) => n.startsWith('salesdeck-')).length, 1, dbs.join(', '));

  await switchWorkspace(page, 'My workspace (copy)', 'My workspace');
  await page.reload();
  await page.getByRole('button', { name: 'Switch to My workspace', exact: true }).waitFor();
  await page.locator('.brand-workspace', { hasText: 'My workspace (copy)' }).waitFor();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('row', { name: /Home deal/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
