// The JavaScript side of the binding, shared by the web, node and mini-program builds (the
// build wraps it as ESM or CommonJS). Conversion only: objects become JSON text here, with
// an iterative walk that bounds depth and size before anything crosses into wasm, and the
// engine's envelope becomes a result or a thrown FenxiaoError. No rules logic.

/** The error every refused call throws: the first error's code, path and message, and all of them. */
class FenxiaoError extends Error {
  constructor(errors) {
    const list = Array.isArray(errors) && errors.length > 0
      ? errors
      : [{ code: 'invalidValue', path: '', message: 'the engine refused the document' }];
    const first = list[0];
    super(first.message);
    this.name = 'FenxiaoError';
    this.code = first.code;
    this.path = first.path;
    this.errors = list;
  }
}

/**
 * The object API's name of each engine command: the command's own word, then what it answers
 * (`settle` → `settleOrder`). This list must match the engine's command table
 * (crates/fenxiao-wasm/npm/commands.json, printed by `fenxiao commands --json`); a package
 * test fails when they differ.
 */
const COMMAND_OF = {
  validateRules: 'validate',
  lintRules: 'lint',
  ruleSetHash: 'hash',
  bind: 'bind',
  settleOrder: 'settle',
  refundOrder: 'refund',
  commissionStatus: 'status',
  withdrawQuote: 'withdraw',
  tierProgress: 'progress',
  previewEarnings: 'preview',
  /** @deprecated the earlier name of `withdrawQuote`, kept for one release. */
  withdrawal: 'withdraw',
};

function pathField(path, key) {
  return path === '' ? key : path + '.' + key;
}

function describe(value) {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return 'a BigInt';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return 'undefined';
}

/**
 * JSON text of `root`, written iteratively (JSON.stringify recurses and throws a RangeError
 * a few thousand levels down). Stops at the first problem: nesting deeper than `maxDepth`,
 * text longer than `maxChars`, a cycle, or a value JSON cannot hold (NaN, Infinity, BigInt,
 * a function, a symbol). Returns `{ text }` or `{ error: { code, path, message } }`.
 * Objects follow JSON.stringify: `toJSON` is honoured (a Date becomes its ISO text) and
 * properties that are `undefined` are left out; holes and `undefined` in arrays are null.
 */
function toJsonText(root, maxDepth, maxChars) {
  const out = [];
  let chars = 0;
  const tooDeep = () => ({ error: { code: 'tooDeep', path: '', message: 'the document nests deeper than ' + maxDepth + ' levels' } });
  const tooLarge = () => ({ error: { code: 'tooLarge', path: '', message: 'the document is larger than the limit of ' + maxChars + ' bytes' } });
  // Each frame: the container, its keys (objects) or length (arrays), the next position,
  // its path, and whether something was written in it yet.
  const stack = [];
  let pending = { value: root, key: '', path: '' };
  for (;;) {
    if (pending !== null) {
      let value = pending.value;
      const path = pending.path;
      pending = null;
      if (value !== null && (typeof value === 'object' || typeof value === 'bigint') && typeof value.toJSON === 'function') {
        value = value.toJSON();
      }
      let piece = null;
      if (value === null) piece = 'null';
      else if (value === true) piece = 'true';
      else if (value === false) piece = 'false';
      else if (typeof value === 'string') piece = JSON.stringify(value);
      else if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
          return { error: { code: 'invalidType', path, message: 'invalid type: ' + describe(value) + ' is not a JSON value; money is a decimal string like "12.80" and counts are whole numbers' } };
        }
        piece = JSON.stringify(value);
      } else if (typeof value === 'object') {
        if (stack.length + 1 > maxDepth) return tooDeep();
        for (const f of stack) {
          if (f.container === value) {
            return { error: { code: 'invalidValue', path, message: 'the value contains itself (a cycle)' } };
          }
        }
        if (Array.isArray(value)) {
          stack.push({ container: value, keys: null, length: value.length, i: 0, path });
          out.push('[');
        } else {
          stack.push({ container: value, keys: Object.keys(value), length: 0, i: 0, path });
          out.push('{');
        }
        chars += 1;
      } else {
        return { error: { code: 'invalidType', path, message: 'invalid type: ' + describe(value) + ' is not a JSON value; money is a decimal string like "12.80" and counts are whole numbers' } };
      }
      if (piece !== null) {
        out.push(piece);
        chars += piece.length;
      }
      if (chars > maxChars) return tooLarge();
    }
    // Move to the next value, closing finished containers.
    const frame = stack.length > 0 ? stack[stack.length - 1] : null;
    if (frame === null) break;
    if (frame.keys === null) {
      if (frame.i < frame.length) {
        const i = frame.i;
        frame.i += 1;
        if (i > 0) { out.push(','); chars += 1; }
        const v = frame.container[i];
        pending = { value: v === undefined ? null : v, path: frame.path + '[' + i + ']' };
        continue;
      }
      out.push(']');
    } else {
      let found = false;
      while (frame.i < frame.keys.length) {
        const key = frame.keys[frame.i];
        frame.i += 1;
        const v = frame.container[key];
        if (v === undefined) continue;
        const head = (frame.written ? ',' : '') + JSON.stringify(key) + ':';
        frame.written = true;
        out.push(head);
        chars += head.length;
        pending = { value: v, path: pathField(frame.path, key) };
        found = true;
        break;
      }
      if (found) continue;
      out.push('}');
    }
    chars += 1;
    stack.pop();
    if (chars > maxChars) return tooLarge();
  }
  return { text: out.join('') };
}

