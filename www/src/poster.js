// The share poster (分享海报) drawn on a canvas at a phone poster's size, 750 × 1334 (the
// iPhone 6–8 screen at 2×, the size mini-program posters are commonly drawn at).
//
// Buyers see the poster, and WeChat's rules forbid money inducements to share, so it shows
// the product, its price, who recommends it and the QR code, and never the commission:
// drawPoster takes no commission figure at all, and answers every text it drew so the tests
// can check that.
import QRCode from 'qrcode';
import { yuan } from './money.js';

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1334;

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif';
const INK = '#2b2622';
const MUTED = '#857b70';
const PRICE = '#d4380d';
const PAPER = '#fbf7ef';

/** `text` broken into at most `maxLines` lines of `width` pixels (CJK per character, words at spaces), the last ending in … when cut. */
export function wrap(ctx, text, width, maxLines) {
  const lines = [];
  let rest = text;
  while (rest && lines.length < maxLines) {
    let n = rest.length;
    while (n > 1 && ctx.measureText(rest.slice(0, n)).width > width) n--;
    if (n < rest.length) {
      const space = rest.lastIndexOf(' ', n);
      if (space > 0) n = space;
    }
    lines.push(rest.slice(0, n).trim());
    rest = rest.slice(n).trim();
  }
  if (rest) {
    let last = lines[lines.length - 1];
    while (last && ctx.measureText(`${last}…`).width > width) last = last.slice(0, -1);
    lines[lines.length - 1] = `${last}…`;
  }
  return lines;
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** The QR code of `text` drawn as dark modules in a `size`-pixel square (quiet zone included). */
export function drawQr(ctx, text, x, y, size) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4; // modules of white border, as the QR standard asks
  const cell = Math.floor(size / (n + 2 * quiet));
  const used = cell * (n + 2 * quiet);
  const ox = x + Math.floor((size - used) / 2) + quiet * cell;
  const oy = y + Math.floor((size - used) / 2) + quiet * cell;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000000';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) ctx.fillRect(ox + c * cell, oy + r * cell, cell, cell);
  }
}

/**
 * Draws the poster. `spec`: `shopName`, `image` (a loaded image, or null for a plain tile
 * with `glyph`), `name`, `skuName` (or ''), `price` (the engine's money string of the SKU
 * shown), `nickname`, `link` (what the QR carries), and `words` (`recommend`, `scan`,
 * `scan2`, already in the page's language). Answers the texts drawn, in order.
 */
export function drawPoster(canvas, spec) {
  canvas.width = POSTER_WIDTH;
  canvas.height = POSTER_HEIGHT;
  const ctx = canvas.getContext('2d');
  const texts = [];
  const text = (s, x, y, font, color, align = 'left') => {
    ctx.font = font;
    ctx.fillStyle = color;
    ctx.textAlign = align;
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(s, x, y);
    texts.push(s);
  };

  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);

  // The shop's name above the picture.
  text(spec.shopName, POSTER_WIDTH / 2, 62, `600 30px ${FONT}`, MUTED, 'center');

  // The product picture: a 670 px square with rounded corners.
  const pic = { x: 40, y: 96, s: 670 };
  ctx.save();
  roundRect(ctx, pic.x, pic.y, pic.s, pic.s, 24);
  ctx.clip();
  if (spec.image) {
    ctx.drawImage(spec.image, pic.x, pic.y, pic.s, pic.s);
  } else {
    ctx.fillStyle = '#e9dfcc';
    ctx.fillRect(pic.x, pic.y, pic.s, pic.s);
    ctx.font = `700 280px ${FONT}`;
    ctx.fillStyle = '#a08b6a';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.glyph || '货', pic.x + pic.s / 2, pic.y + pic.s / 2);
  }
  ctx.restore();

  // Name (two lines at most), then the price with the SKU's name beside it.
  ctx.font = `700 40px ${FONT}`;
  let y = 832;
  for (const line of wrap(ctx, spec.name, 670, 2)) {
    text(line, 40, y, `700 40px ${FONT}`, INK);
    y += 54;
  }
  const price = yuan(spec.price);
  const priceY = y + 54; // below the name: one line or two
  text(price, 40, priceY, `700 64px ${FONT}`, PRICE);
  if (spec.skuName) {
    const after = 40 + ctx.measureText(price).width + 20;
    ctx.font = `400 28px ${FONT}`;
    const [sku] = wrap(ctx, spec.skuName, 710 - after, 1);
    text(sku, after, priceY - 2, `400 28px ${FONT}`, MUTED);
  }

  // Divider, then who recommends it and the QR code.
  ctx.fillStyle = '#e6dccb';
  ctx.fillRect(40, 1052, 670, 2);
  drawQr(ctx, spec.link, 490, 1080, 220);

  const avatar = { x: 82, y: 1140, r: 42 };
  ctx.beginPath();
  ctx.arc(avatar.x, avatar.y, avatar.r, 0, Math.PI * 2);
  ctx.fillStyle = '#c8a46e';
  ctx.fill();
  const initial = Array.from(spec.nickname)[0] || '';
  text(initial, avatar.x, avatar.y + 14, `700 40px ${FONT}`, '#ffffff', 'center');

  ctx.font = `700 34px ${FONT}`;
  const [nickname] = wrap(ctx, spec.nickname, 320, 1);
  text(nickname, 142, 1132, `700 34px ${FONT}`, INK);
  ctx.font = `400 26px ${FONT}`;
  const [recommend] = wrap(ctx, spec.words.recommend, 320, 1);
  text(recommend, 142, 1174, `400 26px ${FONT}`, MUTED);
  text(spec.words.scan, 40, 1256, `400 26px ${FONT}`, MUTED);
  text(spec.words.scan2, 40, 1292, `400 26px ${FONT}`, MUTED);
  return texts;
}
