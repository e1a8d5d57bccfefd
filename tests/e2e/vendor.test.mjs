// The ECharts shipped in public/ is the npm package's build, with its licence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

test('vendored ECharts equals the npm package and carries its licence', () => {
  const vendored = fs.readFileSync('public/vendor/echarts/echarts.min.js');
  const packaged = fs.readFileSync('node_modules/echarts/dist/echarts.common.min.js');
  assert.ok(vendored.equals(packaged), 'run scripts/vendor-echarts.sh after updating echarts');
  assert.match(fs.readFileSync('public/vendor/echarts/LICENSE', 'utf8'), /Apache License/);
  const index = fs.readFileSync('index.html', 'utf8');
  assert.doesNotMatch(index, /https?:\/\//, 'index.html loads nothing from another origin');
});
