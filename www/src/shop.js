// The sample shop's documents (examples/sample-shop/) turned into the engine's arguments.
// The page and scripts/sample-docs.mjs (which writes the CLI documents in
// examples/sample-shop/cli/) both call these functions, so what the page asks the engine is
// exactly what `fenxiao preview` and `fenxiao progress` read from those files. Plain ES
// module, no bundler features: Node imports it too.

/**
 * The engine's product: `id` and the SKUs' `id` and `price` (or the single `price`). The
 * display fields (names, image) stay on the page side: the engine refuses fields it does
 * not know.
 */
export function engineProduct(product) {
  if (product.skus) return { id: product.id, skus: product.skus.map((s) => ({ id: s.id, price: s.price })) };
  return { id: product.id, price: product.price };
}

/** The engine's member: the fields of `distributors.json` the engine reads. */
export function engineMember(distributor) {
  return { id: distributor.id, tier: distributor.tier, status: distributor.status };
}

function find(list, id, what) {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`the sample shop has no ${what} \`${id}\``);
  return found;
}

/**
 * `preview`'s arguments (without `rules`) for a distributor sharing a product: the product's
 * SKUs and prices, the distributor, and their own upline, nearest first, as the shop's
 * distributors list records it.
 */
export function previewArgs(shop, distributorId, product) {
  const d = find(shop.distributors, distributorId, 'distributor');
  return {
    product,
    distributor: engineMember(d),
    upline: d.upline.map((id) => engineMember(find(shop.distributors, id, 'distributor'))),
  };
}

/** `progress`'s arguments (without `rules`): the member, the shop's fixed clock and the facts. */
export function progressArgs(shop, distributorId) {
  const d = find(shop.distributors, distributorId, 'distributor');
  return { member: { id: d.id, tier: d.tier }, now: shop.info.now, facts: d.facts };
}

/** The sample product with this id, in the shop's products list. */
export function productById(shop, productId) {
  return find(shop.products, productId, 'product');
}

/** File names of the ready-made CLI documents (examples/sample-shop/cli/). */
export const cliFile = {
  preview: (distributorId, productId) => `preview-${distributorId}-${productId}.json`,
  progress: (distributorId) => `progress-${distributorId}.json`,
};

/** Every CLI document of the sample shop: `{ file, command, doc }`, rules included. */
export function cliDocuments(shop) {
  const out = [];
  for (const d of shop.distributors) {
    for (const p of shop.products) {
      out.push({
        file: cliFile.preview(d.id, p.id),
        command: 'preview',
        doc: { rules: shop.rules, ...previewArgs(shop, d.id, engineProduct(p)) },
      });
    }
    out.push({ file: cliFile.progress(d.id), command: 'progress', doc: { rules: shop.rules, ...progressArgs(shop, d.id) } });
  }
  return out;
}
