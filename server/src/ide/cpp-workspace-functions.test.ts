import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LexCache } from '../preproc/preprocess.ts';
import { AnalysisHost, DEFAULT_CONFIG, type Diagnostic } from './analysis.ts';

const CODE = 'cpp-exception-escapes-c';

/** A host whose workspace and include provider read `files` (paths, or `file://` URIs for the workspace). */
async function hostOver(files: Map<string, string>, includeDirs: string[] = []): Promise<AnalysisHost> {
  const host = await AnalysisHost.create({ readFile: (p) => files.get(p.startsWith('file:') ? fileURLToPath(p) : p) });
  host.setIncludeProvider({
    source: { read: (path) => (files.has(path) ? { text: files.get(path)!, version: files.get(path)! } : undefined) },
    cache: new LexCache(),
    settingsFor: () => ({ includeDirs, systemDirs: [], defines: [], undefines: [], forcedIncludes: [] }),
  });
  return host;
}

async function diagnose(files: Map<string, string>, path: string, includeDirs: string[] = [], host?: AnalysisHost): Promise<Diagnostic[]> {
  const h = host ?? await hostOver(files, includeDirs);
  const text = files.get(path.startsWith('file:') ? fileURLToPath(path) : path)!;
  const file = h.openFile(path, 'cpp', text);
  try {
    return h.diagnostics(file, DEFAULT_CONFIG, (what, e) => { throw new Error(`${what}: ${String(e)}`); }).filter((d) => d.code === CODE);
  } finally {
    file.dispose();
  }
}

const PARSER_HPP = '#pragma once\nint parse(const char* s);\nint parse(const char* s, int base);\n';
const PARSER_CPP = `#include "parser.hpp"
#include <stdexcept>
int parse(const char* s) { return s ? 1 : 0; }
int parse(const char* s, int base) {
  if (!s) throw std::invalid_argument("null");
  return base;
}
`;
const API_CPP = (call: string): string => `#include "parser.hpp"\nextern "C" int api(const char* s) { return ${call}; }\n`;

