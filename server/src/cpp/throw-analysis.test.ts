// The per-body cache of the throw analysis: after edits (inside a body, shifting every body
// after it, changing a declaration), the cached analysis equals a fresh one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG, type SourceFile } from '../ide/analysis.ts';
import { generateCpp } from '../../../test/bench/cpp-bench.ts';
import { clearBodyCache, cppThrowAnalysis } from './throw-analysis.ts';

function everything(host: AnalysisHost, file: SourceFile): string {
  const ds = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code.startsWith('cpp-'));
  const a = cppThrowAnalysis(file.tree!, file.text);
  return JSON.stringify({ ds: ds.map((d) => [d.code, d.start, d.end, d.message, d.related, d.fixes]), provable: a.model.functions.map((f) => a.provablyNoThrow(f)) });
}

const LAMBDA = `\nextern "C" void sort_it(int* a, unsigned n) { qsort(a, n, sizeof *a, [](const void* x, const void* y) -> int { if (x == y) throw 1; return f3(0); }); }\n`;

test('after edits, the cached analysis equals a fresh one (bodies moved, a throw removed, a function added)', async () => {
  const host = await AnalysisHost.create();
  const text = `#include <cstdlib>\n${generateCpp(300)}${LAMBDA}`;
  const file = host.openFile('cache.cpp', 'cpp', text);
  const fresh = (t: string): string => {
    clearBodyCache();
    const f = host.openFile('fresh.cpp', 'cpp', t);
    try {
      return everything(host, f);
    } finally {
      f.dispose();
    }
  };
  try {
    everything(host, file);
    const edits: Array<(t: string) => { start: number; end: number; text: string }> = [
      // Inside an early body: every later body moves by the inserted length.
      (t) => { const at = t.indexOf('return f2(x - 1) + 1;'); return { start: at, end: at, text: 'x = x + 0;\n  ' }; },
      // A throw removed in the middle: callers' summaries change, the bodies of the others do not.
      (t) => { const at = t.indexOf('if (x < 0) throw std::runtime_error("deep"); '); return { start: at, end: at + 'if (x < 0) throw std::runtime_error("deep"); '.length, text: '' }; },
      // A new function: the context changes, every body is read again.
      (t) => ({ start: t.length, end: t.length, text: 'static int extra(int x) { return x ? f1(x) : 0; }\n' }),
    ];
    for (const edit of edits) {
      file.applyEdits([edit(file.text)]);
      const cached = everything(host, file);
      assert.equal(cached, fresh(file.text));
    }
    assert.match(everything(host, file), /cpp-throwing-c-callback/);
  } finally {
    file.dispose();
  }
});
