// A corpus for the FFI-safety agreement test: a prelude of definitions (every
// repr, generic, transparent and Option-like shape the rules distinguish, some in
// nested modules), then one item per line using one type shape in one position:
// extern-block parameter and return, extern "C" fn parameter and return, nested
// in a generic repr(C) struct, behind an alias, behind a pointer, as a field of a
// repr(C) struct, inside a foreign fn pointer, and silenced by allow/cfg.

/** Sized types that may be written by value anywhere. */
const SIZED: readonly string[] = [
  'u8', 'i16', 'u32', 'i64', 'u128', 'i128', 'usize', 'isize', 'f32', 'f64', 'bool', 'char',
  'c_int', 'c_long', 'c_char', 'std::os::raw::c_uint', '*const c_void', '*mut c_void',
  '(u8, u32)', '(u8,)',
  'D', 'C', 'CE', 'CS', 'CP', 'CA', 'Tr', 'TrD', 'TrP', 'FE', 'FC', 'FU8', 'DE', 'DEBad', 'DU', 'OL', 'OLBad', 'Un', 'UnD', 'Ph', 'Ph2', 'NE',
  'G<u8>', 'G<char>', 'G<D>', 'G<*const D>', 'G<G<u16>>', 'G<[u8; 2]>',
  'AU32', 'AD', 'AChar', 'AG', 'inner::Deep', 'inner::DeepBad', 'inner::more::Deeper',
  'String', 'Vec<u8>', 'Box<u8>', 'Box<D>', 'Box<[u8]>', 'Box<dyn Fn()>', 'Box<str>',
  'Option<u8>', 'Option<&u8>', 'Option<&D>', 'Option<&mut C>', 'Option<Box<u8>>', 'Option<Box<D>>', 'Option<NonNull<u8>>', 'Option<NonNull<D>>',
  'NonNull<D>', 'NonNull<C>', 'Option<NonZeroU32>', 'NonZeroU8', 'std::num::NonZero<u16>', 'Option<std::num::NonZero<i64>>',
  'Result<NonZeroU32, ()>', 'Result<u8, ()>', 'Result<(), &u8>', 'Option<TrRef>', 'Option<Tr>',
  'MaybeUninit<u32>', 'MaybeUninit<D>', 'ManuallyDrop<char>', 'Cell<u8>', 'PhantomData<u8>', 'CString',
  '[u8; 4]', '[[u8; 2]; 2]', '[D; 1]',
  'fn()', 'extern "C" fn()', 'extern "C" fn(char)', 'extern "C" fn(u8) -> D', 'Option<extern "C" fn(u8)>', 'Option<fn()>', 'extern "system" fn(c_int)',
  '*const D', '*mut C', '&u8', '&mut D', '&str', '*const str', '&[u8]', '*const [u8]', '&dyn Fn()', '*const dyn Fn()', '&CStr', '*const CString',
  '*const *const D', '&[u8; 3]', '*const ()', '*const FE', '&Ph', '*const PhantomData<u8>', '&&D',
];

/** The types that can also be wrapped (in G<_>, behind *const, as a field): sized, no references (lifetimes). */
function wrappable(t: string): boolean {
  return !t.includes('&') && !t.includes('dyn') && !t.includes('[u8]') && !t.includes('str') && t !== 'fn()';
}

export const PRELUDE = `#![allow(dead_code, unused_variables, unused_imports, non_camel_case_types)]
use std::ffi::{c_char, c_int, c_long, c_void, CStr, CString};
use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::num::{NonZeroU32, NonZeroU8};
use std::ptr::NonNull;
pub struct D { a: u8 }
#[repr(C)] pub struct C { a: u8, b: u32 }
#[repr(C)] pub struct CE;
#[repr(C)] pub struct CS { s: String }
#[repr(C, packed)] pub struct CP { a: u8, b: u64 }
#[repr(C, align(8))] pub struct CA { a: u8 }
#[repr(transparent)] pub struct Tr(u32);
#[repr(transparent)] pub struct TrD(D);
#[repr(transparent)] pub struct TrP(u8, PhantomData<String>);
#[repr(transparent)] pub struct TrRef(&'static u8);
pub enum FE { A, B }
#[repr(C)] pub enum FC { A, B = 5 }
#[repr(u8)] pub enum FU8 { A, B }
#[repr(C)] pub enum DE { A(u32), B { x: f64 }, C }
#[repr(u8)] pub enum DEBad { A(char), B }
pub enum DU { A(u32), B }
pub enum OL { None, Some(&'static u8) }
pub enum OLBad { None, Some(u8) }
#[repr(C)] pub union Un { a: u32, b: f32 }
pub union UnD { a: u32 }
#[repr(C)] pub struct Ph { p: PhantomData<u8> }
#[repr(C)] pub struct Ph2 { a: u8, p: PhantomData<String> }
pub enum NE {}
#[repr(C)] pub struct G<T> { t: T }
pub type AU32 = u32;
pub type AD = D;
pub type AChar = char;
pub type AG = G<c_int>;
pub mod inner {
    #[repr(C)] pub struct Deep { pub x: super::C, pub y: [u16; 3] }
    #[repr(C)] pub struct DeepBad { pub x: super::D }
    pub mod more {
        #[repr(C)] pub struct Deeper { pub d: super::Deep, pub p: *const super::DeepBad }
    }
}
`;

