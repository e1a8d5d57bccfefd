// Days are the user's own: with the browser in Los Angeles at 23:30 on Nov 30, a deal
// won now is won on Nov 30 (in UTC it is already Dec 1), and everything that shows a
// day read from a stored moment (the deal's history, the leads list) says Nov 30.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { screenshot, watchContext } from './support/browser.mjs';

serveApp();

test('a deal won at 23:30 local time counts on the local day', async () => {
  const context = await browser.newContext({
    timezoneId: 'America/Los_Angeles',
    viewport: { width: 1360, height: 860 },
  });
  // 07:30 UTC on Dec 1 is 23:30 on Nov 30 in Los Angeles (PST, UTC−8).
  await context.clock.setFixedTime(new Date('2026-12-01T07:30:00Z'));
  const problems = await watchContext(context);
  const page = await context.newPage();
  await page.goto(root.url + '/deals/new');
  assert.equal(await page.evaluate(() => new Date().getDate()), 30, 'the browser is on Nov 30');
  await page.getByLabel(/^Deal name/).fill('Late win');
  await page.getByLabel(/^Amount/).fill('5,000');
  const stage = page.getByLabel('Stage');
  await stage.selectOption(await stage.locator('option', { hasText: 'Won' }).getAttribute('value'));
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: 'Late win' }).waitFor();
  assert.equal(await page.getByLabel('Closed on').inputValue(), '2026-11-30');
  const history = page.getByRole('region', { name: 'History' });
  await history.getByText('Created in Won').waitFor();
  assert.match(await history.textContent(), /Nov 30, 2026/);
  assert.doesNotMatch(await history.textContent(), /Dec 1, 2026/);

  // The deals list shows it closed on Nov 30.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  const row = page.getByRole('row', { name: /Late win/ });
  await row.waitFor();
  assert.match(await row.textContent(), /Nov 30, 2026/);

  // A lead created now was created on Nov 30.
  await page.goto(root.url + '/leads/new');
  await page.getByLabel(/^Name/).fill('Night owl');
  await page.getByRole('button', { name: 'Create lead' }).click();
  await page.getByRole('heading', { level: 1, name: 'Night owl' }).waitFor();
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  const lead = page.getByRole('row', { name: /Night owl/ });
  await lead.waitFor();
  assert.match(await lead.textContent(), /Nov 30, 2026/);
  await screenshot(page, 'time-zone-leads');
  assert.deepEqual(problems, []);
  await context.close();
});
