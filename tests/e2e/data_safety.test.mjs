// Keeping data safe: persistence is requested after the first real record, Settings
// shows usage, quota and persistence, and a reminder to export shows when the
// browser may clear the data. Both answers of the browser are tested: the page's
// `navigator.storage.persist`/`persisted` are replaced before the app loads, so each
// run sees a known answer whatever this machine's Chromium would decide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage } from './support/browser.mjs';

serveApp();

/** A page whose browser grants (or refuses) persistence when asked. */
async function pageWhereBrowserAnswers(granted) {
  const opened = await newPage(browser);
  await opened.context.addInitScript((granted) => {
    let persisted = false;
    window.__persistCalls = 0;
    Object.defineProperty(navigator.storage, 'persist', {
      configurable: true,
      value: async () => {
        window.__persistCalls += 1;
        persisted = granted;
        return granted;
      },
    });
    Object.defineProperty(navigator.storage, 'persisted', {
      configurable: true,
      value: async () => persisted,
    });
  }, granted);
  return opened;
}

async function createFirstAccount(page) {
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  assert.equal(await page.evaluate(() => window.__persistCalls), 0, 'nothing to keep yet');
  assert.equal(await page.getByRole('note').count(), 0, 'no data, no reminder');
  await page.goto(root.url + '/accounts/new');
  await page.getByLabel(/^Name/).fill('Acme');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
  await page.waitForFunction(() => window.__persistCalls === 1);
  assert.equal(await page.evaluate(() => localStorage.getItem('salesdeck.persist-asked')), 'true');
}

test('when the browser grants persistence: asked once, Settings says Persistent, no reminder', async () => {
  const { context, page, problems } = await pageWhereBrowserAnswers(true);
  await createFirstAccount(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const storage = page.getByRole('region', { name: 'Storage in this browser' });
  await storage.getByText(/Using .+ of .+ available to this site\./).waitFor();
  await storage.getByText('Persistent', { exact: true }).waitFor();
  assert.equal(await page.getByRole('note').filter({ hasText: 'export a snapshot' }).count(), 0);
  // A second record (same page load: the counter is the page's) does not ask again.
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel(/^Name/).fill('Globex');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Globex' }).waitFor();
  assert.equal(await page.evaluate(() => window.__persistCalls), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the browser refuses: Settings says Not persistent and a reminder to export shows, snoozed for a week', async () => {
  const { context, page, problems } = await pageWhereBrowserAnswers(false);
  await createFirstAccount(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const storage = page.getByRole('region', { name: 'Storage in this browser' });
  await storage.getByText('Not persistent', { exact: true }).waitFor();
  const reminder = page.getByRole('note').filter({ hasText: 'export a snapshot' });
  await reminder.waitFor();
  await reminder.getByRole('button', { name: 'Remind me next week' }).click();
  assert.equal(await reminder.count(), 0);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await storage.getByText('Not persistent', { exact: true }).waitFor();
  assert.equal(await reminder.count(), 0, 'snoozed for a week');
  assert.deepEqual(problems, []);
  await context.close();
});
