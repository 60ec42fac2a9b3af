// Where the engine's batch path in WebAssembly plugs into the batch benchmark
// (batch.mjs). `engineWasm(rules)` prepares a run from the rule set's JSON, outside the timed
// region, and answers null while the package cannot settle columns yet (the table then
// prints the engine's rows as "pending"), or an object of three phases, timed together and
// `settle` also alone:
//
//   load(w)   copies the columns in: w.parent, w.tier, w.buyer, w.lineStart (Uint32Array),
//             w.discount64, w.unitPrice64 (BigInt64Array, fen), w.quantity64 (BigUint64Array);
//             members are rows 0..N-1, NONE (0xffffffff) is "no parent";
//   settle()  settles every order inside the module;
//   totals()  copies every member's total out, fen, as a BigInt64Array in row order.

/** The engine's batch path in WebAssembly, or null until it can run these columns. */
export async function engineWasm(rules) {
  void rules;
  return null;
}
