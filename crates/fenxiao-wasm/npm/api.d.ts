/** The engine's command names, as `run` and `RuleSet.run` take them. */
export type Command =
// @@COMMAND_NAMES@@ (written by gen-types.mjs from commands.json)

/** A command's input without `rules`: what the `RuleSet` methods take. */
export type WithoutRules<T> = Omit<T, 'rules'>;

/**
 * Loads the engine. Call it once, and await it, before anything else; later calls return
 * at once. Browsers and bundlers fetch `fenxiao_bg.wasm` beside the module unless given
 * where to load it from (a URL or path string, a Response, the bytes or a compiled
 * WebAssembly.Module); the mini-program build takes the path of `fenxiao_bg.wasm.br` inside
 * the mini-program package; Node loads synchronously and ignores the argument.
 */
declare function init(input?: string | object): Promise<void>;
export { init };
export default init;

/**
 * Runs an engine command on a JSON document given as text and answers the envelope as
 * text: exactly what the `fenxiao` CLI prints, `{"ok":true,"result":…}` or
 * `{"ok":false,"errors":[…]}`. Never throws for a bad document.
 */
export declare function run(command: Command, jsonText: string): string;

/** The engine's version and the rule-set schema version it reads. */
export declare function version(): { engine: string; schemaVersion: number };

// @@COMMAND_FUNCTIONS@@ (written by gen-types.mjs from commands.json)

/**
 * A rule set checked once and kept in wasm memory, for evaluating many documents against
 * it. Each method takes the command's arguments without `rules`. Call `free()` when done:
 * runtimes with FinalizationRegistry also release it once the object is unreachable, but
 * WeChat on older devices has none.
 */
export declare class RuleSet {
  /** Checks `rules`; throws a FenxiaoError (paths start at `rules`) when refused. */
  constructor(rules: RuleSetDoc);
  /** The content hash, `sha256:` and 64 hex digits. */
  readonly hash: string;
  // @@COMMAND_METHODS@@ (written by gen-types.mjs from commands.json)
  /** The envelope text for `command` on the other arguments given as JSON text. */
  run(command: Command, argsText: string): string;
  /** Releases the wasm memory now; any later call throws a FenxiaoError with code `freed`. */
  free(): void;
}

/**
 * Thrown when the engine refuses a document: `code`, `path` and `message` of the first
 * error, and `errors`, every error the engine found (the CLI's `errors` list).
 */
export declare class FenxiaoError extends Error {
  readonly name: 'FenxiaoError';
  /** The engine's error code, or `freed`: a method was called on a freed RuleSet. */
  readonly code: ErrorCode | 'freed';
  /** Zero-based path into the input, e.g. `order.lines[0].unitPrice`; empty for the document. */
  readonly path: string;
  readonly errors: EngineError[];
}

// ---- The batch path: web and Node builds only (the mini-program build has none) ----

/** A figure before and after refunds. */
export interface GrossNet { gross: MoneyText; net: MoneyText }

/** What a dataset holds (`fenxiao dataset` answers the same). */
export interface DatasetInfo {
  members: number; products: number; skus: number; orders: number; lines: number; refunds: number;
  /** `"utf-8"`, `"utf-8-bom"`, `"gb18030"` or `"mixed"` (then per file in `files`); `"columns"` from `datasetFromColumns`. */
  encoding: string;
  files: { name: string; encoding: string; rows: number }[];
}

/**
 * A dataset of a shop (members, products, orders, refunds) held in wasm memory. A refused
 * dataset throws a FenxiaoError whose `errors` carry `file`, `line` and `column`.
 */
export declare class Dataset {
  readonly info: DatasetInfo;
  /** The members' ids in row order: row `i` of `memberNet()` and `memberGross()`. */
  memberIds(): string[];
  free(): void;
}

/** Reads the CSV set (members.csv, products.csv, orders.csv, lines.csv, refunds.csv) or one `.ndjson` file (docs/DATASET.md). */
export declare function readDataset(files: { name: string; bytes: Uint8Array }[]): Dataset;

/** The sample shop `fenxiao sample` writes for the same numbers (the same figures in every build). */
export declare function sampleDataset(options?: { members?: number; orders?: number; seed?: number | string }): Dataset;

/**
 * A shop as integer columns (docs/DATASET.md, "From columns"): members, products, SKUs,
 * orders and lines are their row numbers, and those numbers in decimal are their ids in
 * answers. Row numbers are `Uint32Array` (or `Int32Array`; "none" is `0xffffffff` or `-1`);
 * money is whole fen and instants are Unix milliseconds, in `Float64Array`, each value an
 * integer of magnitude at most 2^53 − 1. Optional columns may be left out.
 */
