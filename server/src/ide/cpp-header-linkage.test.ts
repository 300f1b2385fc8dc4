import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LexCache, type FileSource } from '../preproc/preprocess.ts';
import { AnalysisHost, DEFAULT_CONFIG } from './analysis.ts';

const CODE = 'cpp-exception-escapes-c';

function memory(files: Record<string, string>): FileSource {
  return { read: (path) => (path in files ? { text: files[path]!, version: '1' } : undefined) };
}

const API_H = `#ifndef API_H
#define API_H
#ifdef __cplusplus
extern "C" {
#endif
int api_f(void);
int api_g(int x);
#ifdef __cplusplus
}
#endif
int cpp_only(void);
#endif
`;

const SRC = `#include "api.h"
#include <stdexcept>
int api_f(void) { throw 1; }
int cpp_only(void) { throw std::runtime_error("fine: C++ linkage"); }
`;

async function escapesIn(files: Record<string, string>, includeDirs: string[] = [], src = SRC): Promise<string[]> {
  const host = await AnalysisHost.create();
  host.setIncludeProvider({
    source: memory(files),
    cache: new LexCache(),
    settingsFor: () => ({ includeDirs, systemDirs: [], defines: [], undefines: [], forcedIncludes: [] }),
  });
  const file = host.openFile('/p/src/impl.cpp', 'cpp', src);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG, (what, e) => { throw new Error(`${what}: ${String(e)}`); })
      .filter((d) => d.code === CODE).map((d) => src.slice(d.start, d.end));
  } finally {
    file.dispose();
  }
}

test('a definition of a function an included header declares in extern "C" { } has C linkage', async () => {
  assert.deepEqual(await escapesIn({ '/p/src/api.h': API_H }), ['api_f']);
});

test('without the header (or with it declaring C++ linkage) the same definition is not reported', async () => {
  assert.deepEqual(await escapesIn({}), []);
  assert.deepEqual(await escapesIn({ '/p/src/api.h': API_H.replace(/extern "C" \{/, '').replace(/^\}$/m, '') }), []);
});

test('headers are found through -I directories and followed through the headers they include', async () => {
  assert.deepEqual(await escapesIn({ '/p/include/api.h': API_H }, ['/p/include']), ['api_f']);
  assert.deepEqual(await escapesIn({ '/p/src/outer.h': '#include "inner/api.h"\n', '/p/src/inner/api.h': API_H }, [], SRC.replace('"api.h"', '"outer.h"')), ['api_f']);
  // A single-declaration form: extern "C" on the declaration itself.
  assert.deepEqual(await escapesIn({ '/p/src/api.h': 'extern "C" int api_f(void);\n' }), ['api_f']);
});

test('include cycles and missing headers end', async () => {
  assert.deepEqual(await escapesIn({ '/p/src/api.h': `#include "api.h"\n#include "missing.h"\n${API_H}` }), ['api_f']);
});
