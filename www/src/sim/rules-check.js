// A rule set checked as the merchant types: the package's RuleSet (validation, with every
// error and its path) and its wechat lint (findings with their paths), on the page's thread —
// a check is far below a frame — and freed at once; the run checks again in the worker.
import { FenxiaoError, RuleSet } from 'fenxiao';

/**
 * `{ errors, findings, hash }`: the engine's errors (`[{code, path, message}]`, paths from
 * `rules`) when it refuses the rule set, else its lint findings under the wechat profile and
 * its hash.
 */
export function checkRules(doc) {
  let ruleSet = null;
  try {
    ruleSet = new RuleSet(doc);
    const lint = ruleSet.lintRules({ profile: 'wechat' });
    return { errors: [], findings: lint.findings, hash: ruleSet.hash, lint };
  } catch (e) {
    if (!(e instanceof FenxiaoError)) throw e;
    return { errors: e.errors, findings: [], hash: null, lint: null };
  } finally {
    ruleSet?.free();
  }
}
