import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preprocess, type FileSource, type PreprocessOptions } from './preprocess.ts';
import { parseSearchList, systemDirsFor } from './system.ts';
import { splitCommand, parseCompilerArgs } from './compile-flags.ts';

function memory(files: Record<string, string>): FileSource {
  return { read: (p) => (files[p] !== undefined ? { text: files[p]!, version: '1' } : undefined) };
}

const OPTIONS: PreprocessOptions = { includeDirs: ['/inc'], systemDirs: ['/sys'], predefined: '#define __x86_64__ 1\n#define __SIZEOF_LONG__ 8\n' };

function run(main: string, files: Record<string, string> = {}, options: Partial<PreprocessOptions> = {}) {
  return preprocess('/src/main.c', main, { ...OPTIONS, ...options }, memory(files));
}

/** The expanded text with whitespace collapsed, for comparisons. */
const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

test('object- and function-like macros, # and ##, __VA_ARGS__ and the GNU comma', () => {
  const r = run([
    '#define N 4',
    '#define CAT(a, b) a ## b',
    '#define STR(x) #x',
    '#define F(fmt, ...) f(fmt, ## __VA_ARGS__)',
    '#define G(...) g(__VA_ARGS__)',
    'int CAT(x, N)[N]; const char *s = STR(a  "b" c);',
    'F(1); F(1, 2, 3); G(); G(a, (b, c));',
  ].join('\n'));
  assert.equal(flat(r.text), 'int xN[4]; const char *s = "a \\"b\\" c"; f(1); f(1, 2, 3); g(); g(a, (b, c));');
  assert.deepEqual(r.problems, []);
});

test('rescanning: a macro is not expanded inside itself, but other macros are', () => {
  const r = run(['#define A B A', '#define B 1 +', 'int x = A;'].join('\n'));
  assert.equal(flat(r.text), 'int x = 1 + A;');
  // The file defines a macro that refers to itself: said, once, as information.
  assert.deepEqual(r.problems.map((p) => p.severity), ['information']);
  assert.match(r.problems[0]!.message, /macro `A` refers to itself/);
});

test('a function-like macro use may span lines; a name without ( is left alone', () => {
  const r = run(['#define M(a, b) (a + b)', 'int x = M(1,', '  2); int M;'].join('\n'));
  assert.equal(flat(r.text), 'int x = (1 + 2); int M;');
});

test('#if with defined, arithmetic, unsigned comparison, #elif/#else and target macros', () => {
  const r = run([
    '#if defined(__x86_64__) && __SIZEOF_LONG__ * 8 == 64',
    'int a;',
    '#endif',
    '#if -1 > 0u',
    'int unsigned_wins;',
    '#elif 1',
    'int no;',
    '#endif',
    '#ifdef UNDEFINED',
    'int no2;',
    '#elif !defined UNDEFINED && (1 ? 2 : 3) == 2',
    'int b;',
    '#else',
    'int no3;',
    '#endif',
  ].join('\n'));
  assert.equal(flat(r.text), 'int a; int unsigned_wins; int b;');
});

test('includes: quote dirs, -I, system dirs, include guards, #pragma once, #include_next, __has_include', () => {
  const r = run('#include "local.h"\n#include <a.h>\n#include <a.h>\n#include <once.h>\n#include <once.h>\n#include <next.h>\n#if __has_include(<missing.h>)\nint no;\n#endif\n', {
    '/src/local.h': 'int local;',
    '/inc/a.h': '#ifndef A_H\n#define A_H\nint a;\n#endif\n',
    '/inc/once.h': '#pragma once\nint once;',
    '/inc/next.h': 'int first;\n#include_next <next.h>',
    '/sys/next.h': 'int second;',
  });
  assert.equal(flat(r.text), 'int local; int a; int once; int first; int second;');
  assert.deepEqual(r.problems, []);
});

test('the source map leads every token back to its file and offset; expansions to the macro use', () => {
  const main = '#include <t.h>\n#define W T\nW y;\n';
  const r = run(main, { '/inc/t.h': 'typedef int T;\n' });
  const atT = r.map.origin(r.text.indexOf('typedef'))!;
  assert.equal(r.files[atT.file], '/inc/t.h');
  assert.equal(atT.offset, 0);
  const atW = r.map.origin(r.text.lastIndexOf('T'))!;
  assert.equal(r.files[atW.file], '/src/main.c');
  assert.equal(atW.offset, main.indexOf('W y'));
});

