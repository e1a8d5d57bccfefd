// Hostile text renders as inert text everywhere: markup, `javascript:` addresses, an
// RTL override and a 10,000-character name, typed into forms, arriving in a snapshot
// and in a CSV file. Nothing runs (`window.__xss` stays unset, no CSP violation), no
// element is made from the text (no img, svg or javascript: link), no request is made
// for `x`, and the text itself shows as typed. Chart tooltips are canvas text
// (`renderMode: "richText"`, checked for every chart by the native chart tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browser, root, serveApp } from './support/app.mjs';
import { screenshot, watchContext } from './support/browser.mjs';

serveApp();

const IMG = '<img src=x onerror="window.__xss=1">';
const SVG = '"><svg onload="window.__xss=2">';
const JS = 'javascript:window.__xss=3//';
const RTL = 'Invoice \u202Efdp.exe';
const LONG = 'L'.repeat(10_000);

async function hostilePage() {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(new Date('2026-11-22T12:00:00Z'));
  const problems = await watchContext(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return { context, page, problems };
}

/** Fails if any of the text became markup or ran. */
async function assertInert(page, where) {
  const found = await page.evaluate(() => ({
    ran: window.__xss ?? null,
    img: document.querySelectorAll('img').length,
    svgWithHandler: [...document.querySelectorAll('svg')].filter((s) => s.hasAttribute('onload')).length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
  }));
  assert.deepEqual(found, { ran: null, img: 0, svgWithHandler: 0, jsLinks: 0, handlers: 0 }, where);
}

function snapshotWithHostileNames() {
  const snap = JSON.parse(fs.readFileSync('tests/e2e/fixtures/known-kpis.salesdeck.json', 'utf8'));
  snap.reps[0].name = IMG;
  snap.accounts[0].name = SVG;
  snap.accounts[0].domain = JS;
  snap.accounts[1].name = RTL;
  snap.deals[0].name = IMG + ' deal';
  snap.deals[1].name = LONG;
  snap.leads[0].name = JS;
  snap.leads[0].company = SVG;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-xss-')), 'hostile.salesdeck.json');
  fs.writeFileSync(file, JSON.stringify(snap));
  return file;
}

test('hostile names from a snapshot render as text on every page, charts included', async () => {
  const { context, page, problems } = await hostilePage();
  await page.goto(root.url + '/data');
  await page.getByLabel('Snapshot file').setInputFiles(snapshotWithHostileNames());
  await page.getByRole('table', { name: 'Import preview' }).waitFor();
  await page.getByLabel(/^Replace this workspace/).check();
  await page.getByRole('button', { name: 'Import snapshot' }).click();
  await page.getByText(/^Imported /).waitFor();

  for (const [route, texts] of [
    ['/deals', [IMG + ' deal']],
    ['/accounts', [SVG, RTL, 'javascript:window.__xss=3//']],
    ['/leads', [JS]],
    ['/team', [IMG]],
    ['/pipeline', [IMG + ' deal']],
    ['/dashboard?period=all', []],
  ]) {
    await page.goto(root.url + route);
    await page.locator('.startup').waitFor({ state: 'detached' });
    for (const t of texts) await page.getByText(t, { exact: false }).first().waitFor();
    await assertInert(page, route);
  }
  // The dashboard's charts: hover every bar area so tooltips show, then check again.
  const canvases = page.locator('.chart-canvas canvas');
  await canvases.first().waitFor();
  for (let i = 0; i < (await canvases.count()); i++) {
    const box = await canvases.nth(i).boundingBox();
    if (!box) continue;
    for (const fx of [0.2, 0.4, 0.6, 0.8]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.6);
  }
  await assertInert(page, 'dashboard with tooltips');
  await screenshot(page, 'xss-dashboard');

  // The 10,000-character name is kept whole and shown on its deal's page.
  await page.goto(root.url + '/deals');
  await page.getByRole('link', { name: LONG }).click();
  assert.equal(await page.getByLabel(/^Deal name/).inputValue(), LONG);
  await assertInert(page, 'long deal page');
  // Search finds hostile text as text.
  await page.keyboard.press('/');
  await page.keyboard.type('<img');
  await page.getByRole('option', { name: /<img src=x/ }).first().waitFor();
  await assertInert(page, 'search');
  await screenshot(page, 'xss-search');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile text typed into forms and arriving in a CSV file stays text', async () => {
  const { context, page, problems } = await hostilePage();
  await page.goto(root.url + '/accounts');
  await page.getByRole('link', { name: /New account|Add your first account/ }).first().click();
  await page.getByLabel(/^Name/).fill(SVG);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: SVG }).waitFor();
  await page.getByRole('link', { name: 'New deal' }).click();
  await page.getByLabel(/^Deal name/).fill(IMG);
  await page.getByLabel(/^Amount/).fill('100');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name: IMG }).waitFor();
  await assertInert(page, 'deal page');

  const csv = ['Name,Domain', `"${SVG.replaceAll('"', '""')}",${JS}`, `${RTL},example.com`, `${LONG},long.example`].join('\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-xss-')), 'accounts.csv');
  fs.writeFileSync(file, csv);
  await page.goto(root.url + '/data');
  await page.getByRole('link', { name: 'Import a CSV file' }).click();
  await page.getByLabel('What the file holds').selectOption({ label: 'Accounts' });
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('table', { name: 'Column mapping' }).getByText(SVG).waitFor();
  await assertInert(page, 'CSV mapping');
  const values = page.getByRole('button', { name: 'Next: values' });
  if (await values.count()) await values.click();
  await page.getByRole('button', { name: 'Next: review' }).click();
  await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
  await page.getByText(/^Imported /).waitFor();
  // The row whose domain is a javascript: URL is refused (not a web domain) and listed
  // with the rejects, as text.
  await assertInert(page, 'CSV import result');
  await page.goto(root.url + '/accounts');
  for (const t of [SVG, RTL]) await page.getByText(t, { exact: false }).first().waitFor();
  await assertInert(page, 'accounts after CSV');
  await screenshot(page, 'xss-accounts');
  assert.deepEqual(problems, []);
  await context.close();
});
