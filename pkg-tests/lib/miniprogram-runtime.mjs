// An emulated WeChat mini-program runtime for tests: a Node `vm` context without
// TextEncoder, TextDecoder or WebAssembly, with a WXWebAssembly that accepts nothing but a
// path to a file inside the mini-program package (as on devices), App/Page/getApp, and a
// CommonJS `require` that resolves packages from miniprogram_npm/ as the DevTools' build
// lays them out.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

export function createRuntime(projectDir, { finalizationRegistry = true } = {}) {
  const log = [];
  const context = vm.createContext({
    console: { log: (...a) => log.push(a.join(' ')), warn: (...a) => log.push(a.join(' ')), error: (...a) => log.push(a.join(' ')) },
    setTimeout,
    clearTimeout,
  });
  vm.runInContext('delete globalThis.WebAssembly;', context);
  if (!finalizationRegistry) vm.runInContext('delete globalThis.FinalizationRegistry;', context);

  const instantiated = [];
  // WXWebAssembly.instantiate(path, imports): the path of a .wasm or .wasm.br file inside
  // the package, absolute from its root; bytes, Modules and URLs are refused.
  const hostInstantiate = (path, imports) => {
    if (typeof path !== 'string') throw new TypeError('WXWebAssembly.instantiate takes the path of a file in the package');
    if (!path.startsWith('/') || !/\.wasm(\.br)?$/.test(path)) throw new TypeError(`not a package path to a .wasm or .wasm.br file: ${path}`);
    const file = normalize(join(projectDir, path));
    if (relative(projectDir, file).startsWith('..') || !existsSync(file)) throw new Error(`no such file in the package: ${path}`);
    let bytes = readFileSync(file);
    if (path.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
    instantiated.push(path);
    return WebAssembly.instantiate(bytes, imports);
  };
  context.__hostInstantiate = hostInstantiate;
  vm.runInContext(`
    ((host) => { globalThis.WXWebAssembly = {
      instantiate(path, imports) {
        return new Promise((resolve, reject) => {
          try {
            host(path, imports).then((r) => resolve({ instance: r.instance, module: r.module }), reject);
          } catch (e) { reject(e); }
        });
      },
    }; })(globalThis.__hostInstantiate);
    delete globalThis.__hostInstantiate;
  `, context);

  let app = null;
  const pages = [];
  context.App = (config) => { app = config; };
  context.Page = (config) => { pages.push(config); };
  context.getApp = () => app;
  context.wx = {};

  const cache = new Map();
  function resolveFrom(fromDir, request) {
    let base;
    if (request.startsWith('./') || request.startsWith('../')) base = join(fromDir, request);
    else if (request.startsWith('/')) base = join(projectDir, request);
    else base = join(projectDir, 'miniprogram_npm', request);
    for (const candidate of [base, base + '.js', join(base, 'index.js')]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    throw new Error(`module not found: ${request} (from ${relative(projectDir, fromDir) || '.'})`);
  }
  function load(file) {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    const wrapper = vm.runInContext(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, context, { filename: file });
    wrapper(module, module.exports, (request) => load(resolveFrom(dirname(file), request)));
    return module.exports;
  }

  return {
    context,
    log,
    instantiated,
    require: (request) => load(resolveFrom(projectDir, request)),
    /** Runs app.js and onLaunch, then each page's onLoad; answers the pages' data. */
    async launch() {
      load(join(projectDir, 'app.js'));
      if (app && app.onLaunch) app.onLaunch.call(app, {});
      const config = JSON.parse(readFileSync(join(projectDir, 'app.json'), 'utf8'));
      const shown = [];
      for (const route of config.pages) {
        const before = pages.length;
        load(join(projectDir, route.split('/').join(sep) + '.js'));
        const pageConfig = pages[before];
        const page = Object.create(pageConfig);
        page.data = JSON.parse(JSON.stringify(pageConfig.data || {}));
        page.setData = (patch) => { page.data = { ...page.data, ...JSON.parse(JSON.stringify(patch)) }; };
        if (page.onLoad) await page.onLoad({});
        shown.push({ route, data: page.data });
      }
      return shown;
    },
  };
}
