// UTF-8 for runtimes without the Encoding API (WeChat mini-programs). Bound into the
// glue before it runs; the strings crossing are JSON texts, the bytes coming back are the
// engine's (always valid UTF-8).
class Utf8Decoder {
  decode(bytes) {
    if (bytes === undefined) return '';
    const units = [];
    let text = '';
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      const b = bytes[i];
      let cp;
      if (b < 0x80) { cp = b; i += 1; }
      else if (b < 0xe0) { cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f); i += 2; }
      else if (b < 0xf0) { cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f); i += 3; }
      else { cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f); i += 4; }
      if (cp > 0xffff) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        units.push(cp);
      }
      if (units.length >= 4096) {
        text += String.fromCharCode.apply(null, units);
        units.length = 0;
      }
    }
    return text + String.fromCharCode.apply(null, units);
  }
}

class Utf8Encoder {
  encode(text) {
    const out = new Uint8Array(text.length * 3);
    const { written } = this.encodeInto(text, out);
    return out.slice(0, written);
  }

  // Writes `text` into `view`, which the glue sizes at three bytes per UTF-16 unit.
  encodeInto(text, view) {
    let w = 0;
    const n = text.length;
    for (let i = 0; i < n; i += 1) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i += 1;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) { view[w++] = c; }
      else if (c < 0x800) { view[w++] = 0xc0 | (c >> 6); view[w++] = 0x80 | (c & 0x3f); }
      else if (c < 0x10000) { view[w++] = 0xe0 | (c >> 12); view[w++] = 0x80 | ((c >> 6) & 0x3f); view[w++] = 0x80 | (c & 0x3f); }
      else { view[w++] = 0xf0 | (c >> 18); view[w++] = 0x80 | ((c >> 12) & 0x3f); view[w++] = 0x80 | ((c >> 6) & 0x3f); view[w++] = 0x80 | (c & 0x3f); }
    }
    return { read: n, written: w };
  }
}
