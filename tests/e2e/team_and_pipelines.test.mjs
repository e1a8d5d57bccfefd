// Reps and territories on the Team page; pipelines and stages in Settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot } from './support/browser.mjs';

serveApp();

test('deactivating a rep hands their open deals to another rep in one action', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/settings');
  await page.getByLabel('Your name').fill('Ana Silva');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();

  await page.getByRole('link', { name: 'Team', exact: true }).click();
  await page.getByLabel(/^Territory name/).fill('West');
  await page.getByLabel('Region').fill('EMEA');
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByText('Territory added').waitFor();
  await page.getByRole('button', { name: 'Edit territory West' }).click();
  await page.getByLabel(/^Territory name/).fill('West Coast');
  await page.getByRole('button', { name: 'Save territory' }).click();
  await page.getByText('Territory saved').waitFor();
  await page.getByLabel(/^Rep name/).fill('Bo Chen');
  await page.getByLabel('Rep e-mail').fill('bo@example.com');
  await page.getByLabel('Territory', { exact: true }).selectOption({ label: 'West Coast' });
  await page.getByRole('button', { name: 'Add rep' }).click();
  await page.getByText('Saved Bo Chen').waitFor();

  // A deal owned by Bo.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: /New deal|Add your first deal/ }).first().click();
  await page.getByLabel(/^Deal name/).fill('Bo’s deal');
  await page.getByLabel(/^Amount/).fill('900');
  await page.getByLabel('Owner').selectOption({ label: 'Bo Chen' });
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bo’s deal' }).waitFor();

  // The Prospecting playbook gave the new deal two tasks, owned by Bo with it.
  await page.getByRole('link', { name: 'Team', exact: true }).click();
  await page.getByRole('button', { name: 'Deactivate Bo Chen' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Deactivate Bo Chen? They own 1 open deal, 0 open leads and 2 open activities.').waitFor();
  await confirm.getByLabel('Reassign their open work to').selectOption({ label: 'Ana Silva' });
  await screenshot(page, 'team');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByText('Deactivated; 3 records reassigned').waitFor();
  assert.match(await page.getByRole('row', { name: /Bo Chen/ }).textContent(), /Inactive/);

  await page.reload();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  assert.match(await page.getByRole('row', { name: /Bo’s deal/ }).textContent(), /Ana Silva/);
  // Inactive reps are not offered as owners.
  await page.getByRole('link', { name: 'New deal' }).click();
  const owners = await page.getByLabel('Owner').locator('option').allTextContents();
  assert.ok(!owners.includes('Bo Chen'), owners.join(', '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('stages are renamed, reordered and removed; a removed stage’s deals go where the user says', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill('Stage mover');
  await page.getByLabel(/^Amount/).fill('100');
  const stage = page.getByLabel('Stage');
  await stage.selectOption(await stage.locator('option', { hasText: 'Discovery' }).getAttribute('value'));
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Stage mover' }).waitFor();

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const editor = page.getByRole('form', { name: 'Pipeline stages' });
  await editor.locator('#stage-4-name').fill('Contracting');
  await editor.getByRole('button', { name: 'Remove Discovery' }).click();
  await editor.getByRole('button', { name: 'Save pipeline' }).click();
  await editor.getByText('Choose where the deals in Discovery go').waitFor();
  await editor.getByLabel('1 deal(s) are in Discovery, which you removed. Move them to').selectOption({ label: 'Qualification' });
  await editor.getByRole('button', { name: 'Move Prospecting down' }).click();
  await screenshot(page, 'settings-pipelines');
  await editor.getByRole('button', { name: 'Save pipeline' }).click();
  await page.getByText('Pipeline saved').waitFor();

  await page.reload();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  await page.locator('.column-head h2').first().waitFor();
  const headings = await page.locator('.column-head h2').allTextContents();
  assert.deepEqual(
    headings.map((h) => h.replace(/\d+%$/, '')),
    ['Qualification', 'Prospecting', 'Proposal', 'Contracting', 'Won', 'Lost'],
  );
  await page.getByRole('region', { name: 'Qualification stage' }).getByRole('listitem', { name: /Stage mover/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
