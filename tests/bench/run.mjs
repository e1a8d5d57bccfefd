// Salesdeck benchmark (not a test): the release build in headless Chromium with a large
// demo workspace, against a plain-JavaScript floor for the same work. Prints a table of
// times, ratios and targets, and writes test-output/bench.json.
//
//   node tests/bench/run.mjs [--size large|medium|small] [--dist dist] [--only dashboard,forecast]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from '../e2e/support/server.mjs';
import { launch, newPage, currentDb } from '../e2e/support/browser.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const SIZE = args.size || 'large';
// --only open,move,search,dashboard,forecast,snapshot,csv,size runs just those sections
// (the demo is always generated first), for a quick look at one area.
const ONLY = args.only ? args.only.split(',') : null;
const want = (section) => !ONLY || ONLY.includes(section);
const DIST = args.dist || 'dist';
const RUNS = 3;
const MOVES = 20;
const KEYS = 20;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => (x == null ? '—' : `${Math.round(x).toLocaleString('en-US')} ms`);
const kb = (x) => `${Math.round(x / 1024).toLocaleString('en-US')} KB`;
const log = (...a) => console.error('·', ...a);

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

function transferSizes(dist) {
  const files = fs.readdirSync(dist);
  // The page's wasm; the other .wasm files are the pieces of the lazy pages
  // (scripts/wasm-split.mjs), fetched when such a page first opens.
  const isMain = (f) => /^salesdeck-[0-9a-f]+_bg\.wasm$/.test(f);
  const wasm = files.filter(isMain).map((f) => path.join(dist, f));
  const pieces = files.filter((f) => f.endsWith('.wasm') && !isMain(f)).map((f) => path.join(dist, f));
  const js = files.filter((f) => f.endsWith('.js')).map((f) => path.join(dist, f));
  const sum = (xs) => xs.reduce((a, f) => a + gzipSize(f), 0);
  const isEcharts = (f) => path.basename(f).startsWith('echarts');
  return {
    wasm: sum(wasm),
    pieces: sum(pieces),
    pieceCount: pieces.length,
    js: sum(js.filter((f) => !isEcharts(f))),
    echarts: sum([...js.filter(isEcharts), path.join(dist, 'vendor/echarts/echarts.min.js')].filter((f) => fs.existsSync(f))),
    css: sum(files.filter((f) => f.endsWith('.css')).map((f) => path.join(dist, f))),
  };
}

/** The plain-JS floor of opening: getAll of every store of the workspace database. */
async function baselineOpen(page, db) {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const d = req.result;
          const stores = [...d.objectStoreNames];
          const tx = d.transaction(stores, 'readonly');
          let n = 0;
          for (const s of stores) {
            const r = tx.objectStore(s).getAll();
            r.onsuccess = () => { n += r.result.length; };
          }
          tx.oncomplete = () => {
            d.close();
            resolve({ ms: performance.now() - t0, records: n });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    db,
  );
}

/** The plain-JS floor of importing: read the file, JSON.parse, one-transaction bulk put
 *  into a database with the same stores and indexes as the app's. */
async function baselineImport(page, file, appDb) {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    input.setAttribute('aria-label', 'Benchmark file');
    document.body.append(input);
  });
  await page.setInputFiles('#bench-file', file);
  return page.evaluate(
    (appName) =>
      new Promise((resolve, reject) => {
        // Copy the app's schema (stores, key paths, indexes) so both write the same.
        const src = indexedDB.open(appName);
        src.onerror = () => reject(src.error);
        src.onsuccess = () => {
          const a = src.result;
          const schema = [...a.objectStoreNames].map((s) => {
            const os = a.transaction(s).objectStore(s);
            return {
              name: s,
              keyPath: os.keyPath,
              indexes: [...os.indexNames].map((i) => {
                const ix = os.index(i);
                return { name: i, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
              }),
            };
          });
          a.close();
          const name = `bench-baseline-${Math.random()}`;
          const open = indexedDB.open(name, 1);
          open.onupgradeneeded = () => {
            for (const st of schema) {
              const os = open.result.createObjectStore(st.name, { keyPath: st.keyPath });
              for (const ix of st.indexes) os.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
            }
          };
          open.onerror = () => reject(open.error);
          open.onsuccess = async () => {
            const d = open.result;
            const stores = schema.filter((st) => st.keyPath === 'id').map((st) => st.name);
            // Like the app, replace a workspace of the same size: the first pass fills
            // the database (untimed), the second is timed.
            const pass = () =>
              new Promise(async (done, fail) => {
                const t0 = performance.now();
                const text = await document.getElementById('bench-file').files[0].text();
                const doc = JSON.parse(text);
                const tx = d.transaction(stores, 'readwrite');
                let n = 0;
                for (const s of stores) {
                  const os = tx.objectStore(s);
                  os.clear();
                  for (const r of doc[s] || []) { os.put(r); n++; }
                }
                tx.oncomplete = () => done({ ms: performance.now() - t0, records: n });
                tx.onerror = () => fail(tx.error);
              });
            try {
              await pass();
              const timed = await pass();
              d.close();
              indexedDB.deleteDatabase(name);
              resolve(timed);
            } catch (e) {
              reject(e);
            }
          };
        };
      }),
    appDb,
  );
}

