// Charts load ECharts only where they are: a page without a chart asks for no ECharts
// file; the trimmed build Trunk copied into dist/ (at the root and under /salesdeck/)
// defines the global `echarts`, and draws every chart option the pure layer builds
// (tests/e2e/fixtures/charts.json, kept current by a native test) with every series
// and component it names, into a canvas with pixels on it; clicks report the series
// and data index the widget maps to a key; tooltips are canvas text, never HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { browser, root, sub, serveApp } from './support/app.mjs';
import { newPage, screenshot, dist } from './support/browser.mjs';

serveApp({ withSubPath: true });

const fixtures = JSON.parse(fs.readFileSync('tests/e2e/fixtures/charts.json', 'utf8'));
const build = fs.readFileSync('public/vendor/echarts/BUILD', 'utf8').trim();
const isEcharts = (url) => /echarts/i.test(url);

test('pages without a chart download no ECharts', async () => {
  const { context, page, problems } = await newPage(browser, { origin: root.origin });
  const asked = [];
  page.on('request', (r) => {
    if (isEcharts(r.url())) asked.push(r.url());
  });
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  for (const name of ['Pipeline', 'Accounts', 'Dashboard', 'Settings']) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  assert.equal(await page.evaluate(() => typeof window.echarts), 'undefined');
  assert.deepEqual(asked, [], 'no ECharts request');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Trunk copies the trimmed build and its licence into dist/, under a stable name', () => {
  for (const d of [dist('SALESDECK_DIST'), dist('SALESDECK_DIST_SUB')]) {
    const dir = path.join(d, 'vendor/echarts');
    const js = fs.readFileSync(path.join(dir, 'echarts.min.js'));
    assert.ok(js.equals(fs.readFileSync('public/vendor/echarts/echarts.min.js')), d);
    assert.match(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8'), /Apache License/);
    assert.ok(fs.existsSync(path.join(dir, 'NOTICE')));
    assert.doesNotMatch(fs.readFileSync(path.join(d, 'index.html'), 'utf8'), /<script[^>]*echarts/);
  }
  const trimmed = fs.readFileSync('public/vendor/echarts/echarts.min.js');
  const full = fs.readFileSync('node_modules/echarts/dist/echarts.min.js');
  const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
  console.log(
    `ECharts: trimmed ${trimmed.length} bytes (${gz(trimmed)} gzip), ` +
      `full ${full.length} bytes (${gz(full)} gzip)`,
  );
});

/** Adds the script as the app does (`platform::echarts::script_url`) and waits for it. */
async function loadEcharts(page, base) {
  const url = `${base}/vendor/echarts/echarts.min.js?v=${build}`;
  await page.evaluate(
    (src) =>
      new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = src;
        s.onload = resolve;
        s.onerror = () => reject(new Error('could not load ' + src));
        document.head.appendChild(s);
      }),
    url,
  );
  return url;
}

/** Draws `option` in a new 720×380 box; returns what ECharts made of it. */
function draw(page, option, id) {
  return page.evaluate(
    ([option, id]) => {
      const box = document.createElement('div');
      box.id = id;
      box.style.cssText = 'width:720px;height:380px;position:fixed;left:0;top:0;background:white;z-index:99';
      document.body.appendChild(box);
      const chart = echarts.init(box);
      chart.setOption(option, { notMerge: true });
      const got = chart.getOption();
      const canvas = box.querySelector('canvas');
      const ctx = canvas.getContext('2d');
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 0 && (r < 235 || g < 235 || b < 235)) inked += 1;
      }
      const count = (v) => (v == null ? 0 : Array.isArray(v) ? v.length : 1);
      const parts = {};
      for (const k of Object.keys(option)) parts[k] = count(got[k]);
      return {
        inked,
        parts,
        series: (got.series || []).map((s) => s.type),
        size: [canvas.width, canvas.height],
      };
    },
    [option, id],
  );
}

async function drawsEveryChart(base, where) {
  const { context, page, problems } = await newPage(browser, { origin: root.origin });
  await page.goto(base + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await loadEcharts(page, new URL(base).pathname.replace(/\/$/, ''));
  assert.equal(await page.evaluate(() => typeof echarts.init), 'function');
  for (const f of fixtures) {
    const got = await draw(page, f.option, `chart-${f.name}`);
    // Every component and series the option names was built: none is missing from
    // the trimmed build (a missing one is dropped without a word in production).
    for (const [k, v] of Object.entries(f.option)) {
      const want = Array.isArray(v) ? v.length : 1;
      assert.equal(got.parts[k], want, `${where} ${f.name}: ${k}`);
    }
    assert.deepEqual(got.series, f.option.series.map((s) => s.type), `${where} ${f.name}`);
    assert.ok(got.size[0] > 0 && got.size[1] > 0);
    assert.ok(got.inked > 2000, `${where} ${f.name} drew something (${got.inked} pixels)`);
    if (where === 'root') {
      await page.waitForTimeout(1200); // the bars' growing animation
      await screenshot(page, `chart-${f.name}`);
    }
    await page.evaluate((id) => {
      const box = document.getElementById(id);
      echarts.dispose(box);
      box.remove();
    }, `chart-${f.name}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
}

test('the trimmed build draws every chart the pure layer builds, at the root', async () => {
  await drawsEveryChart(root.url, 'root');
});

test('the trimmed build loads and draws under /salesdeck/', async () => {
  await drawsEveryChart(sub.url, 'sub-path');
});

test('a click on a bar gives its series and data index, which the keys map to a deal list', async () => {
  const { context, page, problems } = await newPage(browser, { origin: root.origin });
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await loadEcharts(page, '');
  const bookings = fixtures.find((f) => f.name === 'bookings');
  // Drawn at once (no growing bars) so the click lands on the bar.
  await draw(page, { ...bookings.option, animation: false }, 'clicks');
  const at = await page.evaluate(() => {
    const chart = echarts.getInstanceByDom(document.getElementById('clicks'));
    window.clicked = [];
    chart.on('click', (p) => window.clicked.push([p.seriesIndex, p.dataIndex]));
    // Halfway up October's bar of won deals.
    const value = chart.getOption().series[0].data[0];
    return chart.convertToPixel({ seriesIndex: 0 }, [0, value / 2]);
  });
  await page.mouse.click(at[0], at[1]);
  const clicked = await page.evaluate(() => window.clicked);
  assert.deepEqual(clicked, [[0, 0]]);
  const [[s, i]] = clicked;
  assert.equal(bookings.keys[s][i], 'month:2026-10-01');
  assert.deepEqual(problems, []);
  await context.close();
});

test('tooltips are drawn as text: HTML in a name stays text', async () => {
  const { context, page, problems } = await newPage(browser, { origin: root.origin });
  await page.goto(root.url + '/deals');
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await loadEcharts(page, '');
  // The widget's option with a raw HTML name (the pure layer never sends one: this is
  // the second line of defence, richText tooltips).
  const option = structuredClone(fixtures.find((f) => f.name === 'bookings').option);
  const evil = '<img src=x onerror="window.__owned=1">';
  option.series[0].name = evil;
  option.xAxis.data[0] = evil;
  await draw(page, option, 'tips');
  await page.evaluate(() => {
    const chart = echarts.getInstanceByDom(document.getElementById('tips'));
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
  });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => window.__owned), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});
