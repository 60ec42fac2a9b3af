// The batch path (web and Node builds): datasets, stepped runs, comparisons, and money as
// integer fen. Inlined after core.js by the build; `createBatch` takes the wasm glue and the
// object `createApi` made.

/** The largest whole number of fen a JavaScript number holds exactly. */
const MAX_SAFE_FEN = 9007199254740991;

/**
 * Formats whole fen as yuan text, `"1234.56"`, `"-0.05"`: integer arithmetic only (a number
 * must be a safe integer; a bigint any size), so no page ever computes money with floats.
 */
function formatFen(fen) {
  let big;
  if (typeof fen === 'bigint') {
    big = fen;
  } else if (typeof fen === 'number' && Number.isSafeInteger(fen)) {
    big = BigInt(fen);
  } else {
    throw new FenxiaoError([{ code: 'invalidType', path: '', message: 'formatFen takes whole fen: a safe integer or a bigint' }]);
  }
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(3, '0');
  return (negative ? '-' : '') + digits.slice(0, -2) + '.' + digits.slice(-2);
}

function createBatch(glue, api) {
  function answer(envelopeText) {
    const envelope = JSON.parse(envelopeText);
    if (envelope.ok === true) return envelope.result;
    throw new FenxiaoError(envelope.errors);
  }

  /** Calls a glue function that throws the envelope text of its refusal. */
  function guarded(f) {
    try {
      return f();
    } catch (e) {
      if (typeof e === 'string') answer(e);
      throw e;
    }
  }

  function freed(what) {
    return new FenxiaoError([{ code: 'freed', path: '', message: 'this ' + what + ' was freed: its wasm memory is released' }]);
  }

  class Dataset {
    constructor(handle, info) {
      Object.defineProperty(this, '_handle', { value: handle, writable: true, enumerable: false });
      /** What the dataset holds: counts, the encoding read, the files. */
      this.info = info;
    }

    _live() {
      if (this._handle === null) throw freed('Dataset');
      return this._handle;
    }

    /** The members' ids in row order: row `i` of every per-member array. */
    memberIds() {
      return JSON.parse(this._live().memberIds());
    }

    free() {
      if (this._handle !== null) {
        const h = this._handle;
        this._handle = null;
        h.free();
      }
    }
  }

  function loaded(handle, text) {
    try {
      return new Dataset(handle, answer(text));
    } catch (e) {
      handle.free();
      throw e;
    }
  }

  /** Reads a dataset from files' bytes: the CSV set by name, or one `.ndjson` file. */
  function readDataset(files) {
    api.version();
    if (!Array.isArray(files)) throw new FenxiaoError([{ code: 'invalidType', path: '', message: 'readDataset takes an array of {name, bytes}' }]);
    const handle = new glue.Dataset();
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      if (f === null || typeof f !== 'object' || typeof f.name !== 'string' || !(f.bytes instanceof Uint8Array)) {
        handle.free();
        throw new FenxiaoError([{ code: 'invalidType', path: '[' + i + ']', message: 'each file is {name: string, bytes: Uint8Array}' }]);
      }
      handle.addFile(f.name, f.bytes);
    }
    return loaded(handle, handle.read());
  }

  /** Generates the sample shop, as `fenxiao sample` does for the same numbers. */
  function sampleDataset(options) {
    api.version();
    const o = options || {};
    const whole = (v, name, fallback) => {
      if (v === undefined) return fallback;
      if (!Number.isSafeInteger(v) || v < 1 || v > 4294967295) {
        throw new FenxiaoError([{ code: 'outOfRange', path: name, message: name + ' is a whole number from 1' }]);
      }
      return v;
    };
    const members = whole(o.members, 'members', 1000);
    const orders = whole(o.orders, 'orders', 10000);
    const seed = o.seed === undefined ? '1' : String(o.seed);
    const handle = new glue.Dataset();
    return loaded(handle, handle.sample(members, orders, seed));
  }

  /**
   * A dataset from integer columns in typed arrays (docs/DATASET.md, "From columns"): rows
   * are members, products, SKUs, orders and lines, ids implicit (the row number). Each array
   * is copied into wasm memory once; no per-row object or JSON crosses.
   */
  function datasetFromColumns(columns) {
    api.version();
    const c = columns !== null && typeof columns === 'object' ? columns : {};
    const part = (name) => (c[name] !== null && typeof c[name] === 'object' ? c[name] : {});
    const [m, p, s, o, l] = ['members', 'products', 'skus', 'orders', 'lines'].map(part);
    const wrong = (path, what) => new FenxiaoError([{ code: 'invalidType', path, message: path + ' is ' + what }]);
    // Row numbers: a Uint32Array, or an Int32Array whose -1 is "none" (read as 0xffffffff).
    const rows = (v, path, optional) => {
      if (v === undefined && optional) return new Uint32Array(0);
      if (v instanceof Uint32Array) return v;
      if (v instanceof Int32Array) return new Uint32Array(v.buffer, v.byteOffset, v.length);
      throw wrong(path, 'a Uint32Array or an Int32Array');
    };
    // Money (whole fen) and instants (Unix milliseconds): checked whole in wasm.
    const doubles = (v, path, optional) => {
      if (v === undefined && optional) return new Float64Array(0);
      if (v instanceof Float64Array) return v;
      throw wrong(path, 'a Float64Array');
    };
    const texts = (v, path, optional) => {
      if (v === undefined && optional) return [];
      if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return v;
      throw wrong(path, 'an array of strings');
    };
    const codes = (v, path) => {
      if (v === undefined) return new Uint8Array(0);
      if (v instanceof Uint8Array) return v;
      throw wrong(path, 'a Uint8Array (0 active, 1 pending, 2 none, 3 disabled)');
    };
    const handle = new glue.Dataset();
    let text;
    try {
      text = handle.fromColumns(
        rows(m.parent, 'members.parent'), rows(m.tier, 'members.tier', true),
        texts(m.tierNames, 'members.tierNames', true), codes(m.status, 'members.status'),
        doubles(m.joinedAt, 'members.joinedAt', true),
        texts(p.name, 'products.name'),
        rows(s.product, 'skus.product'), doubles(s.price, 'skus.price'), doubles(s.cost, 'skus.cost', true),
        rows(o.buyer, 'orders.buyer'), doubles(o.paidAt, 'orders.paidAt'), rows(o.lineStart, 'orders.lineStart'),
        doubles(o.discount, 'orders.discount', true),
        rows(l.sku, 'lines.sku'), doubles(l.unitPrice, 'lines.unitPrice'), rows(l.quantity, 'lines.quantity'),
        doubles(l.cost, 'lines.cost', true));
    } catch (e) {
      handle.free();
      throw e;
    }
    return loaded(handle, text);
  }

  class Simulation {
    /** Prepares a run of `dataset` under `ruleSet` (a checked RuleSet). */
    constructor(ruleSet, dataset, options) {
      if (!(ruleSet instanceof api.RuleSet)) throw new FenxiaoError([{ code: 'invalidType', path: '', message: 'a Simulation takes a RuleSet' }]);
      if (!(dataset instanceof Dataset)) throw new FenxiaoError([{ code: 'invalidType', path: '', message: 'a Simulation takes a Dataset' }]);
      const top = options && options.top !== undefined ? options.top : 10;
      const handle = new glue.Simulation(ruleSet._live(), dataset._live(), top);
      const refusal = handle.refusal();
      if (refusal !== '') {
        handle.free();
        answer(refusal);
      }
      Object.defineProperty(this, '_handle', { value: handle, writable: true, enumerable: false });
    }

    _live() {
      if (this._handle === null) throw freed('Simulation');
      return this._handle;
    }

    /** Settles up to `maxOrders` more orders: `{done, total, finished}`. */
    step(maxOrders) {
      const n = maxOrders === undefined ? 4294967295 : maxOrders;
      if (!Number.isSafeInteger(n) || n < 1) throw new FenxiaoError([{ code: 'outOfRange', path: '', message: 'step takes a whole number of orders, at least 1' }]);
      return answer(this._live().step(Math.min(n, 4294967295)));
    }

    /** Steps to the end. */
    run() {
      let s;
      do { s = this.step(); } while (!s.finished);
      return s;
    }

    /** The summary, as `fenxiao simulate` prints it. */
    summary() {
      return answer(this._live().summary());
    }

    /** Each member's net commission in whole fen (format with `formatFen`). */
    memberNet() {
      return guarded(() => this._live().memberNet());
    }

    /** Each member's commission before refunds, whole fen. */
    memberGross() {
      return guarded(() => this._live().memberGross());
    }

    /** The per-member CSV (UTF-8 with a BOM), as `fenxiao simulate --members-csv` writes it. */
    memberCsv() {
      return guarded(() => this._live().memberCsv());
    }

    free() {
      if (this._handle !== null) {
        const h = this._handle;
        this._handle = null;
        h.free();
      }
    }
  }

  /** Both summaries and their difference, as `fenxiao simulate --compare` prints them. */
  function compare(baseline, candidate) {
    return answer(glue.compareRuns(baseline._live(), candidate._live()));
  }

  /** Both runs' per-member CSV side by side, as `--members-csv` writes it with `--compare`. */
  function compareCsv(baseline, candidate) {
    return guarded(() => glue.compareCsv(baseline._live(), candidate._live()));
  }

  /** The sample shop's rule set, and a second one to compare with it. */
  function sampleRules() {
    api.version();
    return { baseline: JSON.parse(glue.sampleRules()), candidate: JSON.parse(glue.sampleCandidateRules()) };
  }

  return { Dataset, Simulation, readDataset, sampleDataset, datasetFromColumns, sampleRules, compare, compareCsv, formatFen, MAX_SAFE_FEN };
}
