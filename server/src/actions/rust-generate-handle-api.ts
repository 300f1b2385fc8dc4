// Action: rust-generate-handle-api — on a struct (of any repr: C sees only a
// pointer), generates an opaque-handle C API after it: `<name>_new` returning
// `Box::into_raw` (from `T::new(..)`, or `T::default()` when the type derives or
// implements Default), `<name>_free` calling `Box::from_raw` after a null check,
// and one wrapper per `&self`/`&mut self` method of its inherent impls taking
// `*const T`/`*mut T` (a null handle returns an error value, never panics), plus
// the matching C header as a new file `<name>.h`. Methods whose parameters or
// result are not FFI-safe, or have no C spelling here, are left out and listed in
// a comment.
import { errorValue } from '../lower/rust/error-value.ts';
import type { RustAdt, RustFn, RustType } from '../lower/rust/items.ts';
import type { RustFileAnalysis } from '../ide/rust-file.ts';
import type { Target } from '../layout/types.ts';
import type { Action, ActionDef } from './types.ts';

const C_NAMES: ReadonlyMap<string, string> = new Map([
  ['u8', 'uint8_t'], ['i8', 'int8_t'], ['u16', 'uint16_t'], ['i16', 'int16_t'], ['u32', 'uint32_t'], ['i32', 'int32_t'],
  ['u64', 'uint64_t'], ['i64', 'int64_t'], ['usize', 'size_t'], ['isize', 'ptrdiff_t'], ['f32', 'float'], ['f64', 'double'], ['bool', 'bool'],
  ['c_char', 'char'], ['c_schar', 'signed char'], ['c_uchar', 'unsigned char'], ['c_short', 'short'], ['c_ushort', 'unsigned short'],
  ['c_int', 'int'], ['c_uint', 'unsigned int'], ['c_long', 'long'], ['c_ulong', 'unsigned long'], ['c_longlong', 'long long'],
  ['c_ulonglong', 'unsigned long long'], ['c_float', 'float'], ['c_double', 'double'], ['c_void', 'void'], ['size_t', 'size_t'],
]);

