// The poster column: the share code and its web link, the poster drawn on a canvas, and a
// PNG download of it. The canvas carries what it shows in data- attributes (`data-code`,
// `data-link`, `data-texts`: every text drawn) and `data-state="ready"` once drawn and
// downloadable, for the tests.
import { fillIn, h } from './dom.js';
import { t } from './i18n.js';
import { drawPoster } from './poster.js';
import { encodeShareCode, shareLink, ShareCodeError } from './share-code.js';

const images = new Map();
/** A loaded image for `url` (cached): poster drawing waits for it. */
function loadImage(url) {
  if (!images.has(url)) {
    images.set(url, new Promise((ok, fail) => {
      const img = new Image();
      img.onload = () => ok(img);
      img.onerror = () => fail(new Error(`image ${url} did not load`));
      img.src = url;
    }));
  }
  return images.get(url);
}

let generation = 0;
let objectUrl = null;

/**
 * Renders the poster column into `area` for `spec`: `lang`, `shop`, `shopName`,
 * `distributor`, `productId`, `name`, `skuName`, `price` (engine money string), `image`
 * (URL or null). Drawing waits for the image; a newer call supersedes an older one.
 */
export function renderPoster(area, spec) {
  const mine = ++generation;
  const { lang } = spec;
  let code;
  try {
    code = encodeShareCode({ distributorId: spec.distributor.id, productId: spec.productId });
  } catch (e) {
    if (!(e instanceof ShareCodeError)) throw e;
    const reason = t(lang, `shareCodeReason.${e.reason}`, { length: e.length, id: e.id });
    fillIn(area, h('p', { class: 'refusal', 'data-share-code-error': e.reason, title: e.message }, t(lang, 'shareCodeError', { reason })));
    return;
  }
  const link = shareLink(spec.shop.info.shareLinkBase, code);
  const canvas = h('canvas', { id: 'poster', 'data-state': 'drawing', 'data-code': code, 'data-link': link, role: 'img', 'aria-label': t(lang, 'poster') });
  const download = h('a', { id: 'download', class: 'button', download: `poster-${code}.png`, 'aria-disabled': 'true' }, t(lang, 'download'));
  fillIn(area,
    h('div', { class: 'poster-frame' }, canvas),
    h('p', { class: 'poster-note' }, t(lang, 'posterNote')),
    download,
    h('dl', { class: 'share-code' },
      h('dt', {}, t(lang, 'shareCode')), h('dd', {}, h('code', { id: 'share-code' }, code)),
      h('dt', {}, t(lang, 'shareLink')), h('dd', {}, h('code', { id: 'share-link' }, link))));

  const draw = (image) => {
    if (mine !== generation) return;
    const texts = drawPoster(canvas, {
      shopName: spec.shopName,
      image,
      glyph: Array.from(spec.name)[0],
      name: spec.name,
      skuName: spec.skuName,
      price: spec.price,
      nickname: spec.distributor.nickname,
      link,
      words: {
        recommend: t(lang, 'posterRecommend'),
        scan: t(lang, 'posterScan'),
        scan2: t(lang, 'posterScan2'),
      },
    });
    canvas.dataset.texts = JSON.stringify(texts);
    canvas.toBlob((blob) => {
      if (mine !== generation || blob === null) return;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      download.href = objectUrl;
      download.removeAttribute('aria-disabled');
      canvas.dataset.state = 'ready';
    }, 'image/png');
  };
  // Fonts first: a poster drawn before the CJK font is ready would show fallback glyphs.
  Promise.all([spec.image ? loadImage(spec.image) : null, document.fonts.ready]).then(([img]) => draw(img), (e) => {
    console.warn(e.message);
    draw(null);
  });
}
