// Parsers.parseReusing (the previous text's tree edited by the line differences, then parsed
// incrementally) must give exactly the tree of a fresh parse: every node with its type, range,
// rows and columns, and the same lowered declarations. Over the six targets' expansions of real
// headers (each target's unit reuses the previous target's tree, as the prelude does) and
// synthetic pairs with edits at the start, the end, adjacent hunks, UTF-16 surrogate pairs and CRLF.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { TARGETS } from '../layout/targets.ts';
import type { Target } from '../layout/types.ts';
import { lowerC } from '../lower/c/lower.ts';
import { lowerCpp } from '../lower/cpp/lower.ts';
import { predefinedMacros } from '../preproc/predefined.ts';
import { preprocess } from '../preproc/preprocess.ts';
import { normalizeC } from '../syntax/c-normalize.ts';
import { blankPrototypes } from '../syntax/c-prototypes.ts';
import { Parsers } from '../syntax/parser.ts';
import { targetFacts } from './c-file.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

let parsers: Parsers;
before(async () => {
  parsers = await Parsers.create();
});

/** One node under the cursor: field, type, flags, offsets, rows and columns. */
function describeNode(c: TreeCursor, depth: number): string {
  const s = c.startPosition;
  const e = c.endPosition;
  return `${depth} ${c.currentFieldName ?? ''}:${c.nodeType}${c.nodeIsMissing ? '!' : ''}${c.nodeIsNamed ? '' : '~'} ${c.startIndex}-${c.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}`;
}

/** Walks both trees in document order and asserts every node is the same (field, type, flags, range, rows, columns). */
function sameNodes(actual: Tree, expected: Tree, what: string): number {
  const a = actual.walk();
  const b = expected.walk();
  let count = 0;
  try {
    for (let depth = 0; ;) {
      count++;
      const da = describeNode(a, depth);
      const db = describeNode(b, depth);
      if (da !== db) assert.fail(`${what}: node ${count} differs: ${da} against ${db}`);
      const downA = a.gotoFirstChild();
      assert.equal(downA, b.gotoFirstChild(), `${what}: children of node ${count}`);
      if (downA) {
        depth++;
        continue;
      }
      for (;;) {
        const nextA = a.gotoNextSibling();
        assert.equal(nextA, b.gotoNextSibling(), `${what}: siblings after node ${count}`);
        if (nextA) break;
        const upA = a.gotoParent();
        assert.equal(upA, b.gotoParent(), `${what}: parents at node ${count}`);
        if (!upA) return count;
        depth--;
      }
    }
  } finally {
    a.delete();
    b.delete();
  }
}

function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v === undefined ? '\0undefined' : typeof v === 'bigint' ? `\0${v}n` : v instanceof Map ? { '\0map': [...v] } : v instanceof Set ? { '\0set': [...v] } : v);
}

/** Parses `text` fresh and through `reusing`, and asserts both trees and their lowerings are the same. */
function same(reusing: Parsers, text: string, target: Target, what: string, language: 'c' | 'cpp' = 'c'): void {
  const prepared = normalizeC(text);
  const fresh = parsers.parse(language, prepared.text)!;
  const reused = reusing.parseReusing(language, prepared.text, 'test', 1)!;
  try {
    assert.equal(reused.rootNode.toString(), fresh.rootNode.toString(), `${what}: S-expression`);
    assert.ok(sameNodes(reused, fresh, what) > 0);
    const reparse = (t: string) => parsers.parse('c', t);
    const lower = (tree: Tree) => language === 'cpp' ? lowerCpp(tree, targetFacts(target), prepared.notes) : lowerC(tree, targetFacts(target), reparse, prepared.notes);
    const a = lower(reused);
    const b = lower(fresh);
    // deepEqual takes minutes on Python.h's tables: the same data as exact text (Maps, bigints and undefined kept).
    assert.ok(exact(a) === exact(b), `${what}: lowered`);
    assert.ok(a.table.decls.length > 0 || text.trim() === '' || !/struct|enum|union|typedef/.test(text), `${what}: something lowered`);
  } finally {
    fresh.delete();
    reused.delete();
  }
}

/** `prelude`: the text a C prelude parses (the file's directives only, prototypes blanked unless preprocessing failed). */
function header(name: string, dirs: string[], main: string, language: 'c' | 'cpp' = 'c', prelude = false): { name: string; dirs: string[]; main: string; language: 'c' | 'cpp'; prelude: boolean; present: boolean } {
  return { name, dirs, main, language, prelude, present: dirs.every(existsSync) && existsSync(join(dirs[0] ?? '/usr/include', name)) };
}