/** A C spelling of a Rust type with a declarator (`double x`, `const char *s`), or undefined. */
function cDecl(t: RustType | undefined, name: string, self: { rust: string; c: string }): string | undefined {
  const space = name ? ` ${name}` : '';
  if (!t || (t.k === 'tuple' && t.elems.length === 0)) return `void${space}`;
  if (t.k === 'prim' || (t.k === 'path' && t.args.length === 0)) {
    const n = t.k === 'prim' ? t.name : t.name;
    if (n === self.rust) return undefined;
    const c = C_NAMES.get(n);
    return c && c !== 'void' ? `${c}${space}` : undefined;
  }
  if (t.k === 'ptr') {
    const inner = t.inner;
    const innerName = inner.k === 'prim' ? inner.name : inner.k === 'path' && inner.args.length === 0 ? inner.name : undefined;
    const c = innerName === self.rust ? self.c : innerName !== undefined ? C_NAMES.get(innerName) : undefined;
    return c ? `${t.mut ? '' : 'const '}${c} *${name}` : undefined;
  }
  return undefined;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

interface Wrapper {
  readonly rust: string[];
  readonly c: string;
}

function derivesDefault(rust: RustFileAnalysis, adt: RustAdt): boolean {
  const attrs = rust.text.slice(adt.start, adt.span.start);
  return /derive\([^)]*\bDefault\b/.test(attrs) || new RegExp(`impl\\s+(?:[\\w:]*::)?Default\\s+for\\s+${adt.name}\\b`).test(rust.text);
}

function generate(rust: RustFileAnalysis, target: Target, adt: RustAdt): { code: string; header: string; file: string } {
  const text = rust.text;
  const checker = rust.checker(target);
  const prefix = snake(adt.name);
  const self = { rust: adt.name, c: adt.name };
  const spell = (t: RustType): string => t.text;
  const methods = rust.crate(target).fns.filter((f) => f.implOf === adt.name && f.kind === 'definition' && !f.generic);
  const wrappers: Wrapper[] = [];
  const skipped: string[] = [];
  const usable = (f: RustFn): boolean =>
    f.params.every((p) => !checker.checkTop(p.type, 'definition', f.ctx.module, false) && cDecl(p.type, 'x', self) !== undefined) &&
    (!f.ret || (!checker.checkTop(f.ret, 'definition', f.ctx.module, true) && cDecl(f.ret, '', self) !== undefined) || spell(f.ret) === 'Self' || spell(f.ret) === adt.name);
  const args = (f: RustFn): { rust: string; c: string[]; call: string } => {
    const names = f.params.map((p, i) => (p.name && /^[a-z_][a-z0-9_]*$/.test(p.name) && p.name !== 'handle' ? p.name : `arg${i}`));
    return {
      rust: f.params.map((p, i) => `${names[i]}: ${spell(p.type)}`).join(', '),
      c: f.params.map((p, i) => cDecl(p.type, names[i]!, self)!),
      call: names.join(', '),
    };
  };
  const ctor = methods.find((f) => f.name === 'new' && !f.receiver && f.ret && (spell(f.ret) === 'Self' || spell(f.ret) === adt.name));
  if (ctor && usable(ctor)) {
    const a = args(ctor);
    wrappers.push({
      rust: [`#[unsafe(no_mangle)]`, `pub extern "C" fn ${prefix}_new(${a.rust}) -> *mut ${adt.name} {`, `    Box::into_raw(Box::new(${adt.name}::new(${a.call})))`, '}'],
      c: `${adt.name} *${prefix}_new(${a.c.length ? a.c.join(', ') : 'void'});`,
    });
  } else if (derivesDefault(rust, adt)) {
    wrappers.push({
      rust: [`#[unsafe(no_mangle)]`, `pub extern "C" fn ${prefix}_new() -> *mut ${adt.name} {`, `    Box::into_raw(Box::new(${adt.name}::default()))`, '}'],
      c: `${adt.name} *${prefix}_new(void);`,
    });
  } else {
    skipped.push('`_new`: no `fn new(..) -> Self` with FFI-safe parameters and no `Default`');
  }
  wrappers.push({
    rust: [
      '/// # Safety',
      `/// \`handle\` is null or comes from \`${prefix}_new\`, and is not used after this call.`,
      `#[unsafe(no_mangle)]`,
      `pub unsafe extern "C" fn ${prefix}_free(handle: *mut ${adt.name}) {`,
      '    if !handle.is_null() {',
      '        drop(unsafe { Box::from_raw(handle) });',
      '    }',
      '}',
    ],
    c: `void ${prefix}_free(${adt.name} *handle);`,
  });
  for (const f of methods) {
    if (f.receiver !== 'ref' && f.receiver !== 'mut') continue;
    if (!usable(f) || (f.ret && (spell(f.ret) === 'Self' || spell(f.ret) === adt.name))) {
      skipped.push(`\`${f.name}\`: a parameter or the result is not FFI-safe or has no C spelling here`);
      continue;
    }
    const a = args(f);
    const mut = f.receiver === 'mut';
    const ret = f.ret ? ` -> ${spell(f.ret)}` : '';
    const err = errorValue(f.ret, text);
    wrappers.push({
      rust: [
        '/// # Safety',
        `/// \`handle\` is null or a live handle from \`${prefix}_new\`${mut ? ' not used elsewhere during the call' : ''}.`,
        `#[unsafe(no_mangle)]`,
        `pub unsafe extern "C" fn ${prefix}_${f.name}(handle: *${mut ? 'mut' : 'const'} ${adt.name}${a.rust ? `, ${a.rust}` : ''})${ret} {`,
        `    let Some(this) = (unsafe { handle.${mut ? 'as_mut' : 'as_ref'}() }) else { return ${err} };`,
        `    this.${f.name}(${a.call})`,
        '}',
      ],
      c: `${cDecl(f.ret, '', self)!.trim()} ${prefix}_${f.name}(${mut ? '' : 'const '}${adt.name} *handle${a.c.length ? `, ${a.c.join(', ')}` : ''});`,
    });
  }
  const guard = `${prefix.toUpperCase()}_H`;
  const header = [
    `/* Opaque-handle C API for the Rust type \`${adt.name}\` (generated by FFI Lens). */`,
    `#ifndef ${guard}`, `#define ${guard}`, '',
    '#include <stdbool.h>', '#include <stddef.h>', '#include <stdint.h>', '',
    `typedef struct ${adt.name} ${adt.name};`, '',
    ...wrappers.map((w) => w.c), '',
    `#endif /* ${guard} */`, '',
  ].join('\n');
  const code = [
    '',
    `// Opaque-handle C API for \`${adt.name}\` (generated by FFI Lens; C declarations in ${prefix}.h).`,
    ...skipped.map((s) => `// Not wrapped: ${s}.`),
    ...wrappers.flatMap((w) => w.rust),
  ].join('\n');
  return { code, header, file: `${prefix}.h` };
}

export const rustGenerateHandleApi: ActionDef = {
  id: 'rust-generate-handle-api',
  summary: 'Generate an opaque-handle C API (new/free/method wrappers and a C header) for a Rust struct.',
  run(ctx) {
    const rust = ctx.rust;
    const primary = ctx.config.targets[0];
    if (!rust || !primary) return [];
    const adt = rust.crate(primary).adts.find((a) => a.kind === 'struct' && a.start <= ctx.start && ctx.end <= a.span.end);
    if (!adt || adt.generics.length) return [];
    const { code, header, file } = generate(rust, primary, adt);
    // After the last inherent impl of the type, or after the struct when it has none.
    const impls = rust.crate(primary).fns.filter((f) => f.implOf === adt.name);
    const implEnd = impls.length ? implBlockEnd(rust, impls[impls.length - 1]!) : undefined;
    const at = implEnd ?? adt.span.end;
    const action: Action = {
      id: 'rust-generate-handle-api', title: `Generate an opaque-handle C API for \`${adt.name}\` (and ${file})`, kind: 'source',
      edits: [{ start: at, end: at, text: `\n${code}` }],
      newFiles: [{ path: file, text: header }],
    };
    return [action];
  },
};

/** The end of the `impl` block a method is in. */
function implBlockEnd(rust: RustFileAnalysis, method: RustFn): number | undefined {
  let n = rust.tree.rootNode.descendantForIndex(method.span.start, method.span.end);
  while (n && n.type !== 'impl_item') n = n.parent;
  return n?.endIndex;
}