function workspace(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

test('a call into a function defined in another file of the workspace is followed, with the path into that file', async () => {
  const files = workspace({ '/p/src/parser.hpp': PARSER_HPP, '/p/src/parser.cpp': PARSER_CPP, '/p/src/api.cpp': API_CPP('parse(s, 10)') });
  const [d, ...more] = await diagnose(files, '/p/src/api.cpp');
  assert.equal(more.length, 0);
  assert.match(d!.message, /std::invalid_argument/);
  assert.deepEqual(d!.related.map((r) => [r.message, r.file?.path, r.file?.line]), [
    ['calls `parse` (defined in parser.cpp)', undefined, undefined],
    ['`throw std::invalid_argument("null");` throws std::invalid_argument', '/p/src/parser.cpp', 4],
  ]);
  // The step in the other file carries offsets there.
  const inner = d!.related[1]!;
  assert.equal(PARSER_CPP.slice(inner.start, inner.end), 'throw std::invalid_argument("null");');
});

test('overloads in the other file are told apart by argument count', async () => {
  const files = workspace({ '/p/src/parser.hpp': PARSER_HPP, '/p/src/parser.cpp': PARSER_CPP, '/p/src/api.cpp': API_CPP('parse(s)') });
  assert.deepEqual(await diagnose(files, '/p/src/api.cpp'), []);
});

test('a callee that catches what it throws, or is noexcept, is safe', async () => {
  const caught = PARSER_CPP.replace('if (!s) throw std::invalid_argument("null");', 'try { if (!s) throw std::invalid_argument("null"); } catch (const std::exception&) { return -1; }');
  assert.deepEqual(await diagnose(workspace({ '/p/src/parser.hpp': PARSER_HPP, '/p/src/parser.cpp': caught, '/p/src/api.cpp': API_CPP('parse(s, 10)') }), '/p/src/api.cpp'), []);
  const noexceptCpp = PARSER_CPP.replace('int parse(const char* s, int base) {', 'int parse(const char* s, int base) noexcept {');
  assert.deepEqual(await diagnose(workspace({ '/p/src/parser.hpp': PARSER_HPP, '/p/src/parser.cpp': noexceptCpp, '/p/src/api.cpp': API_CPP('parse(s, 10)') }), '/p/src/api.cpp'), []);
});

test('throws are followed across files transitively, and from include/ to src/', async () => {
  const files = workspace({
    '/p/include/parser.hpp': PARSER_HPP,
    '/p/src/parser.cpp': '#include "parser.hpp"\n#include "lexer.hpp"\nint parse(const char* s) { return next_token(s); }\nint parse(const char* s, int base) { return base; }\n',
    '/p/include/lexer.hpp': 'int next_token(const char* s);\n',
    '/p/src/lexer.cpp': '#include "lexer.hpp"\n#include <vector>\nstatic std::vector<int> toks;\nint next_token(const char* s) { return toks.at(s[0]); }\n',
    '/p/src/api.cpp': API_CPP('parse(s)'),
  });
  const [d] = await diagnose(files, '/p/src/api.cpp', ['/p/include']);
  assert.ok(d, 'reported');
  assert.deepEqual(d.related.map((r) => r.file?.path ?? 'api.cpp'), ['api.cpp', '/p/src/parser.cpp', '/p/src/lexer.cpp']);
  assert.match(d.related[1]!.message, /calls `next_token` \(defined in lexer\.cpp\)/);
});

test('methods of a class declared in a header and defined in its source file', async () => {
  const files = workspace({
    '/p/src/store.hpp': '#include <vector>\nclass Store { public: int get(int i) const; private: std::vector<int> v; };\n',
    '/p/src/store.cpp': '#include "store.hpp"\nint Store::get(int i) const { return v.at(i); }\n',
    '/p/src/api.cpp': '#include "store.hpp"\nstatic Store store;\nextern "C" int store_get(int i) { return store.get(i); }\n',
  });
  const [d] = await diagnose(files, '/p/src/api.cpp');
  assert.match(d?.message ?? '', /std::out_of_range/);
  assert.equal(d!.related[0]!.message, 'calls `Store::get` (defined in store.cpp)');
});

test('in the editor, other files are read and named by file:// URI', async () => {
  const files = workspace({ '/p/src/parser.hpp': PARSER_HPP, '/p/src/parser.cpp': PARSER_CPP, '/p/src/api.cpp': API_CPP('parse(s, 10)') });
  const [d] = await diagnose(files, 'file:///p/src/api.cpp');
  assert.equal(d?.related[1]?.file?.path, 'file:///p/src/parser.cpp');
});

test('a cycle of files ends, and an edit of the other file is seen', async () => {
  const files = workspace({
    '/p/a.hpp': 'int a_fn(int x);\n',
    '/p/a.cpp': '#include "a.hpp"\n#include "b.hpp"\nint a_fn(int x) { return x ? b_fn(x - 1) : 0; }\n',
    '/p/b.hpp': 'int b_fn(int x);\n',
    '/p/b.cpp': '#include "b.hpp"\n#include "a.hpp"\nint b_fn(int x) { return a_fn(x); }\n',
    '/p/api.cpp': '#include "a.hpp"\nextern "C" int api(int x) { return a_fn(x); }\n',
  });
  const host = await hostOver(files);
  assert.deepEqual(await diagnose(files, '/p/api.cpp', [], host), []);
  files.set('/p/b.cpp', '#include "b.hpp"\n#include "a.hpp"\nint b_fn(int x) { if (x > 9) throw 1; return a_fn(x); }\n');
  // What the server does when a watched file changes on disk.
  host.invalidateIncludes();
  const [d] = await diagnose(files, '/p/api.cpp', [], host);
  assert.match(d?.message ?? '', /int/);
});

test('without a workspace or include provider the file is analysed alone', async () => {
  const host = await AnalysisHost.create();
  const file = host.openFile('/p/src/api.cpp', 'cpp', API_CPP('parse(s, 10)'));
  try {
    assert.deepEqual(host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === CODE), []);
  } finally {
    file.dispose();
  }
});

test('with a workspace index (the editor), a file of any name that defines the callee is consulted', async () => {
  const files = workspace({
    '/p/lib/impl_all.cpp': '#include <stdexcept>\nint parse(const char* s, int base) { if (!s) throw std::out_of_range("s"); return base; }\nint lex(int c) { if (c < 0) throw std::domain_error("c"); return c; }\n',
    '/p/src/api.cpp': 'int parse(const char* s, int base);\nint lex(int c);\nextern "C" int api(const char* s) { return parse(s, 10); }\nextern "C" int api_lex(int c) { return lex(c); }\n',
  });
  const host = await hostOver(files);
  assert.deepEqual(await diagnose(files, '/p/src/api.cpp', [], host), [], 'no header leads to impl_all.cpp');
  host.setFunctionDefiners((name) => (name === 'parse' || name === 'lex' ? ['/p/lib/impl_all.cpp', '/p/lib/notes.txt'] : []));
  const [d, dLex] = await diagnose(files, '/p/src/api.cpp', [], host);
  assert.match(d?.message ?? '', /std::out_of_range/);
  // The same file, named by the index for a second name.
  assert.match(dLex?.message ?? '', /std::domain_error/);
  assert.equal(d!.related[1]!.file?.path, '/p/lib/impl_all.cpp');
});
