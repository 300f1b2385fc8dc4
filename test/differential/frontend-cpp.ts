// OUR whole pipeline for the C++ differential: C++ text through tree-sitter-cpp
// and lower/cpp (via server/src/ide/analysis.ts) into the layout engine.
import { layoutsOfC } from '../../server/src/ide/analysis.ts';
import type { LayoutAnswer } from '../../server/src/layout/types.ts';
import type { CppPipeline } from './compare-cpp.ts';

export const cppFrontEndPipeline: CppPipeline = async (corpus, target) => {
  const out = new Map<string, LayoutAnswer>();
  for (const r of await layoutsOfC(corpus.source, target.triple, 'cpp')) {
    if (!out.has(r.name)) out.set(r.name, r.layout);
  }
  return out;
};
