// Trunk's post_build hook (Trunk.toml), run on the staging folder before it becomes dist/:
// 0. Splits the wasm at its `#[lazy]` pages (scripts/wasm-split.mjs).
// 1. Moves the module script Trunk inlines to start the wasm into a file of its own
//    (init-<hash>.js), so the Content-Security-Policy in index.html needs no inline
//    script; fails the build if any inline script is left.
// 2. Stamps the service worker (sw.js) with this build's id (a hash of every file it
//    caches) and the list of those files, relative to the scope, so the same build
//    works at the root and under --public-url /sub/.
// 3. Writes 404.html = index.html: static hosts serve it for unknown paths, so a deep
//    link (a reload on /deals/…) opens the app, which then routes by itself.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { splitWasm } from './wasm-split.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
const base = process.env.TRUNK_PUBLIC_URL || '/';
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');

const sha = (data) => crypto.createHash('sha256').update(data).digest('hex');
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

// 0. The wasm pieces (before the file list below, so the service worker caches them).
html = splitWasm(dir, html);

// 1. The inline initializer becomes a file.
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]));
if (inline.length !== 1 || !/type="module"/.test(inline[0][1])) {
  throw new Error(`expected Trunk's one inline module script in index.html, found ${inline.length}`);
}
const [tag, , code] = inline[0];
const initName = `init-${sha(code).slice(0, 16)}.js`;
fs.writeFileSync(path.join(dir, initName), code.trim() + '\n');
html = html.replace(tag, `<script type="module" src="${base}${initName}"></script>`);
const left = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]) || m[2].trim());
if (left.length) throw new Error('index.html still has an inline script: ' + left[0][0].slice(0, 120));
fs.writeFileSync(indexPath, html);

// 2. The service worker's build id and shell.
const files = [];
(function walk(rel) {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      // ECharts is cached when the first chart loads it, not by every first visit.
      if (p !== 'vendor') walk(p);
    } else if (!['sw.js', '404.html'].includes(p)) {
      files.push(p);
    }
  }
})('');
files.sort();
const build = sha(files.map((f) => f + '\0' + sha(fs.readFileSync(path.join(dir, f)))).join('\n')).slice(0, 20);
const swPath = path.join(dir, 'sw.js');
let sw = fs.readFileSync(swPath, 'utf8');
if (!sw.includes('__SALESDECK_BUILD__') || !sw.includes("['__SALESDECK_FILES__']")) {
  throw new Error('sw.js has no placeholders to fill');
}
sw = sw.replace('__SALESDECK_BUILD__', build).replace("['__SALESDECK_FILES__']", JSON.stringify(files));
fs.writeFileSync(swPath, sw);

// 3. Deep links on static hosts.
fs.writeFileSync(path.join(dir, '404.html'), html);
console.log(`post-build: ${initName}, service worker build ${build} caching ${files.length} files`);
