// Diagnostic: rust-panic-unwinds-into-c — an `extern "C"` (or other non-unwind
// foreign ABI) function whose body can panic: a panicking macro, `unwrap`/
// `expect`, indexing, or a call of a function of the crate that can (see
// lower/rust/panics.ts; other files' functions through the crate index). Since Rust 1.81 a panic that reaches such a function's
// boundary aborts the process; before, it was undefined behaviour. Related
// information walks the call path to the panic. Fixes: wrap the body in
// `std::panic::catch_unwind` returning an error value suited to the return type
// (preferred), or switch the ABI to `"C-unwind"` so the panic unwinds into the caller.
import { errorValue } from '../lower/rust/error-value.ts';
import type { RustFn } from '../lower/rust/items.ts';
import { PanicAnalysis } from '../lower/rust/panics.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

const CODE = 'rust-panic-unwinds-into-c';

function catchUnwindFix(fn: RustFn, text: string): Fix | undefined {
  if (!fn.body || fn.ret?.k === 'never') return undefined;
  const inner = text.slice(fn.body.start + 1, fn.body.end - 1);
  const lineStart = text.lastIndexOf('\n', fn.span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, fn.span.start))![0];
  const retType = fn.ret ? ` -> ${text.slice(fn.ret.span.start, fn.ret.span.end)}` : '';
  const err = errorValue(fn.ret, text);
  const body = [
    '{',
    `${indent}    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(move ||${retType} {${inner}})) {`,
    `${indent}        Ok(value) => value,`,
    `${indent}        Err(_) => ${err},`,
    `${indent}    }`,
    `${indent}}`,
  ].join('\n');
  const what = err === 'std::process::abort()' ? 'aborting explicitly' : `returning \`${err}\``;
  return { title: `Wrap the body in \`std::panic::catch_unwind\`, ${what} on a panic`, preferred: true, edits: [{ start: fn.body.start, end: fn.body.end, text: body }] };
}

function unwindAbiFix(fn: RustFn): Fix | undefined {
  if (!fn.abiSpan || fn.abi === undefined) return undefined;
  const abi = fn.abi === 'system' ? 'system-unwind' : fn.abi === 'C' ? 'C-unwind' : undefined;
  if (!abi) return undefined;
  return { title: `Use \`extern "${abi}"\`: let the panic unwind into the caller`, preferred: false, edits: [{ start: fn.abiSpan.start, end: fn.abiSpan.end, text: `extern "${abi}"` }] };
}

export const rustPanicUnwindsIntoC: DiagnosticDef = {
  code: CODE,
  summary: 'An extern "C" function can panic: since Rust 1.81 the panic aborts the process at the boundary.',
  run(ctx) {
    const target = ctx.targets[0];
    const rust = ctx.rust;
    if (!rust || !target) return [];
    const crate = rust.crate(target);
    const text = rust.text;
    let panics: PanicAnalysis | undefined;
    const out: Diagnostic[] = [];
    for (const fn of crate.fns) {
      if (fn.kind !== 'definition' || !fn.body || fn.abi === undefined || fn.abi === 'Rust' || fn.abi.endsWith('-unwind')) continue;
      panics ??= new PanicAnalysis(rust.tree, crate, rust.crateFns(target));
      const path = panics.panicPath(fn);
      if (!path) continue;
      const fixes = [catchUnwindFix(fn, text), unwindAbiFix(fn)].filter((f): f is Fix => f !== undefined);
      out.push({
        code: CODE, severity: 'warning',
        message: `\`${fn.name}\` is \`extern "${fn.abi}"\` and can panic: a panic cannot unwind out of it, the process aborts (Rust 1.81+)`,
        start: fn.nameSpan.start, end: fn.nameSpan.end,
        related: path.map((s) => ({ start: s.span.start, end: s.span.end, message: s.message, ...(s.file ? { file: s.file } : {}) })),
        fixes,
      });
    }
    return out;
  },
};