function csvOfDeals(n) {
  const stages = ['Prospecting', 'Qualification', 'Proposal', 'Closed Won', 'Closed Lost'];
  const lines = ['Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date,Opportunity Owner'];
  for (let i = 0; i < n; i++) {
    const m = 1 + (i % 12);
    lines.push(`Imported deal ${i},Bench account ${i % 900},"$${(1000 + i).toLocaleString('en-US')}.00",${stages[i % 5]},${m}/15/2026,${m}/01/2025,Bench rep ${i % 7}`);
  }
  return lines.join('\r\n') + '\r\n';
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-bench-'));
  const server = await startServer({ dist: DIST });
  const browser = await launch();
  const { page } = await newPage(browser, { width: 1800 });
  page.setDefaultTimeout(15 * 60 * 1000);
  const rows = [];
  const add = (metric, app, base, target, pass, note = '') => rows.push({ metric, app, base, target, pass, note });

  // The demo workspace, generated in the app (its own measurement).
  log(`creating the ${SIZE} demo workspace…`);
  await page.goto(server.url + '/data');
  await page.getByLabel('Demo size').selectOption(SIZE);
  let t = Date.now();
  await page.getByRole('button', { name: 'Create demo workspace' }).click();
  await page.getByRole('note', { name: 'Training workspace' }).waitFor();
  await page.locator('.startup').waitFor({ state: 'detached' });
  const genMs = Date.now() - t;
  const db = await currentDb(page);
  add('Generate demo workspace', genMs, null, '', null, SIZE);

  const wasmTimes = (name) =>
    page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
  const clearTimes = () => page.evaluate(() => performance.clearMeasures());
  // Clicks Dashboard and waits for its tiles: the wall time, and the KPI facts work
  // done in wasm on the way (the first measure, if any).
  const clickDashboard = async () => {
    await clearTimes();
    const t0 = Date.now();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.locator('.kpi-tile').first().waitFor();
    return { ms: Date.now() - t0, facts: (await wasmTimes('salesdeck:kpi-facts'))[0] };
  };

  if (want('open')) {
    // Cold open to an interactive board.
    const opens = [];
    const bases = [];
    // Where the open goes (User Timing marks from src/ui/app.rs, ms since navigation).
    const splits = [];
    let records = 0;
    for (let i = 0; i < RUNS; i++) {
      const b = await baselineOpen(page, db);
      bases.push(b.ms);
      records = b.records;
      t = Date.now();
      await page.goto(server.url + '/pipeline');
      await page.locator('.deal-card').first().waitFor();
      opens.push(Date.now() - t);
      splits.push(await page.evaluate(() => {
        const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
        return { start: at('salesdeck:start'), db: at('salesdeck:db-open'), loaded: at('salesdeck:loaded'), board: performance.now() };
      }));
    }
    log(`workspace: ${records.toLocaleString('en-US')} records`);
    const open = median(opens);
    const openBase = median(bases);
    const mid = (f) => Math.round(median(splits.map(f)));
    log(`cold open split (median ms): page + wasm start ${mid((x) => x.start)}, IndexedDB open ${mid((x) => x.db - x.start)}, read + decode ${mid((x) => x.loaded - x.db)}, to board (render; measured after the wait) ${mid((x) => x.board - x.loaded)}`);
    add('Cold open → interactive board', open, openBase, '≤ 1.0× baseline', open <= 1.0 * openBase, `${records.toLocaleString('en-US')} records; baseline = getAll of every store; wasm start ${mid((x) => x.start)} ms, IndexedDB open ${mid((x) => x.db - x.start)} ms, read + decode ${mid((x) => x.loaded - x.db)} ms`);
  }

  if (!want('open')) {
    await page.goto(server.url + '/pipeline');
    await page.locator('.deal-card').first().waitFor();
  }

  if (want('move')) {
    // Moving a deal: from the click to saved and both columns' numbers updated.
    const moves = [];
    for (let i = 0; i < MOVES; i++) {
      const from = page.getByRole('region', { name: 'Prospecting stage' });
      await from.locator('.deal-card').first().focus();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('dialog').waitFor();
      moves.push(
        await page.evaluate(
          () =>
            new Promise((resolve) => {
              const count = (name) => document.querySelector(`[aria-label="${name} stage"] .column-count`).textContent;
              const before = count('Qualification');
              const btn = [...document.querySelectorAll('[role=dialog] button')].find((b) => b.textContent.startsWith('Move to'));
              const obs = new MutationObserver(() => {
                if (count('Qualification') !== before) {
                  obs.disconnect();
                  resolve(performance.now() - t0);
                }
              });
              obs.observe(document.body, { subtree: true, childList: true, characterData: true });
              const t0 = performance.now();
              btn.click();
            }),
        ),
      );
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    add('Move a deal (saved + numbers), p95', p95(moves), null, '≤ 50 ms', p95(moves) <= 50, `median ${Math.round(median(moves))} ms over ${MOVES}`);
  }

  if (want('search')) {
    // Search keystrokes: input event to results rendered (all microtasks done).
    const box = page.getByRole('combobox', { name: 'Search' });
    await box.click();
    const word = 'northwind systems renewal';
    const key = (q) =>
      page.evaluate(
        (value) =>
          new Promise((resolve) => {
            const el = document.activeElement;
            const t0 = performance.now();
            el.value = value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
            setTimeout(() => resolve(performance.now() - t0), 0);
          }),
        q,
      );
    const firstKey = await key('a');
    const keys = [];
    for (let i = 1; i <= KEYS; i++) keys.push(await key(word.slice(0, 1 + (i % word.length))));
    await box.fill('');
    // After a deal moved, the index follows the change instead of being rebuilt.
    const card = page.getByRole('region', { name: 'Prospecting stage' }).locator('.deal-card').first();
    await card.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog').getByRole('button', { name: /^Move to/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await box.click();
    const afterMove = await key('north');
    add('Search keystroke, p95', p95(keys), null, '≤ 30 ms', p95(keys) <= 30, `first search (builds the index) ${Math.round(firstKey)} ms; first keystroke after a move ${Math.round(afterMove)} ms`);
    await box.fill('');
  }

  if (want('dashboard')) {
    // The dashboard: in-app navigation from the board to tiles shown, then period and
    // scope changes; the KPI recompute and the facts refresh as measured inside wasm.
    await page.goto(server.url + '/pipeline');
    await page.locator('.deal-card').first().waitFor();
    const { ms: dashMs, facts: firstFacts } = await clickDashboard();
    add('Dashboard: open (navigation → tiles)', dashMs, null, '≤ 500 ms', dashMs <= 500, `first look: facts ${Math.round(firstFacts ?? 0)} ms in wasm`);
    // Memory with the workspace open on the dashboard: JS heap after a GC (CDP) plus the
    // wasm linear memory (main.rs puts the Memory object on globalThis for this).
    await page.locator('.chart-canvas canvas').first().waitFor({ timeout: 15000 }).catch(() => {});
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const wasmMem = await page.evaluate(() => globalThis.salesdeckWasmMemory?.buffer.byteLength ?? 0);
    const memMb = (heap + wasmMem) / 1048576;
    add('Memory on the dashboard: JS heap + wasm', null, null, '≤ 250 MB', memMb <= 250, `${memMb.toFixed(0)} MB (JS heap ${(heap / 1048576).toFixed(0)} MB + wasm ${(wasmMem / 1048576).toFixed(0)} MB)`);
    // Measured inside the page, from the change event on the select to the subtitle
    // updated and the next frame after it (Playwright's selectOption and polling added
    // round trips of their own to the time).
    const change = (id, pick) =>
      page.evaluate(
        ([id, pick]) =>
          new Promise((resolve) => {
            const sub = () => document.querySelector('.page-subtitle').textContent;
            const before = sub();
            const sel = document.getElementById(id);
            const obs = new MutationObserver(() => {
              if (sub() !== before) {
                obs.disconnect();
                requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
              }
            });
            obs.observe(document.body, { subtree: true, childList: true, characterData: true });
            const value = typeof pick === 'number' ? sel.options[pick].value : pick;
            const t0 = performance.now();
            sel.value = value;
            sel.dispatchEvent(new Event('change', { bubbles: true }));
          }),
        [id, pick],
      );
    const changes = [];
    for (const p of ['last-quarter', 'this-month', 'this-year', 'last-month', 'this-quarter']) changes.push(await change('view-period', p));
    for (const people of [1, 0]) changes.push(await change('view-people', people));
    add('Dashboard: change period or scope, p95', p95(changes), null, '≤ 100 ms', p95(changes) <= 100, `median ${Math.round(median(changes))} ms over ${changes.length}; in the page: change event → subtitle updated → next frame`);
    const recomputes = await wasmTimes('salesdeck:kpi');
    add('KPI full recompute in wasm, p95', p95(recomputes), null, '≤ 20 ms', p95(recomputes) <= 20, `median ${Math.round(median(recomputes))} ms over ${recomputes.length}`);
    // After a move on the board, the next look at the dashboard is current.
    await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
    const mv = page.getByRole('region', { name: 'Prospecting stage' }).locator('.deal-card').first();
    await mv.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog').getByRole('button', { name: /^Move to/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const { ms: afterMoveMs, facts: refresh } = await clickDashboard();
    add('Dashboard after a move on the board', afterMoveMs, null, '≤ 500 ms', afterMoveMs <= 500, `facts followed the move in ${Math.round(refresh ?? 0)} ms`);
    // As a seller opens it: the board first, the dashboard a few seconds later, when the
    // facts built in idle time are ready (the row above the first one clicks at once).
    await page.goto(server.url + '/pipeline');
    await page.locator('.deal-card').first().waitFor();
    await page.waitForTimeout(5000);
    const { ms: laterMs, facts: laterFacts } = await clickDashboard();
    add('Dashboard: open 5 s after the board opened', laterMs, null, '≤ 500 ms', laterMs <= 500, `facts work at the click: ${Math.round(laterFacts ?? 0)} ms in wasm`);
  }

  if (want('forecast')) {
    // The forecast page: navigation to the backtest table shown; the backtest and the
    // page's numbers as measured inside wasm.
    await clearTimes();
    t = Date.now();
    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.getByRole('table', { name: 'Backtest accuracy per method' }).waitFor({ timeout: 120000 });
    const forecastMs = Date.now() - t;
    const bt = (await wasmTimes('salesdeck:forecast-backtest'))[0];
    const fc = (await wasmTimes('salesdeck:forecast'))[0];
    add('Forecast: open (navigation → backtest table)', forecastMs, null, '≤ 2000 ms', forecastMs <= 2000, `backtest ${Math.round(bt ?? 0)} ms, page numbers ${Math.round(fc ?? 0)} ms in wasm`);
    add('Forecast backtest in wasm', bt ?? null, null, '≤ 1000 ms', (bt ?? Infinity) <= 1000, 'every method at the first day and each Monday of the past periods, in steps (wall time until shown)');
    const weekly = await page.evaluate(() => performance.getEntriesByName('salesdeck:forecast-snapshot').map((e) => e.duration));
    add('Weekly forecast snapshot at open, in wasm', weekly.length ? weekly[0] : null, null, '', null, weekly.length ? 'every method, team and reps, this and next month and quarter' : 'not taken in this run (already taken this week or measures cleared)');
    // Back to the page with nothing changed: the kept backtest, no replay.
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.locator('.kpi-tile').first().waitFor();
    await clearTimes();
    t = Date.now();
    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.getByRole('table', { name: 'Backtest accuracy per method' }).waitFor({ timeout: 120000 });
    const againMs = Date.now() - t;
    const replayed = (await wasmTimes('salesdeck:forecast-backtest')).length;
    add('Forecast: open again, nothing changed', againMs, null, '≤ 1000 ms', againMs <= 1000 && replayed === 0, `${replayed} backtest replays`);
    // A move on the board does no forecast work.
    await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
    const moved = page.getByRole('region', { name: 'Prospecting stage' }).locator('.deal-card').first();
    await moved.focus();
    await clearTimes();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog').getByRole('button', { name: /^Move to/ }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const fcWork = (await wasmTimes('salesdeck:forecast')).length + (await wasmTimes('salesdeck:forecast-backtest')).length;
    add('Board move: forecast work', fcWork, null, '0', fcWork === 0, 'forecast measures recorded during the move');
  }

  if (want('snapshot')) {
    // Snapshot export.
    await page.goto(server.url + '/data');
    t = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export snapshot' }).click(),
    ]);
    const snap = path.join(tmp, 'snapshot.json');
    await download.saveAs(snap);
    const exportMs = Date.now() - t;
    const snapBytes = fs.statSync(snap).size;
    add('Snapshot export', exportMs, null, '', null, `${(snapBytes / 1048576).toFixed(1)} MB`);

    // Snapshot import (replace), against JSON.parse + one-transaction bulk put.
    const baseImport = await baselineImport(page, snap, db);
    await page.goto(server.url + '/data');
    t = Date.now();
    await page.getByLabel('Snapshot file').setInputFiles(snap);
    await page.getByRole('table', { name: 'Import preview' }).waitFor();
    const checkMs = Date.now() - t;
    await page.getByLabel(/^Replace this workspace/).check();
    const t2 = Date.now();
    await page.getByRole('button', { name: 'Import snapshot' }).click();
    await page.getByText(/^Imported /).waitFor();
    const writeMs = Date.now() - t2;
    const importMs = checkMs + writeMs;
    add('Snapshot import (replace)', importMs, baseImport.ms, '≤ 1.5× baseline', importMs <= 1.5 * baseImport.ms, `check ${checkMs} ms + write ${writeMs} ms; baseline = file.text + JSON.parse + clear + bulk put, same indexes`);
  }

  if (want('csv')) {
    // CSV import of 10,000 deals through the mapping screens.
    const csv = path.join(tmp, 'deals.csv');
    fs.writeFileSync(csv, csvOfDeals(10000));
    await page.goto(server.url + '/data/csv');
    await page.getByLabel('What the file holds').selectOption({ label: 'Deals' });
    t = Date.now();
    await page.getByLabel('CSV file').setInputFiles(csv);
    await page.getByRole('button', { name: 'Next: values' }).click();
    await page.getByRole('button', { name: 'Next: review' }).click();
    await page.getByRole('button', { name: 'Import 10,000 rows' }).or(page.getByRole('button', { name: 'Import 10000 rows' })).click();
    await page.getByText('Imported 10000 deals').or(page.getByText('Imported 10,000 deals')).waitFor();
    const csvMs = Date.now() - t;
    add('CSV import, 10,000 rows', csvMs, null, 'seconds', csvMs < 10000, 'file → mapping → review → written');
  }

  if (want('size')) {
    // First load of the Pipeline page from an empty cache: the wasm, the JS glue and the
    // CSS (ECharts only comes with a chart page; the load worker is inlined in the wasm).
    const size = transferSizes(DIST);
    const first = size.wasm + size.js + size.css;
    add('First load of the Pipeline page (gzip): wasm + JS + CSS', null, null, '≤ 450 KB', first <= 450 * 1024, `${kb(first)} = wasm ${kb(size.wasm)} + JS ${kb(size.js)} + CSS ${kb(size.css)}`);
    add('Transfer size: ECharts, when a chart page opens (gzip)', null, null, '', null, kb(size.echarts));
    add("Transfer size: the lazy pages' wasm pieces, all together (gzip)", null, null, '', null, `${kb(size.pieces)} in ${size.pieceCount} files`);
  }

  await browser.close();
  await server.close();

  const out = rows.map((r) => ({
    metric: r.metric,
    salesdeck: r.app == null ? (/ (KB|MB)\b/.test(r.note) ? r.note.split(' (')[0].split(' = ')[0] : '—') : ms(r.app),
    baseline: ms(r.base),
    ratio: r.app != null && r.base ? `${(r.app / r.base).toFixed(2)}×` : '—',
    target: r.target || '—',
    met: r.pass == null ? '' : r.pass ? 'yes' : 'NO',
    note: /^[0-9,.]+ (KB|MB)$/.test(r.note) ? '' : r.note,
  }));
  const cols = Object.keys(out[0]);
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...out.map((r) => String(r[c]).length))]));
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join(' │ ');
  console.log(`\nSalesdeck benchmark · ${SIZE} demo · ${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores`);
  console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
  console.log(cols.map((c) => '─'.repeat(width[c])).join('─┼─'));
  for (const r of out) console.log(line(r));
  fs.mkdirSync('test-output', { recursive: true });
  fs.writeFileSync('test-output/bench.json', JSON.stringify({ size: SIZE, rows }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
