// A C++ file with its #includes: preprocessed with clang++'s predefined macros
// (so `#ifdef __cplusplus` / `extern "C" {` guards are read as a C++ compiler
// reads them), parsed with tree-sitter-cpp and lowered by lower/cpp on top of the
// headers' declarations. Every named record of the translation unit
// (`ffi-lens layout --json --all-records`) is checked against clang++ itself
// with static_assert on sizeof/alignof. Needs clang++ (CI installs clang);
// skipped loudly elsewhere, failing on CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clangAvailable } from './clang-dump.ts';

const CLI = join(__dirname, '..', '..', 'dist', 'ffi-lens.js');
const HEADERS = ['netinet/in.h', 'sys/stat.h', 'zlib.h'];
const TRIPLES = ['x86_64-unknown-linux-gnu', 'i686-unknown-linux-gnu'];

const haveClang = clangAvailable('clang++');
const onCi = process.env['CI'] === 'true';
const missing = HEADERS.filter((h) => !['/usr/include', '/usr/include/x86_64-linux-gnu'].some((d) => existsSync(join(d, h))));
const skip = !onCi && (!haveClang || missing.length > 0);
if (skip) process.stderr.write(`\n!!! C++ includes test SKIPPED: ${!haveClang ? '`clang++` is not on PATH' : `headers not installed: ${missing.join(', ')}`}.\n\n`);

const GUARD_H = `#ifndef GUARD_H
#define GUARD_H
#ifdef __cplusplus
extern "C" {
#endif
struct plain { char c; int i; };
#ifdef __cplusplus
}
struct only_cpp { char c; double d; };
#else
struct only_c { char c; };
#endif
#if __cplusplus >= 201103L && defined(__cpp_constexpr)
struct modern { short s; long long l; };
#endif
#endif
`;

interface JsonRecord { readonly kind: string; readonly name: string; readonly size?: number; readonly align?: number; readonly file: string; readonly line: number }

test('a C++ file with its includes: headers read as C++ (extern "C" guards, __cplusplus), every named record as clang++ lays it out', { skip }, () => {
  assert.ok(haveClang, 'clang++ is required on CI (CI=true) but is not on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-cpp-includes-'));
  try {
    writeFileSync(join(dir, 'guard.h'), GUARD_H);
    const main = `#include "guard.h"\n${HEADERS.map((h) => `#include <${h}>`).join('\n')}\nstruct holder { struct sockaddr_in a; only_cpp b; plain p; modern m; };\n`;
    writeFileSync(join(dir, 'use.cpp'), main);
    for (const triple of TRIPLES) {
      // i686 needs the i386 multiarch headers (libc6-dev-i386); like the C real-headers test, a target clang++ cannot build for is left out.
      const builds = spawnSync('clang++', [`--target=${triple}`, '-std=gnu++20', '-fsyntax-only', '-w', join(dir, 'use.cpp')], { encoding: 'utf8' });
      if (builds.status !== 0 && triple !== TRIPLES[0]) {
        process.stderr.write(`C++ includes test: ${triple} left out, clang++ cannot build the file for it: ${builds.stderr.split('\n')[0]}\n`);
        continue;
      }
      const r = spawnSync(process.execPath, [CLI, 'layout', '--json', '--all-records', '--target', triple, join(dir, 'use.cpp')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(r.status, 0, r.stderr);
      const records = (JSON.parse(r.stdout) as { records: JsonRecord[] }).records;
      const names = new Set(records.map((x) => x.name));
      // The guards were read as C++: the C++-only records exist, the C-only one does not.
      for (const n of ['plain', 'only_cpp', 'modern', 'holder', 'sockaddr_in', 'z_stream_s', 'stat']) assert.ok(names.has(n), `${triple}: no record ${n}`);
      assert.ok(!names.has('only_c'), `${triple}: the C branch of #ifdef __cplusplus was taken`);
      const named = records.filter((x) => /^[A-Za-z_]\w*$/.test(x.name) && (x.kind === 'struct' || x.kind === 'union'));
      const unknown = named.filter((x) => x.size === undefined || x.align === undefined).map((x) => x.name);
      assert.deepEqual(unknown, [], `${triple}: records without a layout`);
      assert.ok(named.length >= 40, `${triple}: only ${named.length} named records`);
      // clang++ checks every figure: one static_assert per record, all reported at once.
      // `struct stat` needs its tag (a function is named stat too); a typedef of an unnamed struct must not have one.
      const spelled = (x: JsonRecord): string => {
        const line = readFileSync(x.file, 'utf8').split('\n')[x.line - 1] ?? '';
        return new RegExp(`\\b${x.kind}\\s+${x.name}\\b`).test(line) ? `${x.kind} ${x.name}` : x.name;
      };
      const checks = named.map((x) => `static_assert(sizeof(${spelled(x)}) == ${x.size} && alignof(${spelled(x)}) == ${x.align}, "${x.name}");`);
      writeFileSync(join(dir, 'check.cpp'), `#include "use.cpp"\n${checks.join('\n')}\n`);
      const c = spawnSync('clang++', [`--target=${triple}`, '-std=gnu++20', '-fsyntax-only', '-w', join(dir, 'check.cpp')], { encoding: 'utf8' });
      const failed = [...(c.stderr ?? '').matchAll(/static assertion failed[^"]*"(\w+)"/g)].map((m) => m[1]);
      assert.equal(c.status, 0, `${triple}: clang++ disagrees on ${failed.join(', ') || c.stderr.slice(0, 2000)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