/**
 * True when `root` is plain JSON data that JSON.stringify writes exactly as toJsonText
 * would, and whose text can be at most `maxChars` long: null, booleans, finite numbers,
 * strings, and arrays and plain objects (own enumerable keys, no `toJSON`) of them, nested at
 * most `maxDepth` levels. Properties that are `undefined` are left out by both, and array
 * elements that are `undefined` are null in both. Anything else (a Date, NaN, a function, a
 * cycle, too deep, too long) answers false, and the careful walk writes the text or names the
 * problem. The look stops as soon as the text would be too long (a sparse array of four
 * billion elements is not walked to its end).
 */
function isPlain(root, maxDepth, maxChars) {
  // The fewest characters the text still has room for: each value is counted at its
  // shortest (a number as one digit, a string without escapes).
  let room = maxChars;
  function plain(value, depth) {
    if (value === null) return (room -= 4) >= 0;
    switch (typeof value) {
      case 'string':
        return (room -= value.length + 2) >= 0;
      case 'boolean':
        return (room -= 4) >= 0;
      case 'number':
        return Number.isFinite(value) && (room -= 1) >= 0;
      case 'object':
        break;
      default:
        return false;
    }
    if (depth <= 0 || typeof value.toJSON === 'function' || (room -= 2) < 0) return false;
    const proto = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
      for (let i = 0; i < value.length; i += 1) {
        const v = value[i];
        if ((room -= 1) < 0) return false;
        if (v === undefined ? (room -= 4) < 0 : !plain(v, depth - 1)) return false;
      }
      return true;
    }
    // Only plain objects: JSON.stringify unboxes a `new String()` where the walk lists its keys.
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const v = value[key];
      if (v === undefined) continue;
      if ((room -= key.length + 3) < 0 || !plain(v, depth - 1)) return false;
    }
    return true;
  }
  return plain(root, maxDepth);
}

/**
 * JSON text of `root` as toJsonText writes it: by the engine's own JSON.stringify when the
 * value is plain data within the limits (almost every call, and several times quicker than
 * walking it here), by the walk otherwise.
 */
function jsonText(root, maxDepth, maxChars) {
  if (isPlain(root, maxDepth, maxChars)) {
    const text = JSON.stringify(root);
    if (text.length <= maxChars) return { text };
  }
  return toJsonText(root, maxDepth, maxChars);
}

/** Bytes of `text` in UTF-8 (a lone surrogate counts as U+FFFD, as the glue encodes it). */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { bytes += 4; i += 1; } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The public API over a wasm-bindgen glue module. `load(arg)` instantiates the wasm (async
 * builds); `null` when the glue is ready once required (node).
 */
