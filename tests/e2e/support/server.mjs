// A static file server like GitHub Pages or S3 website hosting: files from a dist
// folder under an optional path prefix, and 404.html (with status 404) for any
// unknown path, which is what makes deep links work. Like those hosts it sends an ETag
// and Last-Modified and answers a matching revalidation with 304, so the browser
// reuses its cached copy (and its compiled wasm). Binds 127.0.0.1 only.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function startServer({ dist, prefix = '', port: listenPort = 0 }) {
  let root = path.resolve(dist);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let p = decodeURIComponent(url.pathname);
    if (prefix && !(p === prefix || p.startsWith(prefix + '/'))) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not under ' + prefix);
      return;
    }
    p = p.slice(prefix.length) || '/';
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root)) {
      res.writeHead(403);
      res.end();
      return;
    }
    try {
      const stat = await fs.stat(file);
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'text/plain',
        etag,
        'last-modified': stat.mtime.toUTCString(),
        'cache-control': 'no-cache',
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      const body = await fs.readFile(file);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      const body = await fs.readFile(path.join(root, '404.html')).catch(() => 'not found');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    }
  });
  await new Promise((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    /** Serves another build from now on, at the same address (a new deployment). */
    deploy: (folder) => {
      root = path.resolve(folder);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
