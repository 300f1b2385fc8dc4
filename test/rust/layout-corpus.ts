// A seeded generator of Rust types with a guaranteed layout, for the layout
// agreement test: repr(C) structs (some packed, packed(N) or align(N)), unions,
// fieldless enums (repr(C) and integer reprs), enums with data (RFC 2195:
// repr(C), repr(u8), repr(C, u16)), transparent wrappers, generic instances,
// aliases and items in nested modules, whose fields draw on the primitive, C,
// pointer, niche (Option<&T>, Option<NonNull<T>>, NonZero), MaybeUninit,
// PhantomData and array types and on the types generated before them.
// Alongside, a Rust program printing rustc's size_of/align_of/offset_of! for each.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE: readonly string[] = [
  'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'i128', 'usize', 'isize', 'f32', 'f64', 'bool', 'char',
  'c_int', 'c_long', 'c_ulong', 'c_char', 'c_short', 'c_longlong', 'c_double', 'c_float',
  '*const u8', '*mut c_void', "&'static u32", "Option<&'static u16>", 'Option<NonNull<u8>>', 'NonNull<u64>',
  'NonZeroU32', 'Option<NonZeroU64>', 'NonZero<u16>', 'Option<NonZero<i8>>', 'MaybeUninit<u64>', 'MaybeUninit<[u8; 3]>',
  'PhantomData<u64>', '()', '[u64; 0]', '[u8; 3]', '[u32; 2]', '[[u16; 2]; 3]', '[f64; 1]',
  'extern "C" fn(i32) -> i32', 'Option<extern "C" fn()>', 'ManuallyDrop<u16>', 'Cell<u32>', 'Wrapping<u64>',
  'G<u8>', 'G<u64>', 'G<[u16; 3]>', 'Pair<u8, u32>', 'Pair<u16, G<u8>>',
];

interface Generated {
  /** The path to name it by (`m3::T12`). */
  readonly path: string;
  /** Contains a repr(align) type (such types may not go into packed ones). */
  readonly hasAlign: boolean;
  /** Field names offset_of! can reach, empty for enums. */
  readonly fields: readonly string[];
  /** An enum (layout compared by size and alignment only). */
  readonly isEnum: boolean;
}

export interface LayoutCorpus {
  readonly source: string;
  /** The program printing `path size align` and `path.field offset` lines. */
  readonly program: string;
  readonly types: readonly Generated[];
}

const PRELUDE = `#![allow(dead_code, non_camel_case_types, unused_imports)]
use std::ffi::{c_char, c_double, c_float, c_int, c_long, c_longlong, c_short, c_ulong, c_void};
use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::num::{NonZero, NonZeroU32, NonZeroU64, Wrapping};
use std::ptr::NonNull;
#[repr(C)] pub struct G<T> { pub a: u8, pub t: T }
#[repr(C)] pub struct Pair<A, B> { pub a: A, pub b: B }
`;

