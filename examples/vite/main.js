// A share-poster preview in the browser, bundled by Vite. The wasm is fetched from the URL
// Vite gives the package's fenxiao_bg.wasm asset.
import { init, RuleSet } from 'fenxiao';
import rules from '../shop/rules.json';

const product = { id: 'longjing-250g', skus: [{ id: 'bag', price: '128.00' }, { id: 'tin', price: '168.00' }] };

export async function preview() {
  await init();
  const compiled = new RuleSet(rules);
  try {
    return compiled.previewEarnings({ product, distributor: { id: 'xiaomei', tier: 'gold', status: 'active' } });
  } finally {
    compiled.free();
  }
}

const shown = preview().then((p) => {
  const text = p.earnings.map((e) => `level ${e.level}: ¥${e.min}–¥${e.max}`).join('\n');
  if (typeof document !== 'undefined') document.getElementById('app').textContent = text;
  return text;
});
globalThis.fenxiaoExample = shown;
