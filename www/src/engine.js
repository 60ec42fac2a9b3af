// The engine, through the npm package built from this repository. A rule set is checked
// once into a RuleSet and reused for every preview and progress call until its text
// changes; each figure on the page is one such call's answer, as the engine wrote it.
import { FenxiaoError, init, RuleSet } from 'fenxiao';

export { FenxiaoError };

/** Loads the wasm (once). */
export function loadEngine() {
  return init();
}

/**
 * A rule set checked once: `ruleSet` (or null) and `error` (the FenxiaoError that refused
 * it), for the text it was checked from. Checking the same text again reuses it; other text
 * frees the previous RuleSet.
 */
export class CheckedRules {
  constructor() {
    this.text = null;
    this.ruleSet = null;
    this.error = null;
  }

  /** Checks `rules` (an object) unless `key` (its text) is what is checked already. */
  check(key, rules) {
    if (key === this.text) return this;
    this.ruleSet?.free();
    this.text = key;
    this.ruleSet = null;
    this.error = null;
    try {
      this.ruleSet = new RuleSet(rules);
    } catch (e) {
      if (!(e instanceof FenxiaoError)) throw e;
      this.error = e;
    }
    return this;
  }
}

/**
 * One engine call: `{ result }`, or `{ error }` when the engine refused the arguments
 * (other exceptions are bugs and propagate).
 */
export function call(fn) {
  try {
    return { result: fn() };
  } catch (e) {
    if (e instanceof FenxiaoError) return { error: e };
    throw e;
  }
}
