// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: FLAGS,
  });
}

/** Addresses a page may load: the test servers on 127.0.0.1, blobs the app makes itself
 *  (the load worker, downloads) and data: URLs. Anything else is another origin. */
const LOCAL = /^(http:\/\/127\.0\.0\.1(:\d+)?\/|blob:http:\/\/127\.0\.0\.1(:\d+)?\/|data:|about:)/;

/**
 * Collects what must never happen in any test into `problems`, for every page of the
 * context (tabs opened later included): page errors, console errors, failed
 * sub-resources, Content-Security-Policy violations (reported by the page's
 * `securitypolicyviolation` event) and any request to another origin.
 */
export async function watchContext(context, problems = []) {
  await context.exposeBinding('__salesdeckViolation', (_source, text) => problems.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__salesdeckViolation(
        `CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile || 'page'}:${e.lineNumber})`,
      );
    });
  });
  context.on('request', (r) => {
    if (!LOCAL.test(r.url())) problems.push(`request to another origin: ${r.url()}`);
  });
  const watchPage = (page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // A deep link's document is answered by 404.html with status 404 by design;
      // failing sub-resources are caught by the response check below instead.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        problems.push(`console error: ${m.text()}`);
      }
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') {
        problems.push(`HTTP ${r.status()} for ${r.url()}`);
      }
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return problems;
}

/**
 * A browser with its own on-disk profile (a fresh temporary folder, storage like a
 * user's rather than off the record), watched like every context. `close()` also
 * removes the profile.
 */
export async function newProfile({ width = 1360 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: FLAGS,
    viewport: { width, height: 860 },
    acceptDownloads: true,
  });
  const problems = await watchContext(context);
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15000);
  const close = async () => {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, problems, close };
}

/** A fresh context (its own empty IndexedDB) and page, failing on page errors. */
export async function newPage(browser, { origin, width = 1360 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 860 } });
  const problems = await watchContext(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const foreign = [];
  if (origin) {
    page.on('request', (r) => {
      const u = r.url();
      // blob: URLs of the app's origin are made by the page itself (the load worker).
      const local = u.startsWith(origin) || u.startsWith(`blob:${origin}/`) || u.startsWith('data:');
      if (!local) foreign.push(u);
    });
  }
  return { context, page, problems, foreign };
}

/** Saves a screenshot under test-output/screens for people to look at. */
export async function screenshot(page, name) {
  const dir = path.resolve('test-output/screens');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** One read request (`count` or `getAll`) on a store of database `db`, made straight
 *  from the page, outside the app. */
function readStore(page, db, store, method) {
  return page.evaluate(
    ([dbName, storeName, how]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const d = req.result;
          const r = d.transaction(storeName, 'readonly').objectStore(storeName)[how]();
          r.onsuccess = () => {
            resolve(r.result);
            d.close();
          };
          r.onerror = () => reject(r.error);
        };
      }),
    [db, store, method],
  );
}

/** Counts the records of one IndexedDB store, read straight from the browser. */
export function countRecords(page, store, db = 'salesdeck') {
  return readStore(page, db, store, 'count');
}

/** Every record of one store of database `db`, read straight from IndexedDB. */
export function allRecords(page, store, db = 'salesdeck') {
  return readStore(page, db, store, 'getAll');
}

export function dist(name) {
  return process.env[name] || (name === 'SALESDECK_DIST_SUB' ? 'dist-sub' : 'dist');
}

/** Creates a demo workspace of `size` from the Data page at `url` and waits until it
 * is open; returns its IndexedDB database name. */
export async function createDemo(page, url, size) {
  await page.goto(url + '/data');
  await page.getByLabel('Demo size').selectOption(size);
  await page.getByRole('button', { name: 'Create demo workspace' }).click();
  await page.getByRole('note', { name: 'Training workspace' }).waitFor({ timeout: 120_000 });
  await page.locator('.startup').waitFor({ state: 'detached' });
  return currentDb(page);
}

/** The IndexedDB database of the open workspace (from the remembered workspace list). */
export async function currentDb(page) {
  return page.evaluate(() => {
    const reg = JSON.parse(localStorage.getItem('salesdeck.workspaces') || 'null');
    if (!reg) return 'salesdeck';
    return (reg.entries.find((e) => e.id === reg.current) || { db: 'salesdeck' }).db;
  });
}
