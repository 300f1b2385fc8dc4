// Diagnostic: rust-no-mangle-without-extern-c — `#[no_mangle]`,
// `#[unsafe(no_mangle)]` or `#[export_name = ".."]` on a function with the Rust
// ABI. The symbol is exported under a C-looking name, but its calling
// convention is Rust's, which is unspecified: C code calling it has undefined
// behaviour. The preferred fix writes `extern "C"` right before `fn`, keeping
// `pub`, `unsafe` and the attribute's spelling.
import type { Diagnostic, DiagnosticDef } from './types.ts';

const CODE = 'rust-no-mangle-without-extern-c';

export const rustNoMangleWithoutExternC: DiagnosticDef = {
  code: CODE,
  summary: 'A function exported with #[no_mangle]/#[export_name] keeps the Rust ABI: add extern "C".',
  run(ctx) {
    const target = ctx.targets[0];
    const rust = ctx.rust;
    if (!rust || !target) return [];
    const out: Diagnostic[] = [];
    for (const fn of rust.crate(target).fns) {
      if (fn.kind !== 'definition' || !fn.exported || fn.abi !== undefined) continue;
      const attr = rust.text.slice(fn.exported.span.start, fn.exported.span.end);
      out.push({
        code: CODE, severity: 'warning',
        message: `\`${fn.name}\` is exported with \`${attr}\` but uses the Rust ABI, which C cannot call; declare it \`extern "C"\``,
        start: fn.nameSpan.start, end: fn.nameSpan.end,
        related: [{ start: fn.exported.span.start, end: fn.exported.span.end, message: 'exported here' }],
        fixes: [{ title: 'Add `extern "C"`', preferred: true, edits: [{ start: fn.fnKeyword.start, end: fn.fnKeyword.start, text: 'extern "C" ' }] }],
      });
    }
    return out;
  },
};
