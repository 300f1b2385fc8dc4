// The same declarations written in C and in Rust (repr(C), packed, packed(N),
// align(N), arrays, pointers, nested records, c_long) laid out by the C front end
// and by the Rust front end: both go through the one engine, and must agree on
// every target (size, alignment, every member's offset).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { isUnknown, type LayoutAnswer } from '../../server/src/layout/types.ts';
import { sharedHost } from '../support/fixture.ts';

/** Rust spelling, C spelling (`%` stands for the member name). */
const FIELD_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['u8', 'unsigned char %'], ['i8', 'signed char %'], ['u16', 'unsigned short %'], ['i16', 'short %'], ['u32', 'unsigned int %'], ['i32', 'int %'],
  ['u64', 'unsigned long long %'], ['i64', 'long long %'], ['f32', 'float %'], ['f64', 'double %'], ['bool', '_Bool %'],
  ['c_long', 'long %'], ['c_ulong', 'unsigned long %'], ['c_char', 'char %'], ['usize', 'size_t %'],
  ['*const u8', 'const unsigned char *%'], ['Option<&\'static u32>', 'const unsigned int *%'], ['extern "C" fn(i32)', 'void (*%)(int)'],
  ['[u16; 3]', 'unsigned short %[3]'], ['[[u8; 3]; 2]', 'unsigned char %[2][3]'], ['[f64; 2]', 'double %[2]'],
];

function rnd(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

function corpus(seed: number, count: number): { rust: string; c: string; names: string[] } {
  const r = rnd(seed);
  const rust: string[] = ['use std::ffi::{c_char, c_long, c_ulong};'];
  const c: string[] = ['#include <stddef.h>', 'typedef unsigned long size_t;'];
  const names: string[] = [];
  const nested: Array<{ name: string; aligned: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const name = `S${i}`;
    const kind = r() < 0.8 ? 'struct' : 'union';
    const roll = r();
    const packed = kind === 'struct' && roll < 0.15 ? 1 : kind === 'struct' && roll < 0.3 ? [2, 4][Math.floor(r() * 2)]! : 0;
    const align = !packed && roll > 0.85 ? [4, 8, 16][Math.floor(r() * 3)]! : 0;
    const n = 1 + Math.floor(r() * 5);
    const rf: string[] = [];
    const cf: string[] = [];
    for (let f = 0; f < n; f++) {
      const candidates = nested.filter((x) => !packed || !x.aligned);
      if (candidates.length && r() < 0.2) {
        const inner = candidates[Math.floor(r() * candidates.length)]!;
        rf.push(`f${f}: ${inner.name}`);
        cf.push(`struct ${inner.name} f${f};`);
        continue;
      }
      const [rt, ct] = FIELD_TYPES[Math.floor(r() * FIELD_TYPES.length)]!;
      rf.push(`f${f}: ${rt}`);
      cf.push(`${ct.replace('%', `f${f}`)};`);
    }
    const repr = ['C', ...(packed === 1 ? ['packed'] : packed ? [`packed(${packed})`] : []), ...(align ? [`align(${align})`] : [])].join(', ');
    if (kind === 'union') rust.push(`#[repr(${repr})] #[derive(Clone, Copy)] pub union ${name} { ${rf.join(', ')} }`);
    else rust.push(`#[repr(${repr})] pub struct ${name} { ${rf.join(', ')} }`);
    const attrs = packed === 1 ? ' __attribute__((packed))' : align ? ` __attribute__((aligned(${align})))` : '';
    const body = `${kind} ${name} { ${cf.join(' ')} }${attrs};`;
    c.push(packed > 1 ? `#pragma pack(push, ${packed})\n${body}\n#pragma pack(pop)` : body);
    names.push(name);
    if (kind === 'struct') nested.push({ name, aligned: align > 0 || nested.some((x) => x.aligned && rf.some((f) => f.endsWith(`: ${x.name}`))) });
  }
  return { rust: rust.join('\n') + '\n', c: c.join('\n') + '\n', names };
}

function summary(l: LayoutAnswer): string {
  if (isUnknown(l)) return `unknown: ${l.unknown}`;
  return `${l.size}/${l.align} ${l.fields.map((f) => `${f.path}@${f.offsetBits}`).join(' ')}`;
}

test('C and Rust declarations of the same records lay out the same on every target', async () => {
  const host = await sharedHost();
  let compared = 0;
  for (const seed of [1, 2, 3]) {
    const { rust, c, names } = corpus(seed, 80);
    const rf = host.openFile('same.rs', 'rust', rust);
    const cf = host.openFile('same.c', 'c', c);
    try {
      for (const target of TARGETS) {
        const fromRust = new Map(host.records(rf, target).map((r) => [r.name, r.layout]));
        const fromC = new Map(host.records(cf, target).map((r) => [r.name, r.layout]));
        for (const name of names) {
          const a = fromRust.get(name);
          const b = fromC.get(name);
          assert.ok(a && b, `${name} missing on ${target.triple}`);
          assert.ok(!isUnknown(b), `${name} unknown in C on ${target.triple}: ${summary(b)}`);
          assert.equal(summary(a), summary(b), `${name} on ${target.triple}\nRust: ${rust.split('\n').find((l) => l.includes(` ${name} `))}\nC:    ${c.split('\n').find((l) => l.includes(` ${name} `))}`);
          compared++;
        }
      }
    } finally {
      rf.dispose();
      cf.dispose();
    }
  }
  process.stdout.write(`# C and Rust engines: ${compared} record layouts compared over ${TARGETS.length} targets\n`);
});
