// The release build served on 127.0.0.1 and one headless Chromium, shared by the tests
// of a file: call `serveApp()` at the top, then use `browser` and `root` (and `sub`,
// the build under /salesdeck/, when asked for). ES module bindings are live, so the
// values set in `before` are what the tests see.
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launch, dist } from './browser.mjs';

export let browser;
export let root;
export let sub;

export function serveApp({ withSubPath = false } = {}) {
  before(async () => {
    browser = await launch();
    root = await startServer({ dist: dist('SALESDECK_DIST') });
    if (withSubPath) sub = await startServer({ dist: dist('SALESDECK_DIST_SUB'), prefix: '/salesdeck' });
  });
  after(async () => {
    await browser?.close();
    await root?.close();
    await sub?.close();
  });
}

/**
 * Switches to workspace `to` from the Data page (the page reloads) and waits until the
 * app has opened it: the list then offers to switch back to `from`, which only the
 * reloaded, loaded page shows (the brand's name alone is there before loading ends).
 */
export async function switchWorkspace(page, to, from) {
  await page.getByRole('button', { name: `Switch to ${to}`, exact: true }).click();
  await page.getByRole('button', { name: `Switch to ${from}`, exact: true }).waitFor();
  await page.locator('.brand-workspace', { hasText: to }).waitFor();
}