const PYTHON = '/usr/include/python3.11';
const HEADERS = [
  header('Python.h', [PYTHON], '#define PY_SSIZE_T_CLEAN\n#include <Python.h>\nstatic PyObject *f(PyObject *self) { Py_RETURN_NONE; }\n'),
  header('zlib.h', [], '#include <zlib.h>\nstruct s { z_stream z; };\n'),
  header('sqlite3.h', [], '#include <sqlite3.h>\n'),
  header('zlib.h', [], '#include <zlib.h>\nstruct s { z_stream z; };\n', 'cpp'),
  header('Python.h', [PYTHON], '#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n', 'c', true),
  header('sqlite3.h', [], '#include <sqlite3.h>\n', 'c', true),
];

describe('incremental parse of the next target\'s expansion', () => {
  for (const h of HEADERS) {
    it(`${h.name}${h.language === 'cpp' ? ' as C++' : ''}${h.prelude ? ' (a prelude: prototypes blanked)' : ''} on the six targets, in order and in reverse`, { skip: h.present ? false : `${h.name} is not installed here` }, () => {
      if (!h.present && process.env.CI) throw new Error(`CI must have ${h.name}`);
      const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-incremental-'));
      const path = join(dir, h.language === 'cpp' ? 'main.cpp' : 'main.c');
      writeFileSync(path, h.main);
      const includes = new WorkspaceIncludes(() => ({ includeDirs: h.dirs, quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
      const units = TARGETS.map((target) => {
        const pre = preprocess(path, h.main, { ...includes.settingsFor(path, target.triple), predefined: predefinedMacros(target.triple, h.language), mainDirectivesOnly: h.prelude }, includes.source, includes.cache);
        const blank = h.prelude && !pre.problems.some((p) => p.severity === 'error');
        return { target, text: blank ? blankPrototypes(pre.text) : pre.text };
      });
      const reusing = new Parsers(new Map([[h.language, parsers.language(h.language)]]));
      for (const { target, text } of [...units, ...[...units].reverse()]) same(reusing, text, target, `${h.name} ${target.triple}`, h.language);
      // Every parse after the first reused its predecessor's tree (this test would prove nothing otherwise).
      assert.deepEqual(reusing.reuseCounts, { incremental: 2 * units.length - 1, fresh: 1 });
      reusing.forgetPrevious();
    });
  }

  it('synthetic edits: start, end, adjacent hunks, surrogate pairs, CRLF, no final newline', () => {
    const base = [
      '#pragma pack(push, 2)',
      'struct a { char c; int i; };',
      '#pragma pack(pop)',
      'typedef struct b { long l; const char *s; } b_t;',
      'static const char *greeting = "héllo 😀 wörld";',
      'enum e { E0, E1 = 4, E2 };',
      'union u { int i; float f; char bytes[sizeof(int)]; };',
      'struct c { struct a a; union u u; b_t b[3]; unsigned bits : 3; };',
      '',
    ].join('\n');
    const edits: Array<[string, (s: string) => string]> = [
      ['at the start', (s) => 'struct first { double d; };\n' + s],
      ['the first line changed', (s) => s.replace('#pragma pack(push, 2)', '#pragma pack(push, 4)')],
      ['at the end', (s) => s + 'struct last { char z[7]; };\n'],
      ['the last line, no final newline', (s) => s.slice(0, -1) + ' /* 😀 */'],
      ['adjacent hunks', (s) => s.replace('typedef struct b { long l;', 'typedef struct b { short l;').replace('static const char *greeting', 'static char *greeting').replace('enum e { E0,', 'enum e { E00,')],
      ['hunks apart', (s) => s.replace('char c; int i;', 'char c; long i;').replace('unsigned bits : 3;', 'unsigned bits : 5;')],
      ['surrogate pairs before an edit on the same line', (s) => s.replace('"héllo 😀 wörld";', '"héllo 😀😀 wörld"; struct after_emoji { int q; };')],
      ['lines deleted', (s) => s.replace('enum e { E0, E1 = 4, E2 };\n', '').replace('#pragma pack(pop)\n', '')],
      ['a syntax error put in', (s) => s.replace('union u { int i;', 'union u { int i int j;')],
      ['CRLF lines', (s) => s.replace(/\n/g, '\r\n')],
      ['CRLF on some lines', (s) => s.replace('};\nenum', '};\r\nenum').replace('b_t;\n', 'b_t;\r\n')],
      ['an unrelated text', () => 'int x;\nstruct other { char c; };\n'],
      ['empty', () => ''],
    ];
    const reusing = new Parsers(new Map([['c', parsers.language('c')]]));
    const target = TARGETS[0]!;
    for (const [what, edit] of edits) {
      // Each pair: the base parsed (reusing whatever came before), then its edited text reusing it.
      same(reusing, base, target, `${what}: base`);
      same(reusing, edit(base), target, what);
      // And back again.
      same(reusing, base, target, `${what}: back`);
    }
    assert.deepEqual(reusing.reuseCounts, { incremental: 3 * edits.length - 1, fresh: 1 });
    reusing.forgetPrevious();
  });
});