test('#pragma pack is kept for the lowering; _Pragma("pack(...)") becomes one', () => {
  const r = run('#pragma pack(push, 1)\n#define P _Pragma("pack(pop)")\nstruct s { char c; };\nP\n');
  assert.match(r.text, /^#pragma pack\(push, 1\)$/m);
  assert.match(r.text, /^#pragma pack\(pop\)$/m);
});

test('bad input gives problems, never a throw: missing include, cycle, depth, unterminated #if, #error, stray #endif', () => {
  const deep: Record<string, string> = {};
  for (let i = 0; i < 1000; i++) deep[`/inc/d${i}.h`] = `#include "d${i + 1}.h"\n`;
  const r = run('#include <nope.h>\n#include <c1.h>\n#include <d0.h>\n#if 1\n#error stop here\n#endif\n#endif\n#if 1\nint x;\n', {
    ...deep,
    '/inc/c1.h': '#include "c2.h"\n',
    '/inc/c2.h': '#include "c1.h"\n',
  });
  const messages = r.problems.map((p) => p.message).join('\n');
  assert.match(messages, /cannot find the include file <nope\.h>/);
  assert.match(messages, /#include cycle: .*c1\.h -> .*c2\.h -> .*c1\.h/);
  assert.match(messages, /#include nested more than 200 levels deep/);
  assert.match(messages, /#error stop here/);
  assert.match(messages, /#endif without #if/);
  assert.match(messages, /#if without #endif/);
  // Problems in headers are reported at the main file's #include that led there.
  const cycle = r.problems.find((p) => /cycle/.test(p.message))!;
  assert.equal(cycle.mainOffset, '#include <nope.h>\n'.length);
  assert.match(r.text, /int x;/);
});

test('limits end preprocessing with a problem: expansions and output size', () => {
  // Each level doubles: 2^30 tokens would never finish.
  const lines = ['#define L0 x'];
  for (let i = 1; i <= 30; i++) lines.push(`#define L${i} L${i - 1} L${i - 1}`);
  lines.push('L30');
  const r = run(lines.join('\n'), {}, { limits: { expansions: 100_000 } });
  assert.match(r.problems.map((p) => p.message).join('\n'), /more than 100000 macro expansions/);
  const big = run(lines.join('\n'), {}, { limits: { outputChars: 10_000 } });
  assert.match(big.problems.map((p) => p.message).join('\n'), /larger than 10000 characters/);
});

test('system directories: parsed from cc -E -v; a cross target swaps the multiarch folder', () => {
  const dirs = parseSearchList('#include "..." search starts here:\n#include <...> search starts here:\n /usr/lib/gcc/x86_64-linux-gnu/12/include\n /usr/local/include\n /usr/include/x86_64-linux-gnu\n /usr/include\nEnd of search list.\n');
  assert.deepEqual(dirs, ['/usr/lib/gcc/x86_64-linux-gnu/12/include', '/usr/local/include', '/usr/include/x86_64-linux-gnu', '/usr/include']);
  assert.deepEqual(systemDirsFor('x86_64-unknown-linux-gnu', dirs), dirs);
  // No /usr/include/powerpc-linux-gnu on this machine: the host's multiarch folder is dropped, never kept.
  assert.ok(!systemDirsFor('powerpc-unknown-linux-gnu', dirs).includes('/usr/include/x86_64-linux-gnu'));
});

test('compile flags: -I -D -U -include --target -m32, and shell-quoted commands', () => {
  const f = parseCompilerArgs(splitCommand(`-Iinc -I /abs -DX=1 -D 'Y="a b"' -UZ -include pre.h --target=aarch64-unknown-linux-gnu -c x.c`), '/proj');
  assert.deepEqual(f.includeDirs, ['/proj/inc', '/abs']);
  assert.deepEqual(f.defines, [['X', '1'], ['Y', '"a b"']]);
  assert.deepEqual(f.undefines, ['Z']);
  assert.deepEqual(f.forcedIncludes, ['/proj/pre.h']);
  assert.equal(f.target, 'aarch64-unknown-linux-gnu');
  assert.equal(parseCompilerArgs(['-m32'], '/').target, 'i686-unknown-linux-gnu');
});

test('tokens that would read as one when written together get a space between them (and only those)', () => {
  const r = run([
    '#define NEG -1',
    '#define PLUS +',
    '#define ID(x) x',
    '#define CAT(a, b) a ## b',
    'int a = -NEG; int b = 1 PLUS+2; int c = x/ID(*)y; int d = ID(a)ID(b); float e = .ID(5); int f = x-ID(>)y; int g = CAT(p, q)(1);',
    'int h = ID(<)ID(:) ID(%)ID(>) ID(&)ID(&)ID(1);',
  ].join('\n'));
  assert.equal(flat(r.text), 'int a = - -1; int b = 1 + +2; int c = x/ *y; int d = a b; float e = . 5; int f = x- >y; int g = pq(1); int h = < : % > & &1;');
});

test('a preamble keeps its macros while its own run and the runs resumed from it change theirs', () => {
  const files = { '/inc/h.h': '#define A 1\n#define B 2\n' };
  const main = '#include "h.h"\nint x = A;\n#undef A\n#define B 3\n#define C 4\n';
  const first = run(main, files, { mainDirectivesOnly: true });
  assert.deepEqual([...first.macros()].filter(([n]) => /^[ABC]$/.test(n)), [['B', '3'], ['C', '4']]);
  for (let k = 0; k < 2; k++) {
    const again = run(main, files, { resume: first.preamble });
    assert.equal(again.resumed, true);
    assert.equal(flat(again.text), 'int x = 1;');
    assert.deepEqual([...again.macros()].filter(([n]) => /^[ABC]$/.test(n)), [['B', '3'], ['C', '4']]);
  }
  const edited = run('#include "h.h"\nint y = A + B;\n', files, { resume: first.preamble });
  assert.equal(edited.resumed, true);
  assert.equal(flat(edited.text), 'int y = 1 + 2;');
  assert.deepEqual([...edited.macros()].filter(([n]) => /^[ABC]$/.test(n)), [['A', '1'], ['B', '2']]);
});
