// Paths into a rule set, as the engine writes them (`levels[0].tierRates[1].rate`): the form
// binds each input to one, and the engine's errors and lint findings come back on one, so
// the same string finds the value in the document and the field on the page.
import { pathSegments } from '../json-locate.js';

export { pathSegments };

/** `['levels', 0, 'rate']` → `"levels[0].rate"` (the engine's spelling). */
export function joinPath(segments) {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** The value at `path` in `doc`, or undefined. */
export function getAt(doc, path) {
  let node = doc;
  for (const s of pathSegments(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[s];
  }
  return node;
}

/** Sets the value at `path`, creating objects on the way; `undefined` deletes the key. */
export function setAt(doc, path, value) {
  const segs = pathSegments(path);
  let node = doc;
  for (const [i, s] of segs.slice(0, -1).entries()) {
    if (node[s] === null || typeof node[s] !== 'object') node[s] = typeof segs[i + 1] === 'number' ? [] : {};
    node = node[s];
  }
  const last = segs[segs.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
}

/** The path without the engine's leading `rules` (`rules.levels[0]` → `levels[0]`, `rules` → ``). */
export function inRules(path) {
  if (path === 'rules') return '';
  if (path.startsWith('rules.')) return path.slice(6);
  if (path.startsWith('rules[')) return path.slice(5);
  return path;
}

/** Every shorter path of `path`, longest first, ending with `""` (the document). */
export function ancestors(path) {
  const segs = pathSegments(path);
  const out = [];
  for (let n = segs.length; n >= 0; n--) out.push(joinPath(segs.slice(0, n)));
  return out;
}
