// The ECharts shipped in public/vendor/echarts/ is the trimmed build of
// scripts/echarts-entry.mjs, made from the npm package by scripts/vendor-echarts.sh
// (esbuild), current with it, with its licence; index.html loads nothing from
// another origin and no ECharts on start (the first chart loads it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { stale } from '../../scripts/build-echarts.mjs';

test('vendored ECharts is the current trimmed build of the npm package, with its licence', async () => {
  assert.deepEqual(await stale(), [], 'run scripts/vendor-echarts.sh after changing the entry or the versions');
  assert.match(fs.readFileSync('public/vendor/echarts/LICENSE', 'utf8'), /Apache License/);
  assert.match(fs.readFileSync('public/vendor/echarts/NOTICE', 'utf8'), /Apache ECharts/);
  const js = fs.readFileSync('public/vendor/echarts/echarts.min.js', 'utf8');
  assert.match(js.slice(0, 300), /^\/\*! Apache ECharts 6\.1\.0, trimmed for Salesdeck/);
  const full = fs.statSync('node_modules/echarts/dist/echarts.min.js').size;
  assert.ok(js.length < full * 0.6, `trimmed ${js.length} bytes vs full ${full}`);
});

test('index.html loads nothing from another origin and no ECharts at start', () => {
  const index = fs.readFileSync('index.html', 'utf8');
  assert.doesNotMatch(index, /https?:\/\//, 'index.html loads nothing from another origin');
  assert.doesNotMatch(index, /<script[^>]*echarts/, 'no <script> for ECharts: charts load it');
  for (const f of ['echarts.min.js', 'LICENSE', 'NOTICE']) {
    assert.match(index, new RegExp(`rel="copy-file" href="public/vendor/echarts/${f.replace('.', '\\.')}"`));
  }
});
