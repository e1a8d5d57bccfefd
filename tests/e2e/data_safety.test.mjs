// Keeping data safe: persistence is requested after the first real record, Settings
// shows usage, quota and persistence, and a reminder to export shows when the
// browser may clear the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage } from './support/browser.mjs';

serveApp();

test('persistence is asked for after the first record; storage is shown; export is suggested', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  const asked = () => page.evaluate(() => localStorage.getItem('salesdeck.persist-asked'));
  assert.equal(await asked(), null, 'nothing to keep yet');
  // No data, no reminder.
  assert.equal(await page.getByRole('note').count(), 0);

  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Acme');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
  assert.equal(await asked(), 'true');

  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const storage = page.getByRole('region', { name: 'Storage in this browser' });
  await storage.getByText(/Using .+ of .+ available to this site\./).waitFor();
  await storage.getByText(persisted ? 'Persistent' : 'Not persistent', { exact: true }).waitFor();

  const reminder = page.getByRole('note').filter({ hasText: 'export a snapshot' });
  if (persisted) {
    assert.equal(await reminder.count(), 0);
  } else {
    await reminder.waitFor();
    await reminder.getByRole('button', { name: 'Remind me next week' }).click();
    assert.equal(await reminder.count(), 0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    assert.equal(await reminder.count(), 0, 'snoozed for a week');
  }
  assert.deepEqual(problems, []);
  await context.close();
});