export interface DatasetColumns {
  members: {
    /** Each member's parent row, or none. */
    parent: Uint32Array | Int32Array;
    /** Each member's starting tier, an index into `tierNames`, or none (the rule set's first tier). */
    tier?: Uint32Array | Int32Array;
    tierNames?: string[];
    /** 0 active, 1 pending, 2 none, 3 disabled; absent: all active. */
    status?: Uint8Array;
    /** Unix milliseconds; absent: the epoch. */
    joinedAt?: Float64Array;
  };
  /** Products are rows `0 .. name.length`. */
  products: { name: string[] };
  /** Each SKU's product row, list price and unit cost (fen; `NaN`: none). A product with one SKU row has no SKUs. */
  skus: { product: Uint32Array | Int32Array; price: Float64Array; cost?: Float64Array };
  orders: {
    buyer: Uint32Array | Int32Array;
    /** Unix milliseconds. */
    paidAt: Float64Array;
    /** Each order's first line row: 0 for order 0, never decreasing. */
    lineStart: Uint32Array | Int32Array;
    /** The order-level discounts' total, fen. */
    discount?: Float64Array;
  };
  lines: {
    /** The SKU row (which names the product). */
    sku: Uint32Array | Int32Array;
    unitPrice: Float64Array;
    /** 1 to 1,000,000. */
    quantity: Uint32Array | Int32Array;
    /** Unit cost, fen; `NaN` (or absent): the SKU's. */
    cost?: Float64Array;
  };
}

/**
 * A dataset from integer columns, copied into wasm memory without a per-row object or JSON;
 * every value is checked (a FenxiaoError lists each problem at its column and row, such as
 * `orders.buyer[12]`). `info.encoding` is `"columns"`. No refunds.
 */
export declare function datasetFromColumns(columns: DatasetColumns): Dataset;

/** The sample shop's rule set and a candidate to compare with it. */
export declare function sampleRules(): { baseline: RuleSetDoc; candidate: RuleSetDoc };

/** A run's summary, as `fenxiao simulate` prints it (docs/SEMANTICS.md, section 14). */
export interface SimulationSummary {
  ruleSetHash: string;
  orders: number; members: number; refunds: number;
  paidSales: GrossNet; payout: GrossNet;
  /** Payout over paid sales, four decimals rounded down. */
  payoutShare: { gross: string; net: string };
  levels: ({ level: number } & GrossNet)[];
  tiers: ({ tier: string } & GrossNet)[];
  products: { productId: string; name: string; paidSales: GrossNet; base: GrossNet }[];
  top: ({ memberId: string; tier?: string; finalTier?: string } & GrossNet)[];
  histogram: { from: MoneyText; to?: MoneyText; members: number }[];
  upgrades: { memberId: string; from: string; to: string; trigger: Record<string, string>; at: string }[];
  downgrades: { memberId: string; from: string; to: string; at: string }[];
  awaitingApproval: { memberId: string; tier: string; at: string }[];
  reversals: { count: number; amount: MoneyText };
  lint?: unknown;
  [key: string]: unknown;
}

/** Two runs side by side, as `fenxiao simulate --compare` prints them. */
export interface SimulationComparison {
  baseline: SimulationSummary;
  candidate: SimulationSummary;
  difference: Record<string, unknown>;
}

/** A run of a dataset under a checked rule set, stepped (a Web Worker reports progress between steps). */
export declare class Simulation {
  constructor(ruleSet: RuleSet, dataset: Dataset, options?: { top?: number });
  /** Settles up to `maxOrders` more orders (all of them when absent). */
  step(maxOrders?: number): { done: number; total: number; finished: boolean };
  /** Steps to the end. */
  run(): { done: number; total: number; finished: boolean };
  /** The summary; throws until the run has finished. */
  summary(): SimulationSummary;
  /** Each member's net commission in whole fen (every value a safe integer, checked); format with `formatFen`. */
  memberNet(): Float64Array;
  /** Each member's commission before refunds, whole fen. */
  memberGross(): Float64Array;
  /** The per-member CSV (UTF-8 with a BOM), as `fenxiao simulate --members-csv` writes it. */
  memberCsv(): string;
  free(): void;
}

/** Both summaries and their difference (the two runs must be of one dataset). */
export declare function compare(baseline: Simulation, candidate: Simulation): SimulationComparison;

/** Both runs' per-member CSV side by side, as `--members-csv` writes it with `--compare`. */
export declare function compareCsv(baseline: Simulation, candidate: Simulation): string;

/** Whole fen as yuan text, `"1234.56"`, by integer arithmetic only (a safe integer or a bigint). */
export declare function formatFen(fen: number | bigint): string;
