// OUR whole pipeline for the differential: C text through the front end
// (server/src/ide/analysis.ts) into the layout engine.
import { layoutsOfC } from '../../server/src/ide/analysis.ts';
import type { LayoutAnswer } from '../../server/src/layout/types.ts';
import type { Pipeline } from './compare.ts';

export const frontEndPipeline: Pipeline = async (corpus, target) => {
  const out = new Map<string, LayoutAnswer>();
  for (const r of await layoutsOfC(corpus.source, target.triple)) {
    // The first definition wins, as in clang (a redefinition is an error there).
    if (!out.has(r.name)) out.set(r.name, r.layout);
  }
  return out;
};
