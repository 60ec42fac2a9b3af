// The simulator's state — both rule sets and the dataset's settings (an uploaded file by its
// name only, never its content) — in the page's address (`#s=`, base64url of the JSON) and
// as a downloadable JSON file, so a comparison can be shared, bookmarked and restored.

export const STATE_VERSION = 1;
const KINDS = ['sample', 'files'];

function toBase64Url(text) {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * A state object checked for its shape: `{v, dataset, baseline, candidate}`, each rule set an
 * object or (when it did not parse) its text. Throws an Error saying what is wrong.
 */
export function checkState(state) {
  if (state === null || typeof state !== 'object') throw new Error('not an object');
  if (state.v !== STATE_VERSION) throw new Error(`version ${JSON.stringify(state.v)} (this page reads ${STATE_VERSION})`);
  const d = state.dataset;
  if (!d || !KINDS.includes(d.kind)) throw new Error('dataset.kind must be "sample" or "files"');
  if (d.kind === 'files' && !(Array.isArray(d.names) && d.names.every((n) => typeof n === 'string'))) throw new Error('dataset.names must be file names');
  for (const which of ['baseline', 'candidate']) {
    const r = state[which];
    if (typeof r !== 'string' && (r === null || typeof r !== 'object' || Array.isArray(r))) throw new Error(`${which} must be a rule set`);
  }
  return state;
}

export function encodeState(state) {
  return toBase64Url(JSON.stringify(state));
}

export function decodeState(text) {
  return checkState(JSON.parse(fromBase64Url(text)));
}

/** The state in an address's hash (`#s=…`), or null when there is none. Throws when unreadable. */
export function stateFromHash(hash) {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  return m ? decodeState(m[1]) : null;
}

/** The state as a file's text (pretty JSON) and back. */
export function stateFileText(state) {
  return `${JSON.stringify({ ...state, format: 'fenxiao-simulation' }, null, 2)}\n`;
}

export function stateFromFile(text) {
  const parsed = JSON.parse(text);
  if (parsed?.format !== 'fenxiao-simulation') throw new Error('not a saved simulation (format "fenxiao-simulation")');
  const { format, ...state } = parsed;
  return checkState(state);
}
