// The engine's refusals and lint findings in the page's language: translated by code, with
// the engine's own message as the fallback (and always available as the element's title).
import { h } from './dom.js';
import { lineColumn, locate, pathSegments } from './json-locate.js';
import { lookup, t } from './i18n.js';
import { percent } from './money.js';

/** An engine error's words in `lang`: the code's entry, else the engine's message. */
export function errorText(lang, error) {
  return lookup(lang, `errors.${error.code}`) || error.message;
}

/**
 * The engine's errors whose path starts with `prefix` (`rules`, `product`), listed under the
 * field whose JSON text is `text`: each with its path, line and column in that text, and the
 * translated message. Answers `{ list, first }`, `first` the span of the first error's
 * value in the text (to select it), or null.
 */
export function fieldErrors(lang, errors, prefix, text) {
  let first = null;
  const items = errors.map((e) => {
    const inner = e.path === prefix ? '' : e.path.slice(prefix.length + 1);
    const span = text === null ? null : locate(text, pathSegments(inner));
    if (span && first === null) first = span;
    const where = span ? t(lang, 'lineCol', lineColumn(text, span.start)) : null;
    // The path is a button that selects the value in the text (the field may have focus
    // while the merchant types, so the page does not move the selection by itself then).
    const path = span
      ? h('button', { type: 'button', class: 'goto', 'data-start': span.start, 'data-end': span.end, title: e.message }, h('code', {}, e.path || prefix))
      : h('code', {}, e.path || prefix);
    return h('li', { class: 'field-error', 'data-code': e.code, 'data-path': e.path, title: e.message },
      path, where ? h('span', { class: 'where' }, ` (${where})`) : null,
      h('span', { class: 'msg' }, (lang === 'en' ? ': ' : '：') + errorText(lang, e)));
  });
  return { list: h('ul', { class: 'field-errors' }, items), first };
}

/** The errors of a FenxiaoError with a path starting at `prefix`. */
export function errorsAt(error, prefix) {
  return error.errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`));
}

/** A lint finding's words: the code's template filled with its figure and limit. */
export function findingText(lang, f) {
  const template = lookup(lang, `lint.${f.code}`);
  if (!template) return f.message;
  const pct = (v) => (v !== undefined && /^\d+(\.\d+)?$/.test(v) ? percent(v) : v);
  return t(lang, `lint.${f.code}`, { figure: f.figure, limit: f.limit, figurePct: pct(f.figure), limitPct: pct(f.limit) });
}

/** The compliance card from `lint`'s result. */
export function lintCard(lang, lint) {
  return h('div', { class: 'lint-card', 'data-profile': lint.profile },
    h('h3', {}, t(lang, 'compliance')),
    lint.findings.length === 0
      ? h('p', { class: 'clean' }, t(lang, 'complianceClean'))
      : h('ul', {}, lint.findings.map((f) => h('li', { class: `finding ${f.severity}`, 'data-code': f.code, 'data-severity': f.severity, 'data-path': f.path, title: f.message },
        h('span', { class: 'severity' }, t(lang, `severity.${f.severity}`)), ' ', findingText(lang, f), ' ', h('code', {}, f.path)))));
}
