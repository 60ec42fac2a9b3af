// A tiny static file server on 127.0.0.1 for the browser tests: directories mounted at URL
// prefixes, a few pages given as text, and the MIME types a static host sends (the wasm as
// application/wasm, so browsers compile it while it streams in).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/**
 * Starts a server. `mounts` maps a URL prefix ending in `/` to a directory; `pages` maps an
 * exact path to `{ type, body }`. A path ending in `/` serves its index.html, and
 * /favicon.ico is an empty 204 so the browser's own request for it logs no error. Answers
 * `{ url, close }`; `close()` ends open connections too, so nothing keeps the process alive.
 */
export async function serve({ mounts = {}, pages = {} }) {
  const roots = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'text/plain', 'bad path');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'GET only');
    if (path in pages) return send(200, pages[path].type, pages[path].body);
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    const mount = roots.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return send(404, 'text/plain', 'not found');
    const [prefix, dir] = mount;
    let file = resolve(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(404, 'text/plain', 'not found');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}
