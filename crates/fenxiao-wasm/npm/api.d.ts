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
