// fenxiao for Node (CommonJS; Node's `import` loads this same file, so there is one copy).
// The wasm is compiled when this file is required; `await init()` is a no-op kept so that
// code runs unchanged on every build.
'use strict';
const glue = require('./fenxiao_glue.js');

/*@@CORE@@*/

/*@@BATCH@@*/

const api = createApi(glue, null);

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

// The batch path: datasets, stepped runs, comparisons (web and Node builds only).
const batch = createBatch(glue, api);
exports.Dataset = batch.Dataset;
exports.Simulation = batch.Simulation;
exports.readDataset = batch.readDataset;
exports.sampleDataset = batch.sampleDataset;
exports.datasetFromColumns = batch.datasetFromColumns;
exports.sampleRules = batch.sampleRules;
exports.compare = batch.compare;
exports.compareCsv = batch.compareCsv;
exports.formatFen = batch.formatFen;

exports.FenxiaoError = api.FenxiaoError;
exports.default = api.init;
