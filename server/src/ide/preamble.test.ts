// The editor's whole-unit reading of a file that uses its headers' macros, continued from the
// prelude's preamble (only the file re-read on each edit), must give the same declarations, spans
// and layouts as reading the whole unit again, on every target.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { CFile } from '../lower/c/lower.ts';
import { LayoutEngine } from '../layout/engine.ts';
import { TARGETS } from '../layout/targets.ts';
import type { Target } from '../layout/types.ts';
import { Parsers } from '../syntax/parser.ts';
import { buildPrelude } from './prelude.ts';
import { analyseTranslationUnit, inMainFileOffsets, mainOnPreamble } from './translation-unit.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

let parsers: Parsers;
before(async () => {
  parsers = await Parsers.create();
});

/** The main file's declarations as comparable data: kind, name, spans, and each record's layout. */
function summary(file: CFile, target: Target): unknown[] {
  const engine = new LayoutEngine(file.table, target);
  return file.table.decls.filter((d) => d.span.start >= 0).map((d) => {
    const base = [d.decl, d.name, d.span.start, d.span.end];
    if (d.decl !== 'record' || !d.fields) return base;
    const layout = engine.record(d.id);
    const figures = 'unknown' in layout ? [layout.unknown] : [layout.size, layout.align, layout.fields.map((f) => [f.path, f.offsetBits, f.sizeBits])];
    return [...base, d.fields.map((f) => [f.name, f.span.start, f.span.end]), figures];
  });
}

function compare(dir: string, name: string, prelude: string, edited: string, includeDirs: string[], language: 'c' | 'cpp' = 'c'): number {
  const includes = new WorkspaceIncludes(() => ({ includeDirs, quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
  const path = join(dir, name);
  let compared = 0;
  for (const target of TARGETS) {
    const p = buildPrelude(parsers, path, prelude, includes, target, language);
    assert.ok(p.preamble, `${name} ${target.triple}: the prelude keeps its preamble`);
    const settings = includes.settingsFor(path, target.triple);
    const resumed = mainOnPreamble(parsers, path, edited, settings, target, includes.source, includes.cache, p.preamble!, p.seed, language);
    assert.ok(resumed, `${name} ${target.triple}: the edited text continues from the preamble`);
    const unit = analyseTranslationUnit(parsers, path, edited, settings, target, includes.source, includes.cache, false, language);
    // Headers that do not build for a target here (Python.h on i686: no pyconfig.h for it) leave the
    // whole unit's parse broken around the file's own text; the readings then differ and neither is
    // the compiler's, so only targets whose headers preprocess without errors are compared.
    if (unit.problems.some((x) => x.severity === 'error')) {
      assert.notEqual(target, TARGETS[0], `${name}: the headers build for ${target.triple}`);
      continue;
    }
    const want = summary(inMainFileOffsets(unit, edited.length), target);
    assert.ok(want.length > 0, `${name} on ${target.triple}: the file declares something`);
    assert.deepEqual(summary(resumed!, target), want, `${name} on ${target.triple}`);
    compared += want.length;
  }
  return compared;
}

describe('whole-unit reading continued from the preamble', () => {
  it('a file with its own guard, function-like and object-like macros, a macro defined and undefined in the text, a header included mid-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-preamble-'));
    writeFileSync(join(dir, 'a.h'), '#ifndef A_H\n#define A_H\n#define HEAD int refcnt; void *type;\n#define FIELD(t, n) t n;\n#define WIDTH (sizeof(long) * 2)\nstruct from_a { long x; };\n#endif\n');
    writeFileSync(join(dir, 'b.h'), '#pragma once\n#define B_SIZE 12\nstruct from_b { char tag; double d; };\n');
    const text = [
      '#ifndef MAIN_H', '#define MAIN_H', '#include "a.h"', '',
      'struct object { HEAD FIELD(short, kind) char pad[WIDTH]; };',
      '#define LATE 3', 'struct late { char buf[LATE]; HEAD };', '#undef LATE',
      '#include "b.h"', 'struct uses_b { struct from_b b; char name[B_SIZE]; FIELD(int, n) };', '#endif', '',
    ].join('\n');
    writeFileSync(join(dir, 'main.h'), text);
    const edited = text.replace('FIELD(short, kind)', 'FIELD(short, kind) FIELD(long long, extra)');
    assert.ok(compare(dir, 'main.h', text, text, [dir]) > 0);
    assert.ok(compare(dir, 'main.h', text, edited, [dir]) > 0);
  });

  it('a CPython extension type over Python.h', { skip: pythonInclude() ? false : 'no Python.h (python3-dev) here' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-preamble-py-'));
    const text = '#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n\ntypedef struct {\n    PyObject_HEAD\n    PyObject *items;\n    Py_ssize_t count;\n} CounterObject;\n\nstatic PyObject *get(CounterObject *self, PyObject *unused) { Py_RETURN_NONE; }\n';
    writeFileSync(join(dir, 'counter.c'), text);
    const edited = text.replace('Py_ssize_t count;', 'Py_ssize_t count;\n    PyObject_VAR_HEAD');
    assert.ok(compare(dir, 'counter.c', text, edited, [pythonInclude()!]) > 0);
  });

  it('code put between the leading directives: the preamble no longer fits and is not used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-preamble-moved-'));
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'inc', 'one.h'), '#define ONE 1\n');
    writeFileSync(join(dir, 'inc', 'two.h'), '#define TWO 2\n');
    const text = '#include "inc/one.h"\n#include "inc/two.h"\nstruct s { char a[ONE]; char b[TWO]; };\n';
    const moved = '#include "inc/one.h"\nstruct early { char a[ONE]; };\n#include "inc/two.h"\nstruct s { char a[ONE]; char b[TWO]; };\n';
    const includes = new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
    const path = join(dir, 'main.c');
    const target = TARGETS[0]!;
    const p = buildPrelude(parsers, path, text, includes, target);
    assert.equal(mainOnPreamble(parsers, path, moved, includes.settingsFor(path, target.triple), target, includes.source, includes.cache, p.preamble!, p.seed), undefined);
  });
});

function pythonInclude(): string | undefined {
  const dir = readdirSync('/usr/include').find((d) => /^python3\.\d+$/.test(d));
  if (dir) return join('/usr/include', dir);
  if (process.env.CI) throw new Error('CI must have python3-dev installed (Python.h)');
  console.error('SKIPPING the Python.h preamble case: python3-dev (Python.h) is not installed');
  return undefined;
}
