// Layouts of generated repr(C) types (layout-corpus.ts) as our Rust front end
// and the shared engine give them, against rustc's size_of/align_of/offset_of!
// from a compiled and run program, on the host target.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { findTarget } from '../../server/src/layout/targets.ts';
import { isUnknown } from '../../server/src/layout/types.ts';
import { sharedHost } from '../support/fixture.ts';
import { layoutCorpus } from './layout-corpus.ts';
import { runProgram, skipWithoutRustc } from './rustc.ts';

const skip = skipWithoutRustc('Rust layout agreement test');
const SEEDS = [11, 22, 33];
const TYPES_PER_SEED = 120;

function hostTriple(): string | undefined {
  const r = spawnSync('rustc', ['-vV'], { encoding: 'utf8' });
  return /^host: (\S+)/m.exec(r.stdout ?? '')?.[1];
}

test('repr(C) layouts agree with rustc on the host target', { skip }, async () => {
  const triple = hostTriple();
  const target = triple ? findTarget(triple) : undefined;
  assert.ok(target, `the host ${triple} is not one of FFI Lens's targets`);
  const host = await sharedHost();
  let compared = 0;
  let types = 0;
  const mismatches: string[] = [];
  for (const seed of SEEDS) {
    const corpus = layoutCorpus(seed, TYPES_PER_SEED);
    const expected = new Map<string, string>();
    for (const line of runProgram(corpus.program).trim().split('\n')) {
      const at = line.indexOf(' ');
      expected.set(line.slice(0, at), line.slice(at + 1));
    }
    const file = host.openFile('corpus.rs', 'rust', corpus.source);
    try {
      const rust = host.rustAnalysis(file)!;
      const model = rust.model(target);
      const engine = rust.engine(target);
      const bySpanName = new Map<string, number>();
      for (const [adt, id] of model.declOf) bySpanName.set(adt.ctx.module ? `${adt.ctx.module}::${adt.name}` : adt.name, id);
      for (const g of corpus.types) {
        types++;
        const id = bySpanName.get(g.path);
        if (id === undefined) {
          mismatches.push(`${seed}/${g.path}: not modelled`);
          continue;
        }
        const decl = model.table.get(id);
        const info = decl.decl === 'enum' ? engine.typeInfo({ kind: 'enum', id }) : engine.record(id);
        const want = expected.get(g.path);
        if (isUnknown(info)) {
          mismatches.push(`${seed}/${g.path}: unknown (${info.unknown}), rustc ${want}`);
          continue;
        }
        compared++;
        if (`${info.size} ${info.align}` !== want) mismatches.push(`${seed}/${g.path}: size/align ${info.size} ${info.align}, rustc ${want}`);
        if (decl.decl === 'record') {
          const layout = engine.record(id);
          if (isUnknown(layout)) continue;
          for (const f of g.fields) {
            compared++;
            const field = layout.fields.find((x) => x.path === f && x.depth === 0);
            const got = field ? String(field.offsetBits / 8) : 'missing';
            if (got !== expected.get(`${g.path}.${f}`)) mismatches.push(`${seed}/${g.path}.${f}: offset ${got}, rustc ${expected.get(`${g.path}.${f}`)}`);
          }
        }
      }
    } finally {
      file.dispose();
    }
  }
  process.stdout.write(`# Rust layouts vs rustc on ${triple}: ${types} types, ${compared} sizes/offsets compared, ${mismatches.length} mismatches\n`);
  assert.deepEqual(mismatches.slice(0, 30), []);
});
