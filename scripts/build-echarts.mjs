// Builds the trimmed ECharts (scripts/echarts-entry.mjs) with esbuild from npm, the
// same bytes on every machine for the versions in package-lock.json:
//
//   node scripts/build-echarts.mjs          writes public/vendor/echarts/
//   node scripts/build-echarts.mjs --check  fails when the committed copy is stale
//
// Written: echarts.min.js (the bundle), LICENSE and NOTICE (Apache-2.0, copied to
// dist/ by index.html), and BUILD (version and content hash; the app puts it in the
// script's address so a browser never keeps an older copy: src/platform/echarts.rs).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const out = path.join(root, 'public/vendor/echarts');
const pkg = path.join(root, 'node_modules/echarts');

/** The bundle and its BUILD line, in memory. */
export async function bundle() {
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['scripts/echarts-entry.mjs'],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'echarts',
    // The published lib keeps development checks behind NODE_ENV.
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    banner: {
      js:
        `/*! Apache ECharts ${version}, trimmed for Salesdeck (scripts/echarts-entry.mjs). ` +
        'Licensed under the Apache License 2.0: see LICENSE and NOTICE beside this file. */',
    },
    write: false,
    logLevel: 'silent',
  });
  const js = Buffer.from(result.outputFiles[0].contents);
  const hash = createHash('sha256').update(js).digest('hex').slice(0, 16);
  return { js, build: `${version}-${hash}\n` };
}

/** What the vendored folder should hold: file name → bytes. */
export async function expected() {
  const { js, build: id } = await bundle();
  return {
    'echarts.min.js': js,
    BUILD: Buffer.from(id),
    LICENSE: fs.readFileSync(path.join(pkg, 'LICENSE')),
    NOTICE: fs.readFileSync(path.join(pkg, 'NOTICE')),
  };
}

/** The names of the vendored files that differ from a fresh build. */
export async function stale() {
  const want = await expected();
  return Object.entries(want)
    .filter(([name, bytes]) => {
      const file = path.join(out, name);
      return !fs.existsSync(file) || !fs.readFileSync(file).equals(bytes);
    })
    .map(([name]) => name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const bad = await stale();
    if (bad.length) {
      console.error(`public/vendor/echarts is stale (${bad.join(', ')}): run scripts/vendor-echarts.sh`);
      process.exit(1);
    }
    console.log('public/vendor/echarts is current');
  } else {
    fs.mkdirSync(out, { recursive: true });
    for (const [name, bytes] of Object.entries(await expected())) {
      fs.writeFileSync(path.join(out, name), bytes);
    }
    const js = fs.readFileSync(path.join(out, 'echarts.min.js'));
    const gz = (await import('node:zlib')).gzipSync(js, { level: 9 }).length;
    console.log(
      `wrote ${path.relative(root, out)}/echarts.min.js: ${js.length} bytes, ${gz} gzip ` +
        `(build ${fs.readFileSync(path.join(out, 'BUILD'), 'utf8').trim()})`,
    );
  }
}
