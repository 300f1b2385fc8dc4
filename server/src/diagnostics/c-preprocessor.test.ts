import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf } from '../../../test/support/diagnostics.ts';
import { AnalysisHost, DEFAULT_CONFIG } from '../ide/analysis.ts';
import { LexCache, type FileSource } from '../preproc/preprocess.ts';

const CODE = 'c-preprocessor';

test('a file without includes: unterminated #if, stray #else, #error and a recursive macro are reported where written', async () => {
  const src = '#define LOOP LOOP + 1\nint x[LOOP];\n#if FOO\nstruct A { int a; };\n#else\n#else\n';
  const ds = await diagnosticsOf(src, CODE);
  const at = (d: { start: number; end: number }) => src.slice(d.start, d.end);
  assert.ok(ds.some((d) => /#if without #endif/.test(d.message) && at(d) === '#if FOO' && d.severity === 'error'), JSON.stringify(ds));
  assert.ok(ds.some((d) => /#else after #else/.test(d.message)));
  assert.ok(ds.some((d) => /macro `LOOP` refers to itself/.test(d.message) && at(d).startsWith('LOOP') && d.severity === 'information'));
  const err = await diagnosticsOf('#error "unsupported platform"\nint x;\n', CODE);
  assert.equal(err.length, 1);
  assert.match(err[0]!.message, /#error "unsupported platform"/);
});

test('a file that preprocesses cleanly has none', async () => {
  assert.deepEqual(await diagnosticsOf('#define N 4\n#if N > 2\nstruct A { int a[N]; };\n#endif\n', CODE), []);
});

test('a C++ file\'s directives see the C++ predefined macros (clang++ -std=gnu++20), a C file\'s the C ones', async () => {
  const src = '#ifndef __cplusplus\n#error "C++ only"\n#endif\n#if __cplusplus < 201103L\n#error "C++11 needed"\n#endif\n'
    + '#ifdef __STDC_VERSION__\n#error "not in C++"\n#endif\n#if !defined(__cpp_constexpr) || !defined(__GXX_RTTI)\n#error "C++ features"\n#endif\nstruct s { long a; };\n';
  const host = await AnalysisHost.create();
  const messages = (path: string, language: 'c' | 'cpp', triple?: string): string[] => {
    const file = host.openFile(path, language, src);
    try {
      const config = triple ? { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.filter((t) => t.triple === triple) } : DEFAULT_CONFIG;
      return host.diagnostics(file, config).filter((d) => d.code === CODE).map((d) => d.message);
    } finally {
      file.dispose();
    }
  };
  assert.deepEqual(messages('/p/a.cpp', 'cpp'), []);
  assert.deepEqual(messages('/p/a.c', 'c'), ['#error "C++ only"', '#error "C++11 needed"', '#error "not in C++"', '#error "C++ features"']);
  // MSVC's C++ predefines no __GXX_RTTI (it has _CPPRTTI): the same file is an error there.
  const msvc = DEFAULT_CONFIG.targets.find((t) => t.family === 'msvc');
  assert.ok(msvc, 'DEFAULT_CONFIG has an MSVC target');
  assert.deepEqual(messages('/p/b.cpp', 'cpp', msvc.triple), ['#error "C++ features"']);
});

function memory(files: Record<string, string>): FileSource {
  return { read: (p) => (files[p] !== undefined ? { text: files[p]!, version: '1' } : undefined) };
}

test('problems inside headers are reported at the #include, naming the header and line', async () => {
  const host = await AnalysisHost.create();
  const files: Record<string, string> = {
    '/p/a.h': '#include "b.h"\n',
    '/p/b.h': '#include "a.h"\n',
    '/p/open.h': 'struct S { int s; };\n#if 1\n',
  };
  for (let i = 0; i < 1000; i++) files[`/p/d${i}.h`] = `#include "d${i + 1}.h"\n`;
  host.setIncludeProvider({
    source: memory(files),
    cache: new LexCache(),
    settingsFor: () => ({ includeDirs: [], systemDirs: [], defines: [], undefines: [], forcedIncludes: [] }),
  });
  const src = '#include "missing.h"\n#include "a.h"\n#include "d0.h"\n#include "open.h"\nstruct T { struct S s; };\n';
  const file = host.openFile('/p/main.c', 'c', src);
  try {
    const ds = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === CODE);
    const line = (d: { start: number }) => src.slice(0, d.start).split('\n').length;
    const find = (re: RegExp) => ds.find((d) => re.test(d.message));
    assert.equal(line(find(/cannot find the include file "missing\.h"/)!), 1);
    assert.equal(line(find(/#include cycle/)!), 2);
    assert.equal(line(find(/nested more than 200 levels/)!), 3);
    const open = find(/#if without #endif/)!;
    assert.equal(line(open), 4);
    assert.match(open.message, /^\/p\/open\.h:2: /);
    // The server keeps answering: the record from the header still lays out.
    const t = host.records(file, DEFAULT_CONFIG.targets[0]!).find((r) => r.name === 'T')!;
    assert.ok(!('unknown' in t.layout) && t.layout.size === 4);
  } finally {
    file.dispose();
  }
});

test('includes that were not followed (a C++ file, no include provider) are not reported missing; structure still is', async () => {
  const { openC } = await import('../../../test/support/fixture.ts');
  for (const path of ['counter.cpp', 'plain.c']) {
    const { host, file } = await openC('#include <vector>\n#include "api.h"\n#if X\nint a;\n', path);
    try {
      const ds = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === CODE);
      assert.ok(!ds.some((d) => /cannot find the include file/.test(d.message)), `${path}: ${JSON.stringify(ds)}`);
      assert.ok(ds.some((d) => /#if without #endif/.test(d.message)), `${path}: ${JSON.stringify(ds)}`);
    } finally {
      file.dispose();
    }
  }
});
