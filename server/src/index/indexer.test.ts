import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IndexJob, type IncludeFollowing } from './indexer.ts';
import { indexTextWithIncludes, SymbolIndex } from './symbol-index.ts';

it('lists every #include of a file as written, both sides of #if, without macro-named ones', () => {
  const text = '#include <sys/types.h>\n#if X\n# include "local.h"\n#else\n#include_next <limits.h>\n#endif\n#include HEADER\nstruct s { int a; };\n';
  const { entries, includes } = indexTextWithIncludes(text);
  assert.deepEqual(includes, [
    { name: 'sys/types.h', angled: true, next: false },
    { name: 'local.h', angled: false, next: false },
    { name: 'limits.h', angled: true, next: true },
  ]);
  assert.deepEqual(entries.map((e) => e.name), ['s']);
});

describe('IndexJob follows includes', () => {
  let root: string;
  const follow = (over: Partial<IncludeFollowing> = {}): IncludeFollowing => ({
    includeDirs: [join(root, 'extra')], systemDirLists: [[join(root, 'sys1'), join(root, 'sys2')]], compileCommandsRoots: [], maxHeaders: 100, ...over,
  });
  const run = (f?: IncludeFollowing): { index: SymbolIndex; job: IndexJob } => {
    const index = new SymbolIndex();
    const job = new IndexJob(index, [join(root, 'ws')], f);
    while (!job.step(50));
    return { index, job };
  };
  const where = (index: SymbolIndex, name: string): string[] => index.lookup(name).map((h) => h.path.slice(root.length + 1));

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'ffi-lens-indexer-'));
    for (const d of ['ws/sub', 'extra', 'sys1', 'sys2', 'sys32']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'ws', 'a.c'), '#include "sub/near.h"\n#include <extra.h>\n#include <wrapped.h>\n#include <arch.h>\n');
    writeFileSync(join(root, 'ws', 'b.c'), '#include <extra.h>\n');
    writeFileSync(join(root, 'ws', 'sub', 'near.h'), 'struct near_s { int a; };\n');
    writeFileSync(join(root, 'extra', 'extra.h'), 'struct extra_s { int a; };\n');
    writeFileSync(join(root, 'extra', 'not_included.h'), 'struct lonely_s { int a; };\n');
    // A wrapper in the first system folder that continues to the next one, as glibc's limits.h does.
    writeFileSync(join(root, 'sys1', 'wrapped.h'), '#include_next <wrapped.h>\nstruct outer_s { int a; };\n');
    writeFileSync(join(root, 'sys2', 'wrapped.h'), 'struct inner_s { int a; };\n');
    writeFileSync(join(root, 'sys1', 'arch.h'), 'struct arch64_s { int a; };\n');
    writeFileSync(join(root, 'sys32', 'arch.h'), 'struct arch32_s { int a; };\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('indexes included headers once, through quoted, extra and system folders and #include_next', () => {
    const { index, job } = run(follow());
    assert.deepEqual(where(index, 'extra_s'), ['extra/extra.h']);
    assert.deepEqual(where(index, 'outer_s'), ['sys1/wrapped.h']);
    assert.deepEqual(where(index, 'inner_s'), ['sys2/wrapped.h']);
    assert.deepEqual(where(index, 'arch64_s'), ['sys1/arch.h']);
    assert.deepEqual(where(index, 'lonely_s'), []);
    // a.c, b.c and near.h are the workspace's; extra.h (included twice), both wrapped.h and arch.h are followed.
    assert.equal(job.headersFollowed, 4);
    assert.equal(index.fileCount, 7);
  });

  it('resolves each include once per configuration (each target its own system folders)', () => {
    const { index } = run(follow({ systemDirLists: [[join(root, 'sys1'), join(root, 'sys2')], [join(root, 'sys32'), join(root, 'sys2')]] }));
    assert.deepEqual(where(index, 'arch64_s'), ['sys1/arch.h']);
    assert.deepEqual(where(index, 'arch32_s'), ['sys32/arch.h']);
  });

  it('names the workspace files that reach the most headers first (the server reads their headers ahead)', () => {
    const { job } = run(follow());
    const rel = (p: string): string => p.slice(root.length + 1);
    // a.c reaches near.h, extra.h, both wrapped.h (one through #include_next) and arch.h; b.c only
    // extra.h (which another file led to first: counted all the same); near.h includes nothing.
    assert.deepEqual(job.heaviestFiles(10).map((f) => [rel(f.path), f.headers]), [['ws/a.c', 5], ['ws/b.c', 1]]);
    assert.deepEqual(job.heaviestFiles(1).map((f) => rel(f.path)), ['ws/a.c']);
    assert.deepEqual(run().job.heaviestFiles(10), [], 'without following includes nothing is known');
  });

  it('follows no includes without a configuration, and at most maxHeaders', () => {
    assert.equal(run().index.fileCount, 3);
    const bounded = run(follow({ maxHeaders: 1 }));
    assert.equal(bounded.job.headersFollowed, 1);
    assert.equal(bounded.index.fileCount, 4);
  });
});
