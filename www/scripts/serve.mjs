// Serves the built pages (www/dist) on 127.0.0.1 and prints the URL: `.ci/serve`'s last
// step. PORT picks the port (default 5173); a port already taken is said plainly.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveDir } from './static-server.mjs';
import { wwwDir } from './sample-shop.mjs';

const dir = process.argv[2] || join(wwwDir, 'dist');
const port = Number.parseInt(process.env.PORT || '5173', 10);
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`serve: no ${join(dir, 'index.html')}: build the pages first (.ci/build-www)`);
  process.exit(1);
}
try {
  const { url } = await serveDir({ dir, port });
  console.log(`Serving the share-poster page (sample shop loaded) at ${url}`);
  console.log(`and the merchant's commission simulator at ${url}simulator.html`);
  console.log('Press Ctrl-C to stop.');
} catch (e) {
  if (e.code === 'EADDRINUSE') {
    console.error(`serve: port ${port} on 127.0.0.1 is taken; run with another, e.g. PORT=5180 .ci/serve`);
    process.exit(1);
  }
  throw e;
}
