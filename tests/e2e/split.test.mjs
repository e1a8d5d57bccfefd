// The split wasm (scripts/wasm-split.mjs): the Pipeline page downloads only the main
// wasm, a lazy page fetches its pieces the first time it opens, a page never visited
// still opens offline after the first visit (the service worker caches every piece), at
// the root and under /salesdeck/; and a piece that arrives after the user went on to
// another page never replaces that page; a piece that cannot be fetched is a message,
// and the rest of the app keeps working; the Analyze pages' pieces come in the
// background once the board is up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, sub, serveApp } from './support/app.mjs';
import { newPage, screenshot } from './support/browser.mjs';

serveApp({ withSubPath: true });

const isMain = (u) => /\/salesdeck-[0-9a-f]+_bg\.wasm$/.test(new URL(u).pathname);

for (const [where, server] of [
  ['at the root', () => root],
  ['under /salesdeck/', () => sub],
]) {
  test(`split ${where}: the Pipeline page loads only the main wasm; Forecast opens offline without a prior visit`, async () => {
    const { url } = server();
    const { context, page, problems } = await newPage(browser);
    const wasm = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r.url());
    });
    await page.goto(url + '/pipeline');
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    assert.equal(wasm.filter(isMain).length, 1, `the main wasm once: ${wasm}`);
    assert.deepEqual(wasm.filter((u) => !isMain(u)), [], 'no lazy piece on the Pipeline page');

    // Another page: its pieces come when it opens.
    await page.getByRole('link', { name: 'Deals', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    assert.ok(wasm.some((u) => !isMain(u)), 'the Deals page fetched its pieces');

    // The worker has cached every piece: a page never opened works offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Forecast' }).waitFor();
    await screenshot(page, `split-forecast-offline-${where === 'at the root' ? 'root' : 'sub'}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a page whose piece arrives late never replaces the page the user went on to', async () => {
  const { context, page, problems } = await newPage(browser);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let asked = false;
  // The context's route also holds the service worker's own fetch of the piece.
  await context.route(/\/split_deals_page-[0-9a-f]+\.wasm$/, async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto(root.url + '/pipeline');
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  // While the Deals piece is held, the board stays (no blank page) and the user moves on.
  await page.waitForTimeout(300);
  assert.ok(asked, 'the Deals page asked for its piece');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Pipeline');
  await page.getByRole('link', { name: 'Definitions', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Definitions' }).waitFor();
  release();
  await page.waitForTimeout(1000);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Definitions');
  assert.equal(new URL(page.url()).pathname, '/help');
  // And the Deals page opens normally afterwards.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a piece that cannot be fetched shows a message and the app keeps working', async () => {
  const { context, page, problems } = await newPage(browser);
  // The service worker is not in the way: its fetch of the piece fails too.
  await context.route(/\/split_forecast_page-[0-9a-f]+\.wasm$/, (route) => route.abort());
  await page.goto(root.url + '/pipeline');
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  await page.getByRole('link', { name: 'Forecast', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'This page could not be downloaded' }).waitFor();
  assert.match(await page.getByRole('alert').filter({ hasText: 'Your data is safe' }).textContent(), /offline/);
  assert.ok(await page.getByRole('button', { name: 'Reload Salesdeck' }).isVisible());
  await screenshot(page, 'split-piece-missing');
  // The wasm did not abort: other pages still open.
  await page.getByRole('link', { name: 'Definitions', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Definitions' }).waitFor();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  // The failed fetches (the loader logs them) are the console's only complaints.
  assert.deepEqual(
    problems.filter((p) => !/split_forecast_page|Failed to load resource|net::ERR_FAILED|TypeError: Failed to fetch/.test(p)),
    [],
  );
  await context.close();
});

test("the Analyze pages' pieces are fetched in the background once the board is up", async () => {
  const { context, page, problems } = await newPage(browser);
  const pieces = new Set();
  page.on('requestfinished', (r) => {
    const m = new URL(r.url()).pathname.match(/\/split_(\w+?)-[0-9a-f]+\.wasm$/);
    if (m) pieces.add(m[1]);
  });
  await page.goto(root.url + '/pipeline');
  await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
  const analyze = ['dashboard_page', 'review_page', 'forecast_page', 'team_page'];
  const deadline = Date.now() + 15_000;
  while (!analyze.every((p) => pieces.has(p)) && Date.now() < deadline) await page.waitForTimeout(200);
  assert.deepEqual(analyze.filter((p) => !pieces.has(p)), [], `fetched: ${[...pieces]}`);
  assert.ok(!pieces.has('deals_page'), 'only the Analyze pages are fetched ahead');
  // Still on the board, untouched.
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Pipeline');
  assert.deepEqual(problems, []);
  await context.close();
});
