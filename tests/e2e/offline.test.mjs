// Offline and installable: after one visit the app opens and works with the network
// off (the service worker's cache), at the root and under /salesdeck/, deep links
// included; ECharts too once a chart loaded it. A new deployment waits for the user:
// "A new version is ready" with a Reload button, and a reload keeps everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, sub, serveApp } from './support/app.mjs';
import { newPage, screenshot, dist } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

serveApp({ withSubPath: true });

/** Waits until the service worker has cached this build and controls the page, and
 *  has kept ECharts if the page loaded it (maybe before the worker took control). */
async function cached(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    const echarts = document.querySelector('script[data-salesdeck=echarts]');
    const until = Date.now() + 10000;
    while (echarts && Date.now() < until && !(await caches.match(echarts.src))) await new Promise((r) => setTimeout(r, 50));
  });
}

async function createDeal(page, name) {
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: /New deal|Add your first deal/ }).first().click();
  await page.getByLabel(/^Deal name/).fill(name);
  await page.getByLabel(/^Amount/).fill('1000');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

for (const [where, server] of [
  ['at the root', () => root],
  ['under /salesdeck/', () => sub],
]) {
  test(`offline ${where}: reload, open a deal, edit it, reload: the edit is kept`, async () => {
    const { url } = server();
    const { context, page, problems } = await newPage(browser);
    await page.goto(url + '/');
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await createDeal(page, 'Road trip deal');
    // The dashboard's first chart loads ECharts, which the worker keeps.
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.locator('.chart-canvas canvas').first().waitFor();
    await cached(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      const m = await (await fetch(link.href)).json();
      return { start: new URL(m.start_url, link.href).pathname, scope: new URL(m.scope, link.href).pathname, icons: m.icons.length };
    });
    const prefix = new URL(url).pathname.replace(/\/$/, '');
    assert.deepEqual(manifest, { start: prefix + '/', scope: prefix + '/', icons: 3 });

    await context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('.chart-canvas canvas').first().waitFor();
    // A deep link typed while offline opens the app from its cached shell.
    await page.goto(url + '/deals');
    await page.getByRole('link', { name: 'Road trip deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Road trip deal' }).waitFor();
    await page.getByLabel(/^Amount/).fill('2500');
    await page.getByRole('button', { name: 'Save deal' }).click();
    await page.getByText('Saved').first().waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Road trip deal' }).waitFor();
    assert.equal(await page.getByLabel(/^Amount/).inputValue(), '2500.00');
    await screenshot(page, `offline-deal-${where === 'at the root' ? 'root' : 'sub'}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a new deployment says "A new version is ready" and switches only on Reload', async () => {
  // Two builds at one address: this one, then a copy whose service worker differs.
  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-v1-'));
  const second = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-v2-'));
  fs.cpSync(dist('SALESDECK_DIST'), first, { recursive: true });
  fs.cpSync(dist('SALESDECK_DIST'), second, { recursive: true });
  const sw = path.join(second, 'sw.js');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const BUILD = '[^']+'/, "const BUILD = 'next-build'"));
  const host = await startServer({ dist: first });
  const { context, page, problems } = await newPage(browser);
  try {
    await page.goto(host.url + '/');
    await createDeal(page, 'Kept across versions');
    await cached(page);
    const banner = page.getByRole('status').filter({ hasText: 'A new version is ready' });
    assert.equal(await banner.count(), 0, 'no prompt while nothing new is deployed');

    host.deploy(second);
    await page.reload();
    await banner.waitFor();
    // Still the running version: the new one waits for the user.
    const keys = () => page.evaluate(() => caches.keys());
    assert.ok((await keys()).some((k) => !k.endsWith('next-build')), 'the running build is still cached');
    await page.getByRole('heading', { level: 1, name: 'Kept across versions' }).waitFor();
    await screenshot(page, 'offline-update-ready');

    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.type === 'reload');
    await page.getByRole('heading', { level: 1, name: 'Kept across versions' }).waitFor();
    await page.waitForFunction(async () => (await caches.keys()).every((k) => k.endsWith('next-build')));
    assert.equal(await banner.count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await host.close();
  }
});
