// The share code a poster's QR carries (docs/SHARE-CODE.md): who shared which product, in a
// form that fits a mini-program code's `scene` (at most 32 characters) and a plain web link.
//
//   1.<distributorId>.<productId>        e.g. 1.xiaomei.longjing-250g
//
// `1` is the format version. Ids use letters, digits, `_` and `-` only (never `.`, the
// separator), so the code is also safe in a URL path without escaping. A code that would be
// longer than 32 characters is refused, never cut: a cut code would bind buyers to the
// wrong person or product.

export const MAX_SCENE = 32;
export const VERSION = '1';
const ID = /^[A-Za-z0-9_-]+$/;

/** A share code that cannot be made or read; `reason` is `badId`, `tooLong` or `malformed`. */
export class ShareCodeError extends Error {
  constructor(reason, message, detail = {}) {
    super(message);
    this.name = 'ShareCodeError';
    this.reason = reason;
    Object.assign(this, detail);
  }
}

/** The code for a distributor sharing a product; throws ShareCodeError when it cannot be made. */
export function encodeShareCode({ distributorId, productId }) {
  for (const [field, id] of [['distributorId', distributorId], ['productId', productId]]) {
    if (typeof id !== 'string' || !ID.test(id)) {
      throw new ShareCodeError('badId', `${field} ${JSON.stringify(id)} has characters a share code cannot carry (letters, digits, _ and - only)`, { field, id });
    }
  }
  const code = `${VERSION}.${distributorId}.${productId}`;
  if (code.length > MAX_SCENE) {
    throw new ShareCodeError('tooLong', `the share code ${code} is ${code.length} characters; a mini-program scene holds at most ${MAX_SCENE}`, { length: code.length });
  }
  return code;
}

/** `{ distributorId, productId }` from a code; throws ShareCodeError for anything else. */
export function decodeShareCode(code) {
  if (typeof code !== 'string' || code.length > MAX_SCENE) {
    throw new ShareCodeError('malformed', `not a share code: ${JSON.stringify(code)}`);
  }
  const parts = code.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !ID.test(parts[1]) || !ID.test(parts[2])) {
    throw new ShareCodeError('malformed', `not a version ${VERSION} share code: ${JSON.stringify(code)}`);
  }
  return { distributorId: parts[1], productId: parts[2] };
}

/** The web link form: the shop's link base (ending in `/`) and the code, e.g. `https://shop.example/s/1.xiaomei.longjing-250g`. */
export function shareLink(base, code) {
  if (!base.endsWith('/')) throw new Error(`a share link base ends with /: ${base}`);
  return base + code;
}

/** The code in a web link made by shareLink (its last path segment); throws ShareCodeError. */
export function codeFromLink(link) {
  let url;
  try {
    url = new URL(link);
  } catch {
    throw new ShareCodeError('malformed', `not a link: ${JSON.stringify(link)}`);
  }
  const code = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  decodeShareCode(code);
  return code;
}