function createApi(glue, load) {
  let ready = load === null;
  let loading = null;
  let limits = null;

  function init(arg) {
    if (ready) return Promise.resolve();
    if (loading === null) {
      loading = Promise.resolve()
        .then(() => load(arg))
        .then(() => { ready = true; }, (e) => { loading = null; throw e; });
    }
    return loading;
  }

  function engine() {
    if (!ready) throw new Error('fenxiao: the engine is not loaded yet; `await init()` once before the first call');
    if (limits === null) limits = { bytes: glue.maxDocumentBytes(), depth: glue.maxDepth() };
    return limits;
  }

  /** The engine's envelope text for `command` on the text `text`, or `null` to go on. */
  function precheck(text) {
    const { bytes } = engine();
    if (text.length * 3 <= bytes) return null;
    const size = utf8Length(text);
    if (size <= bytes) return null;
    return glue.refusal('tooLarge', '', glue.tooLargeMessage(String(size)));
  }

  function run(command, jsonText) {
    engine();
    if (typeof command !== 'string') {
      return glue.refusal('invalidType', '', 'the command is a string, one of the engine\'s command names');
    }
    if (typeof jsonText !== 'string') {
      return glue.refusal('invalidType', '', 'the document is JSON text: pass a string (the object API takes objects)');
    }
    return precheck(jsonText) || glue.runDocument(command, jsonText);
  }

  function answer(envelopeText) {
    const envelope = JSON.parse(envelopeText);
    if (envelope.ok === true) return envelope.result;
    throw new FenxiaoError(envelope.errors);
  }

  function encode(args) {
    const { bytes, depth } = engine();
    const written = jsonText(args, depth, bytes);
    if (written.error) throw new FenxiaoError([written.error]);
    return written.text;
  }

  function call(command, args) {
    const text = encode(args);
    return answer(precheck(text) || glue.runDocument(command, text));
  }

  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => { handle.free(); })
    : null;

  /** A checked rule set kept in wasm memory: validate once, evaluate many. */
  class RuleSet {
    constructor(rules) {
      const text = encode({ rules });
      const refused = precheck(text);
      if (refused) answer(refused);
      const handle = new glue.RuleSet(text);
      const refusal = handle.refusal();
      if (refusal !== '') {
        handle.free();
        answer(refusal);
      }
      Object.defineProperty(this, '_handle', { value: handle, writable: true, enumerable: false });
      /** The rule set's content hash, `sha256:…`. */
      this.hash = handle.hash();
      if (registry !== null) registry.register(this, handle, this);
    }

    _live() {
      if (this._handle === null) {
        throw new FenxiaoError([{ code: 'freed', path: '', message: 'this RuleSet was freed: its wasm memory is released; create a new RuleSet to evaluate again' }]);
      }
      return this._handle;
    }

    /** The envelope text for `command` on the other arguments given as JSON text. */
    run(command, argsText) {
      const handle = this._live();
      if (typeof command !== 'string') {
        return glue.refusal('invalidType', '', 'the command is a string, one of the engine\'s command names');
      }
      if (typeof argsText !== 'string') {
        return glue.refusal('invalidType', '', 'the arguments are JSON text: pass a string (the other methods take objects)');
      }
      return precheck(argsText) || handle.evaluate(command, argsText);
    }

    /** Releases the wasm memory now; the handle is unusable afterwards. */
    free() {
      if (this._handle !== null) {
        if (registry !== null) registry.unregister(this);
        const handle = this._handle;
        this._handle = null;
        handle.free();
      }
    }
  }

  for (const name of Object.keys(COMMAND_OF)) {
    const command = COMMAND_OF[name];
    Object.defineProperty(RuleSet.prototype, name, {
      value: function (args) {
        const handle = this._live();
        const text = encode(args === undefined ? {} : args);
        return answer(precheck(text) || handle.evaluate(command, text));
      },
      writable: true,
      configurable: true,
    });
  }
  if (typeof Symbol === 'function' && typeof Symbol.dispose === 'symbol') {
    RuleSet.prototype[Symbol.dispose] = RuleSet.prototype.free;
  }

  const api = {
    init,
    run,
    RuleSet,
    FenxiaoError,
    version() {
      engine();
      return JSON.parse(glue.version());
    },
  };
  for (const name of Object.keys(COMMAND_OF)) {
    const command = COMMAND_OF[name];
    api[name] = (args) => call(command, args);
  }
  return api;
}
