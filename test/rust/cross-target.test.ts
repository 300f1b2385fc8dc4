// repr(C) layouts on every FFI Lens target against rustc itself: a `no_core`
// crate (no standard library is needed for a foreign target) whose structs carry
// `#[rustc_layout(debug)]`, compiled with `--target` for each target; rustc
// prints each type's size, alignment and field offsets. RUSTC_BOOTSTRAP lets the
// stable compiler accept the internal attribute; this is a test-only probe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { isUnknown } from '../../server/src/layout/types.ts';
import { sharedHost } from '../support/fixture.ts';
import { skipWithoutRustc } from './rustc.ts';

const skip = skipWithoutRustc('Rust cross-target layout test');

const PRELUDE = `#![no_std]
#![no_core]
#![allow(internal_features, dead_code)]
#![feature(no_core, lang_items, rustc_attrs)]
#[lang = "pointee_sized"] pub trait PointeeSized {}
#[lang = "meta_sized"] pub trait MetaSized: PointeeSized {}
#[lang = "sized"] pub trait Sized: MetaSized {}
#[lang = "copy"] pub trait Copy {}
`;

const FIELDS = ['u8', 'i16', 'u32', 'i64', 'u64', 'u128', 'i128', 'f32', 'f64', 'bool', 'usize', 'isize', '*const u8', '[u16; 3]', '[u128; 2]'];

function corpus(seed: number, count: number): { text: string; names: string[] } {
  let a = seed;
  const rnd = (): number => ((a = (a * 1103515245 + 12345) >>> 0) / 4294967296);
  const out: string[] = [];
  const names: string[] = [];
  const aligned = new Set<string>();
  for (let i = 0; i < count; i++) {
    const name = `S${i}`;
    const roll = rnd();
    const packed = roll < 0.15 ? 'packed' : roll < 0.25 ? `packed(${[2, 4][Math.floor(rnd() * 2)]})` : '';
    const align = !packed && roll > 0.85 ? [8, 16, 32][Math.floor(rnd() * 3)] : 0;
    const n = 1 + Math.floor(rnd() * 5);
    const fields: string[] = [];
    let hasAligned = align > 0;
    for (let f = 0; f < n; f++) {
      const pool = names.filter((x) => !packed || !aligned.has(x));
      let t: string;
      if (pool.length && rnd() < 0.25) {
        t = pool[Math.floor(rnd() * pool.length)]!;
        if (aligned.has(t)) hasAligned = true;
      } else {
        t = FIELDS[Math.floor(rnd() * FIELDS.length)]!;
      }
      fields.push(`f${f}: ${t}`);
    }
    if (hasAligned) aligned.add(name);
    const repr = ['C', ...(packed ? [packed] : []), ...(align ? [`align(${align})`] : [])].join(', ');
    out.push(`#[repr(${repr})] #[rustc_layout(debug)] pub struct ${name} { ${fields.join(', ')} }`);
    names.push(name);
  }
  return { text: PRELUDE + out.join('\n') + '\n', names };
}

/** rustc's figures per type: size, alignment and field offsets (in declaration order). */
function rustcLayouts(text: string, triple: string): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-xt-'));
  try {
    writeFileSync(join(dir, 'lib.rs'), text);
    const r = spawnSync('rustc', ['--target', triple, '--crate-type=lib', '--emit=metadata', '-o', join(dir, 'lib.rmeta'), join(dir, 'lib.rs')], { encoding: 'utf8', env: { ...process.env, RUSTC_BOOTSTRAP: '1' }, maxBuffer: 256 << 20 });
    const out = new Map<string, string>();
    for (const block of r.stderr.split(/(?:^|\n)error: layout_of\(/).slice(1)) {
      const name = /^(\w+)\)/.exec(block)?.[1];
      const size = /size: Size\((\d+) bytes\)/.exec(block)?.[1];
      const align = /abi: Align\((\d+) bytes\)/.exec(block)?.[1];
      const offsets = /offsets: \[([^\]]*)\]/.exec(block)?.[1];
      if (!name || !size || !align) continue;
      const offs = [...(offsets ?? '').matchAll(/Size\((\d+) bytes\)/g)].map((m) => m[1]).join(',');
      out.set(name, `${size}/${align} ${offs}`);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('repr(C) layouts (u128 included) agree with rustc on all six targets', { skip }, async () => {
  const { text, names } = corpus(99, 70);
  const host = await sharedHost();
  const file = host.openFile('xt.rs', 'rust', text);
  let compared = 0;
  const mismatches: string[] = [];
  try {
    for (const target of TARGETS) {
      const expected = rustcLayouts(text, target.triple);
      assert.ok(expected.size >= names.length, `rustc printed ${expected.size} layouts for ${target.triple}`);
      const ours = new Map(host.records(file, target).map((r) => [r.name, r.layout]));
      for (const name of names) {
        const l = ours.get(name);
        const got = !l || isUnknown(l) ? `unknown` : `${l.size}/${l.align} ${l.fields.filter((f) => f.depth === 0).map((f) => f.offsetBits / 8).join(',')}`;
        compared++;
        if (got !== expected.get(name)) mismatches.push(`${target.triple} ${name}: ours ${got}, rustc ${expected.get(name)}`);
      }
    }
  } finally {
    file.dispose();
  }
  process.stdout.write(`# Rust layouts vs rustc on ${TARGETS.length} targets: ${compared} records compared, ${mismatches.length} mismatches\n`);
  assert.deepEqual(mismatches.slice(0, 20), []);
});
