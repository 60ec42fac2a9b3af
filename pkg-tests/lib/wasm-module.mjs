// A small reader of a wasm binary's module structure: types, imports, functions, tables,
// globals and exports, enough to check signatures and features without running it.
const VALTYPE = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

export function readModule(bytes) {
  let p = 0;
  const u8 = () => bytes[p++];
  const leb = () => {
    let result = 0; let shift = 0; let b;
    do { b = bytes[p++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const name = () => { const n = leb(); const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8'); p += n; return s; };
  const valtype = () => { const t = u8(); if (!(t in VALTYPE)) throw new Error(`unknown value type 0x${t.toString(16)}`); return VALTYPE[t]; };
  const limits = () => { const flag = u8(); const min = leb(); const max = flag & 1 ? leb() : null; return { flag, min, max }; };

  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not wasm');
  p = 8;
  const m = { types: [], imports: [], functions: [], tables: [], globals: [], exports: [], customSections: [] };
  while (p < bytes.length) {
    const id = u8();
    const size = leb();
    const end = p + size;
    if (id === 0) m.customSections.push(name());
    else if (id === 1) {
      for (let n = leb(); n > 0; n -= 1) {
        const form = u8();
        if (form !== 0x60) throw new Error(`type form 0x${form.toString(16)}`);
        const params = []; for (let k = leb(); k > 0; k -= 1) params.push(valtype());
        const results = []; for (let k = leb(); k > 0; k -= 1) results.push(valtype());
        m.types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n -= 1) {
        const module = name(); const field = name(); const kind = u8();
        const imp = { module, name: field, kind: ['func', 'table', 'memory', 'global', 'tag'][kind] };
        if (kind === 0) imp.type = leb();
        else if (kind === 1) { imp.elem = valtype(); imp.limits = limits(); }
        else if (kind === 2) imp.limits = limits();
        else if (kind === 3) { imp.valtype = valtype(); imp.mutable = u8() === 1; }
        else leb();
        m.imports.push(imp);
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n -= 1) m.functions.push(leb());
    } else if (id === 4) {
      for (let n = leb(); n > 0; n -= 1) m.tables.push({ elem: valtype(), limits: limits() });
    } else if (id === 6) {
      for (let n = leb(); n > 0; n -= 1) {
        m.globals.push({ valtype: valtype(), mutable: u8() === 1 });
        // Skip the init expression (up to `end`, 0x0b; constants only in Rust output).
        while (bytes[p] !== 0x0b) p += 1;
        p += 1;
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n -= 1) {
        const field = name(); const kind = u8(); const index = leb();
        m.exports.push({ name: field, kind: ['func', 'table', 'memory', 'global', 'tag'][kind], index });
      }
    }
    p = end;
  }
  const importedFuncs = m.imports.filter((i) => i.kind === 'func');
  m.functionType = (index) => (index < importedFuncs.length ? m.types[importedFuncs[index].type] : m.types[m.functions[index - importedFuncs.length]]);
  return m;
}
