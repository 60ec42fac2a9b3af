/** The engine's command names, as `run` and `RuleSet.run` take them. */
export type Command =
  | 'validate' | 'lint' | 'hash' | 'bind' | 'settle' | 'refund'
  | 'status' | 'withdraw' | 'progress' | 'preview';

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

/** Checks a rule set: its hash and normalized form, or a FenxiaoError with every problem. */
export declare function validateRules(args: ValidateInput): ValidateOutput;
/** Compliance findings for a rule set under a profile (`wechat` by default, or `legal`). */
export declare function lintRules(args: LintInput): LintOutput;
/** The rule set's content hash and the canonical text it is taken over. */
export declare function ruleSetHash(args: HashInput): HashOutput;
/** Whether a share binds the buyer to the sharer, and why (not). */
export declare function bind(args: BindInput): BindOutput;
/** Each beneficiary's commission on an order, explained. */
export declare function settleOrder(args: SettleInput): SettleOutput;
/** What each beneficiary keeps after the refunds so far, and the latest change. */
export declare function refundOrder(args: RefundInput): RefundOutput;
/** Pending, frozen and available commission of a settlement at a time. */
export declare function commissionStatus(args: StatusInput): StatusOutput;
/** The fee and the net amount of a withdrawal request. */
export declare function withdrawal(args: WithdrawInput): WithdrawOutput;
/** A member's tier, next tier and the progress of each condition. */
export declare function tierProgress(args: ProgressInput): ProgressOutput;
/** Share-poster earnings for a product at the distributor's tier. */
export declare function previewEarnings(args: PreviewInput): PreviewOutput;

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
  validateRules(args?: WithoutRules<ValidateInput>): ValidateOutput;
  lintRules(args?: WithoutRules<LintInput>): LintOutput;
  ruleSetHash(args?: WithoutRules<HashInput>): HashOutput;
  bind(args: WithoutRules<BindInput>): BindOutput;
  settleOrder(args: WithoutRules<SettleInput>): SettleOutput;
  refundOrder(args: WithoutRules<RefundInput>): RefundOutput;
  commissionStatus(args: WithoutRules<StatusInput>): StatusOutput;
  withdrawal(args: WithoutRules<WithdrawInput>): WithdrawOutput;
  tierProgress(args: WithoutRules<ProgressInput>): ProgressOutput;
  previewEarnings(args: WithoutRules<PreviewInput>): PreviewOutput;
  /** The envelope text for `command` on the other arguments given as JSON text. */
  run(command: Command, argsText: string): string;
  /** Releases the wasm memory now; any later call throws. */
  free(): void;
}

/**
 * Thrown when the engine refuses a document: `code`, `path` and `message` of the first
 * error, and `errors`, every error the engine found (the CLI's `errors` list).
 */
export declare class FenxiaoError extends Error {
  readonly name: 'FenxiaoError';
  readonly code: ErrorCode;
  /** Zero-based path into the input, e.g. `order.lines[0].unitPrice`; empty for the document. */
  readonly path: string;
  readonly errors: EngineError[];
}
