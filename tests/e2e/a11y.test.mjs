// Accessibility: axe-core (npm, injected from node_modules as text, never from a URL)
// runs on every page of the route table (src/ui/routes.rs, read here so a new page is
// checked without touching this file), in an empty workspace and with the small demo,
// in light and in dark mode, and on the states a page only shows after a click (the
// board's move dialog, search results, a chart's table, a KPI definition). No serious
// or critical violation is allowed. Then the theme switch in Settings, and keyboard
// use: visible focus, the board moved by keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot, createDemo } from './support/browser.mjs';

serveApp();

const AXE = fs.readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** Every path of the route table, in its order. */
const PATHS = [...fs.readFileSync('src/ui/routes.rs', 'utf8').matchAll(/^\s*path: "([^"]+)",$/gm)].map(
  (m) => m[1],
);

/** Runs axe on the page as it is; returns its serious and critical violations, one
 *  entry per element (rule, where, the element, what axe says of it). */
async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Evaluated through the DevTools protocol: the app's CSP (no inline script) rightly
    // refuses a <script> tag with the source in it.
    await page.evaluate(AXE);
  }
  return page.evaluate(async (where) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) =>
        v.nodes.map((n) => ({
          where,
          rule: `${v.id} (${v.impact})`,
          target: n.target.join(' '),
          summary: (n.failureSummary || v.help).replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, ''),
        })),
      );
  }, where);
}

/** The violations grouped by what is wrong (rule and axe's words), each with how many
 *  elements, the first page and element: one line per distinct problem. */
function report(found) {
  const groups = new Map();
  for (const f of found) {
    const key = `${f.rule}: ${f.summary.slice(0, 220)}`;
    const g = groups.get(key) || { n: 0, first: f };
    g.n += 1;
    groups.set(key, g);
  }
  return [...groups]
    .map(([key, g]) => `× ${g.n} ${key} — first on ${g.first.where}: ${g.first.target}`)
    .join('\n');
}

/** Waits until the app has opened its workspace and drawn the page's heading and any
 *  chart it has (a chart still loading is not what the user reads). */
async function ready(page) {
  await page.locator('.startup').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.chart-loading')].every((e) => e.offsetParent === null),
  );
}

/** The ids behind the `:id` pages, read from the lists (none in an empty workspace). */
async function ids(page) {
  const out = {};
  for (const kind of ['deals', 'leads', 'accounts', 'contacts']) {
    await page.goto(`${root.url}/${kind}`);
    await ready(page);
    const href = await page
      .locator(`main a[href*="/${kind}/"]:not([href$="/new"])`)
      .first()
      .getAttribute('href', { timeout: 2000 })
      .catch(() => null);
    out[kind] = href ? href.split('/').pop() : 'no-such-record';
  }
  return out;
}

/** axe on every page of the table; `ids` fills the `:id` segments. */
async function everyPage(page, label, idsOf) {
  const found = [];
  for (const p of PATHS) {
    const kind = p.split('/')[1];
    const url = p.replace(':id', idsOf[kind] || 'no-such-record');
    await page.goto(root.url + url);
    await ready(page);
    found.push(...(await axe(page, `${label} ${url}`)));
  }
  return found;
}

/** The states a page shows only after a click, each checked by axe. */
async function afterClicks(page, label) {
  const found = [];
  // Search results open under the search field.
  await page.goto(root.url + '/deals');
  await ready(page);
  await page.getByRole('combobox', { name: /Search/ }).fill('a');
  await page.getByRole('listbox', { name: 'Search results' }).waitFor();
  found.push(...(await axe(page, `${label} search results`)));
  // The board's move dialog, opened from the keyboard.
  await page.goto(root.url + '/pipeline');
  await ready(page);
  const card = page.locator('.deal-card').first();
  await card.focus();
  await page.keyboard.press('ArrowRight');
  const dialog = page.getByRole('dialog');
  if (await dialog.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
    found.push(...(await axe(page, `${label} move dialog`)));
    await page.keyboard.press('Escape');
  }
  // A chart shown as its table, and a KPI's definition.
  await page.goto(root.url + '/dashboard');
  await ready(page);
  await page.getByRole('button', { name: 'Show as table' }).first().click();
  await page.locator('.kpi-info').first().click();
  found.push(...(await axe(page, `${label} dashboard table and definition`)));
  return found;
}

