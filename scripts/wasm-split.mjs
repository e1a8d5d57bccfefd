// Splits the page's wasm at its split points (`split_fn!`, src/ui/components/split.rs; feature `split`), so the first
// download holds the shell and the Pipeline board and every other page is its own piece,
// fetched the first time it opens. Called by scripts/post-build.mjs (Trunk's post_build
// hook) on the staging folder, before the service worker is stamped with the file list,
// so the pieces are cached for offline use like every other file.
//
// Trunk has already run wasm-bindgen and written salesdeck-<hash>.js/_bg.wasm, but the
// split must happen before wasm-bindgen (it needs the linker's relocations, kept by
// build.rs). So this starts again from Cargo's wasm:
//   1. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup.sh) cuts
//      it into the main module, one piece per split point (plus shared chunks) and the
//      JS that loads them (__wasm_split.js);
//   2. wasm-bindgen (the same version and flags as Trunk) turns the main module into
//      Trunk's two files, replaced in place;
//   3. wasm-opt -Oz (node_modules/.bin, as Trunk's would be) shrinks every wasm file;
//   4. the loader and the pieces get content-hashed names, and index.html's integrity
//      hashes are recomputed for the files that changed.
// Any unexpected shape fails the build (never a half-split app).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const sha = (data, alg = 'sha256', enc = 'hex') => crypto.createHash(alg).update(data).digest(enc);
const kb = (data) => `${(zlib.gzipSync(data, { level: 9 }).length / 1024).toFixed(1)} KB`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// The features Rust's wasm32-unknown-unknown target emits by default; the pieces have no
// target_features section for wasm-opt to read them from.
const FEATURES = [
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-multivalue',
];

export function splitWasm(dir, html) {
  const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
  const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
  const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const input = path.join(target, 'wasm32-unknown-unknown', profile, 'salesdeck.wasm');
  if (!fs.existsSync(input)) throw new Error(`wasm-split: no Cargo output at ${input}`);

  const glue = fs.readdirSync(dir).filter((f) => /^salesdeck-[0-9a-f]+\.js$/.test(f));
  if (glue.length !== 1) throw new Error(`wasm-split: expected one salesdeck-<hash>.js, found ${glue.length}`);
  const stem = glue[0].slice(0, -3);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdeck-split-'));
  try {
    // SALESDECK_SPLIT_BASELINE=1: also report what the unsplit wasm would weigh.
    if (process.env.SALESDECK_SPLIT_BASELINE === '1') {
      const whole = path.join(os.tmpdir(), `salesdeck-whole-${process.pid}.wasm`);
      run('wasm-opt', ['-Oz', ...FEATURES, path.join(dir, `${stem}_bg.wasm`), '-o', whole]);
      console.log(`wasm-split: unsplit wasm ${kb(fs.readFileSync(whole))} gzip`);
      fs.rmSync(whole);
    }
    // 1. Split.
    run('wasm-split-cli', [input, tmp, '--target', 'web', '--out-name', stem]);
    const linkSrc = path.join(tmp, '__wasm_split.js');
    if (!fs.existsSync(linkSrc)) throw new Error('wasm-split: no __wasm_split.js written');
    const pieces = fs.readdirSync(tmp).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
    if (pieces.length === 0) throw new Error('wasm-split: no split point found (was the `split` feature on?)');

    // 2. wasm-bindgen on the main module, as Trunk runs it; lld's exports are kept
    //    because the pieces import them (stack pointer, table, memory).
    const bindgenOut = path.join(tmp, 'bindgen');
    const bindgenArgs = ['--target', 'web', '--out-dir', bindgenOut, '--out-name', stem, '--no-typescript', '--keep-lld-exports'];
    if (profile === 'debug') bindgenArgs.push('--keep-debug');
    run('wasm-bindgen', [...bindgenArgs, path.join(tmp, `${stem}.wasm`)]);
    if (fs.existsSync(path.join(bindgenOut, 'snippets'))) throw new Error('wasm-split: unexpected wasm-bindgen snippets');

    // 3. Optimise every wasm file (Trunk's own wasm-opt is off: data-wasm-opt="0").
    // Pieces under 4 KB are left as they are: each wasm-opt run costs about a second
    // (binaryen's npm build) and there are hundreds of tiny shared chunks.
    const wasmFiles = [
      path.join(bindgenOut, `${stem}_bg.wasm`),
      ...pieces.map((p) => path.join(tmp, p)).filter((f) => fs.statSync(f).size >= 4096),
    ];
    // One wasm-opt per core at a time (xargs -P); any failure fails the build.
    if (profile === 'release' && process.env.SALESDECK_SPLIT_NO_OPT !== '1') {
      const jobs = String(os.availableParallelism ? os.availableParallelism() : os.cpus().length);
      execFileSync('xargs', ['-0', '-P', jobs, '-I', '{}', 'wasm-opt', '-Oz', ...FEATURES, '{}', '-o', '{}'], {
        input: wasmFiles.join('\0'),
        stdio: ['pipe', 'inherit', 'inherit'],
      });
    }

    // 4. Content-hashed names: a new deployment never mixes with an old piece in an
    //    HTTP cache.
    let link = fs.readFileSync(linkSrc, 'utf8');
    const written = [];
    for (const p of pieces) {
      const data = fs.readFileSync(path.join(tmp, p));
      const name = `${p.slice(0, -5)}-${sha(data).slice(0, 16)}.wasm`;
      const ref = `"./${p}"`;
      if (!link.includes(ref)) throw new Error(`wasm-split: the loader does not name ${p}`);
      link = link.split(ref).join(`"./${name}"`);
      fs.writeFileSync(path.join(dir, name), data);
      written.push(name);
    }
    if (!link.includes(`from "./${stem}.js"`)) throw new Error('wasm-split: the loader does not import the main module');
    const linkName = `split-${sha(link).slice(0, 16)}.js`;
    fs.writeFileSync(path.join(dir, linkName), link);

    let js = fs.readFileSync(path.join(bindgenOut, `${stem}.js`), 'utf8');
    // One `import * as importN from "./__wasm_split.js"` per split function.
    // Only the module specifiers change: the wasm's import module name (the key in the
    // imports object) stays "./__wasm_split.js".
    const imports = js.split(`from "./__wasm_split.js"`).length - 1;
    if (imports === 0) throw new Error('wasm-split: the glue does not import ./__wasm_split.js');
    js = js.split(`from "./__wasm_split.js"`).join(`from "./${linkName}"`);
    if (js.includes('__wasm_split_placeholder__')) throw new Error('wasm-split: a split import was left unresolved');
    fs.writeFileSync(path.join(dir, `${stem}.js`), js);
    fs.copyFileSync(path.join(bindgenOut, `${stem}_bg.wasm`), path.join(dir, `${stem}_bg.wasm`));

    // index.html's integrity hashes for the two replaced files.
    for (const f of [`${stem}.js`, `${stem}_bg.wasm`]) {
      const integrity = `sha384-${sha(fs.readFileSync(path.join(dir, f)), 'sha384', 'base64')}`;
      const re = new RegExp(`(href="[^"]*${f.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*(")`);
      if (re.test(html)) html = html.replace(re, `$1${integrity}$2`);
    }
    const sizes = [`${stem}_bg.wasm`, `${stem}.js`, linkName, ...written]
      .map((f) => `  ${f} ${kb(fs.readFileSync(path.join(dir, f)))}`)
      .join('\n');
    console.log(`wasm-split: ${written.length} pieces, gzip -9 sizes:\n${sizes}`);
    return html;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
