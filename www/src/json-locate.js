// Where a field is in JSON text: the engine reports errors by path
// (`rules.levels[0].tierRates[1].rate`), and the page points at that spot in the text the
// merchant pasted. A small scanner over the text, not a parser of values: it only tracks
// offsets along the one path asked for.

/** `"levels[0].tierRates[1].rate"` → `['levels', 0, 'tierRates', 1, 'rate']`. */
export function pathSegments(path) {
  const out = [];
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) || []) {
    out.push(part.startsWith('[') ? Number.parseInt(part.slice(1, -1), 10) : part);
  }
  return out;
}

/**
 * The span `{ start, end, exact }` of the value at `segments` in `text` (offsets into the
 * text, end exclusive). When the path goes deeper than the text (a missing field), the span
 * of the deepest value found, with `exact: false`. Null when the text is not JSON enough to
 * scan.
 */
export function locate(text, segments) {
  let i = 0;
  let best = null;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = () => { throw new SyntaxError('unscannable'); };
  const string = () => {
    if (text[i] !== '"') fail();
    const start = ++i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    const raw = text.slice(start, i++);
    try { return JSON.parse(`"${raw}"`); } catch { return raw; }
  };
  // Scans one value; `depth` is how many segments matched so far, or -1 when off the path.
  const value = (depth) => {
    ws();
    const start = i;
    const onPath = depth >= 0;
    const mark = () => {
      if (onPath && (best === null || depth >= best.depth)) best = { start, end: i, depth };
    };
    const next = (key) => (onPath && depth < segments.length && segments[depth] === key ? depth + 1 : -1);
    if (text[i] === '{') {
      i++; ws();
      if (text[i] === '}') { i++; mark(); return; }
      for (;;) {
        ws();
        const key = string();
        ws();
        if (text[i++] !== ':') fail();
        value(next(key));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i++] !== '}') fail();
        break;
      }
    } else if (text[i] === '[') {
      i++; ws();
      if (text[i] === ']') { i++; mark(); return; }
      for (let n = 0; ; n++) {
        value(next(n));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i++] !== ']') fail();
        break;
      }
    } else if (text[i] === '"') {
      string();
    } else {
      while (i < text.length && !',]} \t\r\n'.includes(text[i])) i++;
      if (i === start) fail();
    }
    mark();
  };
  try {
    value(0);
  } catch {
    return null;
  }
  if (best === null) return null;
  return { start: best.start, end: best.end, exact: best.depth === segments.length };
}

/** 1-based line and column of an offset, for "line 4, column 17". */
export function lineColumn(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