for (const scheme of ['light', 'dark']) {
  test(`axe: no serious or critical violation on any page, empty and with the demo (${scheme})`, async () => {
    const { context, page, problems } = await newPage(browser);
    await page.emulateMedia({ colorScheme: scheme });
    const found = [];
    found.push(...(await everyPage(page, `${scheme} empty`, {})));
    await createDemo(page, root.url, 'small');
    const demoIds = await ids(page);
    assert.notEqual(demoIds.deals, 'no-such-record', 'the demo has deals');
    found.push(...(await everyPage(page, `${scheme} demo`, demoIds)));
    found.push(...(await afterClicks(page, `${scheme} demo`)));
    await page.goto(root.url + '/dashboard');
    await ready(page);
    await screenshot(page, `a11y-dashboard-${scheme}`);
    await page.goto(root.url + '/pipeline');
    await ready(page);
    await screenshot(page, `a11y-pipeline-${scheme}`);
    await page.goto(root.url + '/deals');
    await ready(page);
    await screenshot(page, `a11y-deals-${scheme}`);
    assert.ok(PATHS.length >= 20, `read ${PATHS.length} paths from routes.rs`);
    assert.equal(found.length, 0, `${found.length} serious or critical violations:\n${report(found)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

/** The page's background colour as the browser computed it. */
const background = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const LIGHT_BG = 'rgb(245, 246, 248)';
const DARK_BG = 'rgb(15, 20, 28)';

test('dark mode follows the system unless Settings › Appearance chose light or dark, kept across reloads', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(root.url + '/settings');
  await ready(page);
  const group = page.getByRole('group', { name: 'Colours' });
  assert.ok(await group.getByRole('radio', { name: 'Same as the system' }).isChecked());
  assert.equal(await background(page), LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background(page), DARK_BG, 'follows the system at once');

  await group.getByRole('radio', { name: 'Light', exact: true }).check();
  assert.equal(await background(page), LIGHT_BG, 'light although the system is dark');
  await page.reload();
  await ready(page);
  assert.ok(await page.getByRole('radio', { name: 'Light', exact: true }).isChecked());
  assert.equal(await background(page), LIGHT_BG, 'kept across a reload');

  await page.emulateMedia({ colorScheme: 'light' });
  // The keyboard alone: arrow keys move between the radio buttons.
  await page.getByRole('radio', { name: 'Light', exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByRole('radio', { name: 'Dark', exact: true }).isChecked());
  assert.equal(await background(page), DARK_BG, 'dark although the system is light');
  await screenshot(page, 'a11y-settings-dark');

  await page.getByRole('radio', { name: 'Same as the system' }).check();
  assert.equal(await background(page), LIGHT_BG);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Presses Tab up to `n` times; for each element reached, whether it shows focus (an
 *  outline of at least 2px that is not transparent). Returns those that do not. */
async function tabThrough(page, n) {
  const unseen = [];
  const reached = new Set();
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible =
        s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(s.outlineColor);
      const name = el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.name || el.id;
      return { what: `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} “${name}”${visible ? '' : ` (outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor})`}`, visible };
    });
    if (!f) continue;
    reached.add(f.what);
    if (!f.visible) unseen.push(f.what);
  }
  return { unseen: [...new Set(unseen)], reached: reached.size };
}

test('everything the keyboard reaches shows where focus is, on the board, lists, dashboard, quota grid and settings', async () => {
  const { context, page, problems } = await newPage(browser);
  await createDemo(page, root.url, 'small');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of ['/pipeline', '/deals', '/dashboard', '/team/quotas', '/settings', '/data']) {
      await page.goto(root.url + path);
      await ready(page);
      if (path === '/dashboard') await page.getByRole('button', { name: 'Show as table' }).first().click();
      await page.locator('body').focus();
      const { unseen, reached } = await tabThrough(page, 45);
      assert.ok(reached >= 10, `${path}: the keyboard reaches ${reached} elements`);
      assert.deepEqual(unseen, [], `${scheme} ${path}: focus not visible on`);
    }
  }
  // A chart's table works from the keyboard: its row buttons list the deals behind.
  await page.goto(root.url + '/dashboard');
  await ready(page);
  const toggle = page.getByRole('button', { name: 'Show as table' }).first();
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const rowButton = page.locator('.chart-row-button').first();
  await rowButton.focus();
  await page.keyboard.press('Enter');
  await page.locator('.drill').waitFor();
  // The quota grid from the keyboard alone: Tab to the first cell, type, Tab away;
  // the cell is saved and shows the amount as money.
  await page.goto(root.url + '/team/quotas');
  await ready(page);
  await page.locator('body').focus();
  let cell = null;
  for (let i = 0; i < 80 && !cell; i++) {
    await page.keyboard.press('Tab');
    cell = await page.evaluate(() => (document.activeElement.classList.contains('quota-input') ? document.activeElement.getAttribute('aria-label') : null));
  }
  assert.ok(cell, 'Tab reaches a quota cell');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12345');
  await page.keyboard.press('Tab');
  await page.waitForFunction((label) => document.querySelector(`input[aria-label="${label}"]`).value === '$12,345', cell);
  await page.reload();
  await ready(page);
  assert.equal(await page.getByRole('textbox', { name: cell, exact: true }).inputValue(), '$12,345');
  assert.deepEqual(problems, []);
  await context.close();
});
