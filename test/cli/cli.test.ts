// The built CLI, as users and CI run it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'ffi-lens.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SRC = `typedef struct { char tag; struct { short x; } pt; union { int i; float f; }; unsigned flags : 3; } Item;
struct Msg { long len; char data[0]; };
`;

test('layout --json: records, fields, dotted members, bit-fields', () => {
  const path = tempFile('a.c', SRC);
  const r = run(['layout', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  const { records } = JSON.parse(r.stdout) as { records: Array<{ name: string; kind: string; line: number; size: number; align: number; fields: Array<Record<string, number | string>> }> };
  assert.deepEqual(records.map((x) => [x.name, x.kind, x.line, x.size, x.align]), [['Item', 'struct', 1, 12, 4], ['Msg', 'struct', 2, 8, 8]]);
  assert.deepEqual(records[0]!.fields, [
    { name: 'tag', offset: 0, size: 1 },
    { name: 'pt', offset: 2, size: 2 },
    { name: 'pt.x', offset: 2, size: 2 },
    { name: 'i', offset: 4, size: 4 },
    { name: 'f', offset: 4, size: 4 },
    { name: 'flags', offset: 8, size: 1, bitOffset: 64, bitWidth: 3 },
  ]);
});

test('layout --json on C++: the vtable pointer and bases are entries; Itanium reuses tail padding, MSVC does not', () => {
  const path = tempFile('a.cpp', 'struct A { virtual void f(); int x; };\nclass NP { public: NP(); int i; char c; };\nstruct D : NP { char d; };\nstruct V : virtual A {};\n');
  const linux = run(['layout', '--json', path]);
  assert.equal(linux.code, 0, linux.stderr);
  const recs = (JSON.parse(linux.stdout) as { records: Array<{ name: string; size: number | null; unknown?: string; fields: Array<Record<string, number | string>> }> }).records;
  assert.deepEqual(recs.find((x) => x.name === 'A')!.fields, [
    { name: '(vptr)', offset: 0, size: 8, subobject: 'vptr' },
    { name: 'x', offset: 8, size: 4 },
  ]);
  assert.deepEqual(recs.find((x) => x.name === 'D')!.fields.map((f) => [f.name, f.offset]), [['(base NP)', 0], ['(base NP).i', 0], ['(base NP).c', 4], ['d', 5]]);
  assert.match(recs.find((x) => x.name === 'V')!.unknown ?? '', /virtual bases are not modelled/);
  const win = run(['layout', '--json', '--target', 'x86_64-pc-windows-msvc', path]);
  const d = (JSON.parse(win.stdout) as { records: Array<{ name: string; fields: Array<Record<string, number | string>> }> }).records.find((x) => x.name === 'D')!;
  assert.deepEqual(d.fields.at(-1), { name: 'd', offset: 8, size: 1 });
  // A .h file stays C: the same text there is not read as C++.
  const h = run(['layout', '--json', tempFile('b.h', 'struct E {};\n')]);
  assert.equal((JSON.parse(h.stdout) as { records: Array<{ size: number }> }).records[0]!.size, 0);
});

test('layout --all-targets --json is keyed by triple', () => {
  const path = tempFile('a.c', SRC);
  const r = run(['layout', '--all-targets', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  const { targets } = JSON.parse(r.stdout) as { targets: Record<string, { records: Array<{ name: string; size: number }> }> };
  assert.equal(Object.keys(targets).length, 6);
  assert.equal(targets['x86_64-pc-windows-msvc']!.records.find((x) => x.name === 'Msg')!.size, 4);
  assert.equal(targets['x86_64-unknown-linux-gnu']!.records.find((x) => x.name === 'Msg')!.size, 8);
});

test('check --json lists diagnostics with 1-based positions; warnings alone exit 0', () => {
  const path = tempFile('a.c', SRC);
  const r = run(['check', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  const found = JSON.parse(r.stdout) as Array<Record<string, string | number>>;
  assert.deepEqual(found, [{ file: path, line: 2, column: 29, endLine: 2, endColumn: 36, severity: 'warning', code: 'c-zero-length-array', message: '`data[0]` is a GNU zero-length array; write `data[]` (a C99 flexible array member)' }]);
});

test('check on a C++ file follows a call into another file of the project on disk (parser.cpp beside parser.hpp)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-cli-'));
  writeFileSync(join(dir, 'parser.hpp'), 'int parse(const char* s);\n');
  writeFileSync(join(dir, 'parser.cpp'), '#include "parser.hpp"\n#include <stdexcept>\nint parse(const char* s) {\n  if (!s) throw std::invalid_argument("null");\n  return 1;\n}\n');
  const api = join(dir, 'api.cpp');
  writeFileSync(api, '#include "parser.hpp"\nextern "C" int api(const char* s) { return parse(s); }\n');
  const r = run(['check', '--json', api]);
  assert.equal(r.code, 0, r.stderr);
  const found = JSON.parse(r.stdout) as Array<{ code: string; related?: Array<{ file: string; line: number; message: string }> }>;
  const escape = found.find((d) => d.code === 'cpp-exception-escapes-c');
  assert.ok(escape, r.stdout);
  assert.deepEqual(escape.related?.map((x) => [x.file, x.line]), [[api, 2], [join(dir, 'parser.cpp'), 4]]);
});

test('check --sarif is SARIF 2.1.0 with rules and results', () => {
  const path = tempFile('a.c', SRC);
  const r = run(['check', '--sarif', path]);
  const log = JSON.parse(r.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs[0]!.tool.driver.rules.some((x) => x.id === 'c-zero-length-array'));
  assert.equal(log.runs[0]!.results[0]!.ruleId, 'c-zero-length-array');
  assert.equal(log.runs[0]!.results[0]!.level, 'warning');
  assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine, 2);
});

test('check --fix rewrites the file and reports it; a second run finds nothing', () => {
  const path = tempFile('a.c', SRC);
  const r = run(['check', '--fix', path]);
  assert.match(r.stderr, /fixed .*a\.c:2: c-zero-length-array/);
  assert.match(readFileSync(path, 'utf8'), /char data\[\];/);
  assert.match(run(['check', path]).stdout, /^0 problems/m);
});

test('an unknown target and a missing file are usage errors with a clear message', () => {
  const path = tempFile('a.c', SRC);
  const bad = run(['layout', '--target', 'sparc-sun-solaris', path]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown target "sparc-sun-solaris"; known targets: x86_64-unknown-linux-gnu/);
  const missing = run(['check', '/nonexistent/file.c']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory: \/nonexistent\/file\.c/);
});

test('random bytes and deep nesting: a report, not a crash', () => {
  const bytes = Buffer.alloc(64 * 1024);
  let seed = 7;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  const noise = tempFile('noise.c', bytes.toString('latin1'));
  assert.equal(run(['check', noise]).code, 0);
  const deep = tempFile('deep.c', 'struct S ' + '{ struct '.repeat(10_000) + '}'.repeat(10_000) + ';');
  const r = run(['layout', deep]);
  assert.equal(r.code, 0, r.stderr);
});

test('check on 126,000 findings in one file reports every one (more than a spread call can pass)', () => {
  const path = tempFile('many.c', Array.from({ length: 126_000 }, (_, i) => `struct s${i} { int n; char a[0]; };`).join('\n'));
  const r = run(['check', path]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /\n126000 problems \(0 errors\) in 1 file\n$/);
});

test('layout on 24 levels of structs embedding the previous one twice: capped lists that say so, valid JSON', () => {
  let text = 'struct L0 { int a; int b; };\n';
  for (let i = 1; i <= 24; i++) text += `struct L${i} { struct L${i - 1} x; struct L${i - 1} y; };\n`;
  const path = tempFile('doubling.c', text);
  const r = run(['layout', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  type Rec = { name: string; size: number; truncated?: number; fields: Array<{ name: string; offset: number; size: number }> };
  const { records } = JSON.parse(r.stdout) as { records: Rec[] };
  assert.equal(records.length, 25);
  const byName = new Map(records.map((x) => [x.name, x]));
  // L9 has 2^11 - 2 = 2046 entries: listed in full, no `truncated`.
  const l9 = byName.get('L9')!;
  assert.equal(l9.fields.length, 2046);
  assert.equal('truncated' in l9, false);
  // L24 has 2^26 - 2: 4096 listed, the rest counted; both own members listed, offsets exact.
  const l24 = byName.get('L24')!;
  assert.equal(l24.size, 8 * 2 ** 24);
  assert.equal(l24.fields.length, 4096);
  assert.equal(l24.truncated, 2 ** 26 - 2 - 4096);
  assert.deepEqual(l24.fields.filter((f) => !f.name.includes('.')).map((f) => [f.name, f.offset, f.size]), [['x', 0, 4 * 2 ** 24], ['y', 4 * 2 ** 24, 4 * 2 ** 24]]);
  assert.deepEqual(l24.fields.find((f) => f.name === 'x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.b'), { name: 'x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.b', offset: 4, size: 4 });

  const textOut = run(['layout', path]);
  assert.equal(textOut.code, 0, textOut.stderr);
  assert.match(textOut.stdout, new RegExp(`struct L24 .*size ${8 * 2 ** 24}, align 4\\n`));
  assert.match(textOut.stdout, new RegExp(`… ${2 ** 26 - 2 - 4096} nested member entries not listed \\(at most 4096 per record\\)`));
  assert.doesNotMatch(textOut.stdout.slice(0, textOut.stdout.indexOf('struct L10 ')), /not listed/);
});

test('check: a file compiled with -m32 in compile_commands.json is checked for i686 unless --target says otherwise', () => {
  const path = tempFile('m32.c', '#if !defined(__i386__)\n#error "built for 32-bit x86 only"\n#endif\nstruct s { long a; void *p; };\n');
  const dir = join(path, '..');
  writeFileSync(join(dir, 'compile_commands.json'), JSON.stringify([{ directory: dir, file: 'm32.c', arguments: ['cc', '-m32', '-c', 'm32.c'] }]));
  const codes = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as Array<{ code: string; message: string }>).map((d) => `${d.code}: ${d.message}`);
  const fromFile = run(['check', '--json', '--compile-commands', dir, path]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(codes(fromFile), []);
  const explicit = run(['check', '--json', '--target', 'x86_64-unknown-linux-gnu', '--compile-commands', dir, path]);
  assert.equal(explicit.code, 1);
  assert.deepEqual(codes(explicit), ['c-preprocessor: #error "built for 32-bit x86 only"']);
});