/**
 * The corpus text; every item after the prelude is on one line. For edition 2024,
 * extern blocks are `unsafe extern "C"` and some of their items `safe`.
 */
export function ffiCorpus(edition: '2021' | '2024' = '2021'): string {
  const lines: string[] = [PRELUDE];
  const ext: string[] = [];
  const defs: string[] = [];
  const items: string[] = [];
  SIZED.forEach((t, i) => {
    ext.push(`    pub fn p${i}(x: ${t});`);
    defs.push(`pub extern "C" fn d${i}(x: ${t}) {}`);
    if (!t.includes('&')) {
      ext.push(`    pub fn r${i}() -> ${t};`);
      defs.push(`pub extern "C" fn dr${i}() -> ${t} { loop {} }`);
    }
    if (wrappable(t)) {
      items.push(`pub type W${i} = ${t};`);
      ext.push(`    pub fn a${i}(x: W${i});`);
      ext.push(`    pub fn g${i}(x: G<${t}>);`);
      ext.push(`    pub fn q${i}(x: *const ${t});`);
      defs.push(`pub extern "C" fn dq${i}(x: *const ${t}) {}`);
      items.push(`#[repr(C)] pub struct S${i} { x: ${t} }`);
      ext.push(`    pub fn s${i}(x: S${i});`);
      items.push(`pub struct F${i} { f: extern "C" fn(${t}) }`);
      items.push(`pub fn rf${i}(f: Option<extern "C" fn() -> ${t}>) {}`);
    }
  });
  // Silenced as rustc silences them.
  ext.push('    #[allow(improper_ctypes)] pub fn al0(x: D);');
  ext.push('    #[cfg(windows)] pub fn cf0(x: D);');
  ext.push('    #[cfg(not(unix))] pub fn cf1(x: char);');
  ext.push('    #[cfg(all(unix, target_pointer_width = "64"))] pub fn cf2(x: char);');
  defs.push('#[allow(improper_ctypes_definitions)] pub extern "C" fn al1(x: D) {}');
  defs.push('#[cfg(target_os = "macos")] pub extern "C" fn cf3(x: D) {}');
  defs.push('#[cfg_attr(unix, allow(improper_ctypes_definitions))] pub extern "C" fn cf4(x: D) {}');
  defs.push('#[allow(warnings)] pub extern "C" fn al2(x: D) {}');
  defs.push('pub extern "C-unwind" fn cu0(x: D) {}');
  defs.push('pub extern "system" fn sy0(x: char) {}');
  defs.push('pub extern "Rust" fn ru0(x: D) {}');
  const block = edition === '2024' ? 'unsafe extern' : 'extern';
  // Edition 2024: every third declaration is a `safe fn` (callable without unsafe).
  const items2024 = edition === '2024' ? ext.map((l, i) => (i % 3 === 0 ? l.replace('pub fn', 'pub safe fn') : l)) : ext;
  lines.push(`${block} "C" {`, ...items2024, '}');
  lines.push('#[allow(improper_ctypes)]', `${block} "C" {`, '    pub fn al3(x: D);', '}');
  lines.push(`${block} "Rust" {`, '    pub fn ru1(x: D);', '}');
  lines.push(...defs, ...items);
  lines.push('#[allow(improper_ctypes_definitions)]', 'pub mod quiet {', '    pub extern "C" fn q(x: super::D) {}', '}');
  return lines.join('\n') + '\n';
}

/** The distinct types the corpus writes in a checked position: each base shape, and each nested, aliased, pointed-to or field-wrapped form. */
export function shapeCount(): number {
  const shapes = new Set<string>();
  for (const t of SIZED) {
    shapes.add(t);
    if (wrappable(t)) for (const form of [`alias of ${t}`, `G<${t}>`, `*const ${t}`, `struct { x: ${t} }`, `extern "C" fn(${t})`, `extern "C" fn() -> ${t}`]) shapes.add(form);
  }
  return shapes.size;
}
