// `node --import tsx test/bench/cpp-bench.ts [functions]`: time of the C++ exception
// analysis (all cpp-* diagnostics) on a generated file: call chains written callee-last
// (the worst order for propagation), classes with overrides, try/catch, C-linkage entry
// points. Not a test; figures for BENCHMARKS.md.
import { AnalysisHost, DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';

export function generateCpp(functions: number): string {
  const out = ['#include <stdexcept>', '#include <vector>', 'static std::vector<int> items;'];
  for (let c = 0; c < functions / 50; c++) {
    out.push(`struct Base${c} { virtual ~Base${c}() {} virtual int run(int x) { return x; } };`);
    out.push(`struct Derived${c} : Base${c} { int run(int x) override { return items.at(x); } };`);
  }
  for (let i = 0; i < functions; i++) {
    out.push(`static int f${i}(int x);`);
  }
  for (let i = 0; i < functions; i++) {
    const next = i + 1 < functions && i % 100 !== 99 ? `f${i + 1}(x - 1)` : 'x';
    const body = i % 7 === 0 ? `try { return ${next}; } catch (const std::out_of_range&) { return -1; }`
      : i % 100 === 99 ? `if (x < 0) throw std::runtime_error("deep"); return ${next};` : `return ${next} + 1;`;
    out.push(`static int f${i}(int x) { ${body} }`);
    if (i % 10 === 0) out.push(`extern "C" int api${i}(int x, Base${Math.floor(i / 50)}* b) { return f${i}(x) + b->run(x); }`);
  }
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5000);
  const text = generateCpp(n);
  const host = await AnalysisHost.create();
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const file = host.openFile('bench.cpp', 'cpp', text);
    const t1 = performance.now();
    const ds = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code.startsWith('cpp-'));
    const t2 = performance.now();
    console.log(`${n} functions, ${text.split('\n').length} lines: parse ${(t1 - t0).toFixed(0)} ms, cpp diagnostics ${(t2 - t1).toFixed(0)} ms, ${ds.length} reported`);
    file.dispose();
  }
}

if (process.argv[1]?.endsWith('cpp-bench.ts')) void main();
