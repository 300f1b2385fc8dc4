// Diagnostic: rust-ffi-unsafe-type — a type in an `extern` block, an
// `extern "ABI" fn` definition or a foreign fn-pointer type is not FFI-safe, as
// rustc 1.95's `improper_ctypes` / `improper_ctypes_definitions` lints judge it
// (the rules are in lower/rust/ffi-safety.ts). Silent where rustc is: under
// `#[allow(..)]` of either lint (or `warnings`) and in items `#[cfg]` leaves out.
// Related information points at the offending type's definition; when that is a
// struct, union or enum of this file whose fields would be FFI-safe, the fix adds
// `#[repr(C)]` (merged into an existing `#[repr(..)]`), with `repr(transparent)`
// for single-field wrappers and an integer repr for fieldless enums.
import type { RustAdt, RustFn, RustType } from '../lower/rust/items.ts';
import type { FfiChecker, FfiMode, Unsafe } from '../lower/rust/ffi-safety.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

const CODE = 'rust-ffi-unsafe-type';

/** ABIs whose functions rustc does not check (Rust's own). */
function isRustAbi(abi: string | undefined): boolean {
  return abi === undefined || abi === 'Rust' || abi === 'rust-call' || abi === 'rust-intrinsic';
}

function silenced(allowed: ReadonlySet<string>, lint: string): boolean {
  return allowed.has(lint) || allowed.has('warnings');
}

/** `#[repr(X)]` added to an ADT: merged into its first `#[repr(..)]` when it has one. */
export function reprEdit(adt: RustAdt, text: string, repr: string): { start: number; end: number; text: string } {
  const attr = adt.repr.attr;
  if (attr) return { start: attr.args.start, end: attr.args.start, text: `${repr}, ` };
  const lineStart = text.lastIndexOf('\n', adt.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, adt.start))![0];
  return { start: adt.start, end: adt.start, text: `#[repr(${repr})]\n${indent}` };
}

/** The smallest unsigned repr holding every discriminant of a fieldless enum (i32 when some are negative or unknown). */
function integerReprFor(adt: RustAdt): string {
  let next = 0n;
  let max = 0n;
  for (const v of adt.variants) {
    if (v.discriminant === null) return 'i32';
    const value = v.discriminant ?? next;
    if (value < 0n) return 'i32';
    if (value > max) max = value;
    next = value + 1n;
  }
  return max < 256n ? 'u8' : max < 65536n ? 'u16' : 'u32';
}

function reprFixes(u: Unsafe, checker: FfiChecker, mode: FfiMode, text: string): Fix[] {
  const adt = u.def;
  // A type of another file is fixed there (fixes edit this file only).
  if (!adt || adt.ctx.file !== undefined || !/unspecified layout|no representation hint/.test(u.reason)) return [];
  if (!checker.safeWithRepr(adt, mode)) return [];
  const fix = (repr: string, preferred: boolean): Fix => ({
    title: `Add \`#[repr(${repr})]\` to \`${adt.name}\``, preferred, edits: [reprEdit(adt, text, repr)],
  });
  if (adt.kind === 'enum') {
    const fieldless = adt.variants.every((v) => v.fields.length === 0);
    return fieldless ? [fix('C', true), fix(integerReprFor(adt), false)] : [fix('C', true)];
  }
  const fixes = [fix('C', true)];
  // A wrapper of one field: `repr(transparent)` gives it that field's ABI (it cannot carry `packed`).
  if (adt.kind === 'struct' && adt.fields.length === 1 && !adt.repr.packed) fixes.push(fix('transparent', false));
  return fixes;
}

export const rustFfiUnsafeType: DiagnosticDef = {
  code: CODE,
  summary: 'A type in an extern block, an extern "C" fn or a foreign fn pointer is not FFI-safe (rustc improper_ctypes).',
  run(ctx) {
    const target = ctx.targets[0];
    const rust = ctx.rust;
    if (!rust || !target) return [];
    const text = rust.text;
    const crate = rust.crate(target);
    const checker = rust.checker(target);
    const out: Diagnostic[] = [];
    const report = (t: RustType, u: Unsafe, where: string, mode: FfiMode): void => {
      const def = u.def;
      const elsewhere = def?.ctx.file !== undefined ? `; \`${def!.name}\` is defined in ${def!.ctx.file}` : '';
      out.push({
        code: CODE, severity: 'warning',
        message: `${where} uses type \`${u.type}\`, which is not FFI-safe: ${u.reason}${u.help ? ` (${u.help})` : ''}${elsewhere}`,
        start: t.span.start, end: t.span.end,
        related: def && !elsewhere ? [{ start: def.nameSpan.start, end: def.nameSpan.end, message: `the type is defined here` }] : [],
        fixes: reprFixes(u, checker, mode, text),
      });
    };
    const checkSignature = (fn: RustFn, mode: FfiMode, where: string): void => {
      for (const p of fn.params) {
        const u = checker.checkTop(p.type, mode, fn.ctx.module, false);
        if (u) report(p.type, u, where, mode);
      }
      if (fn.ret) {
        const u = checker.checkTop(fn.ret, mode, fn.ctx.module, true);
        if (u) report(fn.ret, u, where, mode);
      }
    };
    /** Foreign fn-pointer types written anywhere in `t` (rustc checks each as a signature of its own). */
    const checkFnPointers = (t: RustType, module: string, allowed: ReadonlySet<string>): void => {
      if (silenced(allowed, 'improper_ctypes_definitions')) return;
      const visit = (cur: RustType): void => {
        if (cur.k === 'fn' && !isRustAbi(cur.abi)) {
          const u = checker.checkFnPointer(cur, module);
          if (u) report(cur, u, '`extern` fn', 'definition');
          return;
        }
        switch (cur.k) {
          case 'path': cur.args.forEach(visit); break;
          case 'ref': case 'ptr': visit(cur.inner); break;
          case 'array': case 'slice': visit(cur.elem); break;
          case 'tuple': cur.elems.forEach(visit); break;
          case 'fn': cur.params.forEach(visit); if (cur.ret) visit(cur.ret); break;
          default: break;
        }
      };
      visit(t);
    };
    for (const fn of crate.fns) {
      if (fn.kind === 'foreign' || fn.kind === 'foreign-static') {
        if (isRustAbi(fn.abi) || silenced(fn.ctx.allowed, 'improper_ctypes')) continue;
        checkSignature(fn, 'declaration', '`extern` block');
      } else if (!isRustAbi(fn.abi)) {
        if (silenced(fn.ctx.allowed, 'improper_ctypes_definitions')) continue;
        checkSignature(fn, 'definition', '`extern` fn');
      } else {
        for (const p of fn.params) checkFnPointers(p.type, fn.ctx.module, fn.ctx.allowed);
        if (fn.ret) checkFnPointers(fn.ret, fn.ctx.module, fn.ctx.allowed);
      }
    }
    for (const site of crate.fnPointerSites) checkFnPointers(site.type, site.ctx.module, site.ctx.allowed);
    return out.sort((a, b) => a.start - b.start);
  },
};
