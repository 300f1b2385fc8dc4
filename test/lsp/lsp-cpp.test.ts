// The built server on a C++ document over stdio: an exception thrown in another
// file of the project (the file defining what an included header declares)
// escapes an extern "C" function; the related information walks into that file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lsp-client.ts';

describe('LSP server on C++', () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start();
  });
  after(async () => {
    await s.stop();
  });

  it('a throw in another file of the workspace: the related information points into that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-cpp-'));
    writeFileSync(join(dir, 'parser.hpp'), 'int parse(const char* s);\n');
    writeFileSync(join(dir, 'parser.cpp'), '#include "parser.hpp"\n#include <stdexcept>\nint parse(const char* s) {\n  if (!s) throw std::invalid_argument("null");\n  return 1;\n}\n');
    const api = '#include "parser.hpp"\nextern "C" int api(const char* s) { return parse(s); }\n';
    writeFileSync(join(dir, 'api.cpp'), api);
    const uri = pathToFileURL(join(dir, 'api.cpp')).href;
    await s.open(uri, api, 'cpp');
    const published = await s.diagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'cpp-exception-escapes-c'));
    const d = published.diagnostics.find((x) => x.code === 'cpp-exception-escapes-c')!;
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character]), [
      [uri, 1, 43],
      [pathToFileURL(join(dir, 'parser.cpp')).href, 3, 10],
    ]);
  });
  it('a throw in a file only the workspace index names (not found from the header\'s name): found once indexing ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-cpp-index-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'decls.hpp'), 'int load_config(const char* path);\n');
    writeFileSync(join(dir, 'lib', 'engine.cpp'), '#include "../decls.hpp"\n#include <stdexcept>\nint load_config(const char* path) {\n  if (!path) throw std::runtime_error("no path");\n  return 0;\n}\n');
    const main = '#include "decls.hpp"\nextern "C" int start(const char* p) { return load_config(p); }\n';
    writeFileSync(join(dir, 'main.cpp'), main);
    const indexed = await LspSession.start(undefined, [], { rootUri: pathToFileURL(dir).toString() });
    try {
      const uri = pathToFileURL(join(dir, 'main.cpp')).href;
      await indexed.open(uri, main, 'cpp');
      const published = await indexed.diagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'cpp-exception-escapes-c'));
      const d = published.diagnostics.find((x) => x.code === 'cpp-exception-escapes-c')!;
      assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [
        [uri, 1],
        [pathToFileURL(join(dir, 'lib', 'engine.cpp')).href, 3],
      ]);
    } finally {
      await indexed.stop();
    }
  });
});
