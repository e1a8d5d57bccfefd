// Screenshots of the analytics pages with a demo workspace, for people to look at
// (not a test): node tests/bench/shots.mjs [--size small|medium|large] [--dist dist]
import { startServer } from '../e2e/support/server.mjs';
import { launch, newPage, screenshot } from '../e2e/support/browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SIZE = args.size || 'small';
const server = await startServer({ dist: args.dist || 'dist' });
const browser = await launch();
const { page } = await newPage(browser, { width: 1440 });
page.setDefaultTimeout(10 * 60 * 1000);
await page.goto(server.url + '/data');
await page.getByLabel('Demo size').selectOption(SIZE);
await page.getByRole('button', { name: 'Create demo workspace' }).click();
await page.getByRole('note', { name: 'Training workspace' }).waitFor();
await page.locator('.startup').waitFor({ state: 'detached' });
for (const [name, url] of [
  ['dashboard', '/dashboard?period=this-quarter&people=everyone'],
  ['dashboard-me', '/dashboard'],
  ['review', '/review?people=everyone'],
  ['forecast', '/forecast?period=this-quarter&people=everyone'],
]) {
  const t = Date.now();
  await page.goto(server.url + url);
  await page.locator('h1').first().waitFor();
  await page.waitForTimeout(2500);
  await screenshot(page, `${SIZE}-${name}`);
  console.log(name, Date.now() - t, 'ms');
}
await browser.close();
await server.close();