export function layoutCorpus(seed: number, count: number): LayoutCorpus {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const generated: Generated[] = [];
  const pool: Array<{ type: string; hasAlign: boolean }> = BASE.map((type) => ({ type, hasAlign: false }));
  const items: string[] = [];
  const modules = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const name = `T${i}`;
    const module = rnd() < 0.2 ? `m${Math.floor(rnd() * 4)}` : rnd() < 0.1 ? 'm0::deep' : '';
    const path = module ? `${module}::${name}` : name;
    const roll = rnd();
    let text: string;
    let fields: string[] = [];
    let hasAlign = false;
    let isEnum = false;
    const fieldType = (packed: boolean): { type: string; hasAlign: boolean } => {
      const choices = packed ? pool.filter((p) => !p.hasAlign) : pool;
      // Generated types are written with their full path from the crate root.
      return pick(choices);
    };
    if (roll < 0.55) {
      const n = 1 + Math.floor(rnd() * 5);
      const variant = rnd();
      const packed = variant < 0.15 ? 'packed' : variant < 0.25 ? `packed(${pick([1, 2, 4, 8])})` : undefined;
      const align = !packed && variant > 0.85 ? pick([2, 4, 8, 16, 32]) : undefined;
      const reprArgs = ['C', ...(packed ? [packed] : []), ...(align ? [`align(${align})`] : [])].join(', ');
      const fs: string[] = [];
      for (let f = 0; f < n; f++) {
        const t = fieldType(packed !== undefined);
        hasAlign ||= t.hasAlign;
        fs.push(`pub f${f}: ${t.type}`);
        fields.push(`f${f}`);
      }
      hasAlign ||= align !== undefined;
      text = `#[repr(${reprArgs})] pub struct ${name} { ${fs.join(', ')} }`;
    } else if (roll < 0.65) {
      const n = 1 + Math.floor(rnd() * 4);
      const fs: string[] = [];
      for (let f = 0; f < n; f++) {
        const t = fieldType(false);
        hasAlign ||= t.hasAlign;
        // Union fields must be Copy or ManuallyDrop; ManuallyDrop<T> has T's layout.
        fs.push(`pub u${f}: ManuallyDrop<${t.type}>`);
        fields.push(`u${f}`);
      }
      text = `#[repr(C)] pub union ${name} { ${fs.join(', ')} }`;
    } else if (roll < 0.75) {
      const repr = pick(['C', 'u8', 'i16', 'u32', 'i64']);
      const n = 1 + Math.floor(rnd() * 5);
      const vs: string[] = [];
      let next = Math.floor(rnd() * 3);
      for (let v = 0; v < n; v++) {
        if (rnd() < 0.3) {
          next += Math.floor(rnd() * 100);
          vs.push(`V${v} = ${next}`);
        } else {
          vs.push(`V${v}`);
        }
        next++;
      }
      text = `#[repr(${repr})] pub enum ${name} { ${vs.join(', ')} }`;
      isEnum = true;
    } else if (roll < 0.87) {
      const repr = pick(['C', 'u8', 'C, u16', 'i32']);
      const n = 1 + Math.floor(rnd() * 3);
      const vs: string[] = [];
      for (let v = 0; v < n; v++) {
        // The first variant carries data: `repr(C, u16)` on a fieldless enum is rejected.
        const k = v === 0 ? 1 + Math.floor(rnd() * 2) : Math.floor(rnd() * 3);
        const fs: string[] = [];
        for (let f = 0; f < k; f++) {
          const t = fieldType(false);
          hasAlign ||= t.hasAlign;
          fs.push(t.type);
        }
        vs.push(k === 0 ? `V${v}` : `V${v}(${fs.join(', ')})`);
      }
      text = `#[repr(${repr})] pub enum ${name} { ${vs.join(', ')} }`;
      isEnum = true;
    } else if (roll < 0.95) {
      const t = fieldType(false);
      hasAlign = t.hasAlign;
      text = `#[repr(transparent)] pub struct ${name}(pub ${t.type}, pub PhantomData<u32>);`;
      fields = ['0', '1'];
    } else {
      const t = fieldType(false);
      items.push(`pub type A${i} = ${t.type};`);
      pool.push({ type: `A${i}`, hasAlign: t.hasAlign });
      continue;
    }
    if (module) {
      const list = modules.get(module) ?? [];
      list.push(text);
      modules.set(module, list);
    } else {
      items.push(text);
    }
    generated.push({ path, hasAlign, fields, isEnum });
    pool.push({ type: `crate::${path}`, hasAlign });
  }
  // Modules, nested `m0::deep` inside `m0`.
  const moduleText: string[] = [];
  const imports = 'use super::*;';
  for (const m of ['m0', 'm1', 'm2', 'm3']) {
    const own = modules.get(m) ?? [];
    const deep = m === 'm0' ? modules.get('m0::deep') ?? [] : [];
    moduleText.push(`pub mod ${m} {`, `    ${imports}`, ...own.map((t) => `    ${t}`));
    if (m === 'm0') moduleText.push('    pub mod deep {', '        use crate::*;', ...deep.map((t) => `        ${t}`), '    }');
    moduleText.push('}');
  }
  const source = `${PRELUDE}${items.join('\n')}\n${moduleText.join('\n')}\n`;
  const prints: string[] = [];
  for (const g of generated) {
    prints.push(`    println!("{} {} {}", "${g.path}", std::mem::size_of::<${g.path}>(), std::mem::align_of::<${g.path}>());`);
    for (const f of g.fields) prints.push(`    println!("{}.{} {}", "${g.path}", "${f}", std::mem::offset_of!(${g.path}, ${f}));`);
  }
  const program = `${source}\nfn main() {\n${prints.join('\n')}\n}\n`;
  return { source, program, types: generated };
}
