// fenxiao for WeChat mini-programs (CommonJS). The wasm ships brotli-compressed inside the
// package and is instantiated by path with WXWebAssembly (base library 2.14.0 or later):
// `await init()` once, or `await init('/path/in/your/package/fenxiao_bg.wasm.br')` when you
// moved the file (into a subpackage, say).
'use strict';
const glue = require('./fenxiao_glue.js');

/*@@CORE@@*/

const DEFAULT_WASM_PATH = '/miniprogram_npm/fenxiao/fenxiao_bg.wasm.br';
const api = createApi(glue, (path) => glue.__instantiate(typeof path === 'string' ? path : DEFAULT_WASM_PATH));

exports.init = api.init;
exports.run = api.run;
exports.version = api.version;
exports.validateRules = api.validateRules;
exports.lintRules = api.lintRules;
exports.ruleSetHash = api.ruleSetHash;
exports.bind = api.bind;
exports.settleOrder = api.settleOrder;
exports.refundOrder = api.refundOrder;
exports.commissionStatus = api.commissionStatus;
exports.withdrawQuote = api.withdrawQuote;
exports.tierProgress = api.tierProgress;
exports.previewEarnings = api.previewEarnings;
/** @deprecated the earlier name of `withdrawQuote`, kept for one release. */
exports.withdrawal = api.withdrawal;
exports.RuleSet = api.RuleSet;
exports.FenxiaoError = api.FenxiaoError;
exports.DEFAULT_WASM_PATH = DEFAULT_WASM_PATH;
