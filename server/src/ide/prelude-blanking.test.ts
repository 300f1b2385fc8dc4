// A C prelude blanks its headers' function prototypes before parsing (syntax/c-prototypes.ts):
// that must not change what the prelude seeds. Over real headers (Python.h, zlib.h, sqlite3.h,
// a set of libc headers, and the C files under examples/ that include something) on the six
// targets, each target reusing the previous one's tree as the editor does, the prelude built with
// and without blanking must give the same seed (declarations with their ids, tags, typedefs, enum
// constants, macros), the same `definedAt` for every seeded declaration, and the same unit
// declarations with their spans. A header that is not installed skips loudly (CI must have them).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Decl } from '../base/model.ts';
import { TARGETS } from '../layout/targets.ts';
import { blankPrototypes } from '../syntax/c-prototypes.ts';
import { Parsers } from '../syntax/parser.ts';
import { buildPrelude } from './prelude.ts';
import { analyseTranslationUnit } from './translation-unit.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

let languages: Awaited<ReturnType<typeof Parsers.create>>;
before(async () => {
  languages = await Parsers.create();
});

/** Maps, bigints and undefined kept: deepEqual takes minutes on Python.h's tables. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v === undefined ? '\0undefined' : typeof v === 'bigint' ? `\0${v}n` : v instanceof Map ? { '\0map': [...v] } : v instanceof Set ? { '\0set': [...v] } : v);
}

/** Asserts two declaration lists are the same, naming the first that differs. */
function sameDecls(actual: readonly Decl[], expected: readonly Decl[], what: string): void {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = exact(actual[i]);
    const b = exact(expected[i]);
    if (a !== b) assert.fail(`${what}: declaration ${i} differs (of ${actual.length} against ${expected.length}):\n  blanked: ${a}\n  as is:   ${b}`);
  }
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly includeDirs: string[];
  /** Why it cannot run here (a header or directory missing), or undefined. */
  readonly missing: string | undefined;
  /** At least this share of the expansion's non-space text is blanked (the test would prove nothing otherwise). */
  readonly minBlanked: number;
}

const ROOT = resolve(__dirname, '..', '..', '..');

function pythonDir(): string | undefined {
  const dirs = existsSync('/usr/include') ? readdirSync('/usr/include').filter((d) => /^python3\.\d+$/.test(d)).sort() : [];
  const found = dirs.map((d) => join('/usr/include', d)).filter((d) => existsSync(join(d, 'Python.h')));
  return found[found.length - 1];
}

function missingOf(paths: string[]): string | undefined {
  const gone = paths.filter((p) => !existsSync(p));
  return gone.length ? `not installed here: ${gone.join(', ')}` : undefined;
}

function synthetic(name: string, text: string, headers: string[], minBlanked: number): Case {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-blanking-'));
  const path = join(dir, 'main.c');
  writeFileSync(path, text);
  return { name, path, text, includeDirs: [], missing: missingOf(headers), minBlanked };
}

/** The C files under examples/ that include something. */
function exampleCases(): Case[] {
  const out: Case[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[ch]$/.test(e.name)) {
        const text = readFileSync(p, 'utf8');
        if (!/^[ \t]*#[ \t]*include\b/m.test(text)) continue;
        const python = /#\s*include\s*<Python\.h>/.test(text);
        const py = pythonDir();
        out.push({
          name: `examples/${p.slice(join(ROOT, 'examples').length + 1)}`, path: p, text,
          includeDirs: python && py ? [py] : [],
          missing: python && !py ? 'not installed here: /usr/include/python3.*/Python.h' : undefined,
          minBlanked: 0.3,
        });
      }
    }
  };
  walk(join(ROOT, 'examples'));
  return out;
}

const LIBC = ['stdio.h', 'stdlib.h', 'string.h', 'signal.h', 'time.h', 'math.h', 'pthread.h', 'unistd.h', 'wchar.h', 'setjmp.h', 'locale.h', 'fcntl.h', 'dirent.h', 'inttypes.h'];

/**
 * A header with what blanking must leave alone: tags first named in a prototype's return type or
 * in an extern variable, typedefs of function types, `#pragma pack` between prototypes, a static
 * assertion, prototypes in a `#pragma pack` region and after a function definition, attributes and asm labels.
 */
const API_H = `#pragma pack(push, 1)
struct packed_early { char c; int i; };
int f0(void) __attribute__((__nothrow__)) __asm__("" "f0_64");
#pragma pack(pop)
struct opaque *opaque_new(void);
union u_later *u_make(int n);
enum e_later pick(void);
int takes(struct in_params *p);
extern struct ext_var ext;
typedef int handler_fn(int);
typedef handler_fn *handler_ptr;
extern int counter;
_Static_assert(sizeof(int) >= 2, "int");
static inline int twice(int x) { return 2 * x; }
extern __attribute__((visibility("default"))) long g1(const char *s, ...);
#pragma pack(push, 2)
int g2(long a,
       long b);
struct packed_late { char c; long l; };
#pragma pack(pop)
__extension__ extern long long g3(void);
struct holder { struct opaque *o; union u_later *u; struct ext_var *e; handler_fn *h; handler_ptr hp; enum e_later *el; };
enum e_later { E_LATER_A = sizeof(struct packed_late) };
`;

function cases(): Case[] {
  const py = pythonDir();
  const api = mkdtempSync(join(tmpdir(), 'ffi-lens-blanking-'));
  writeFileSync(join(api, 'api.h'), API_H);
  return [
    { name: 'a header with tags in prototypes and #pragma pack', path: join(api, 'main.c'), text: '#include "api.h"\n', includeDirs: [], missing: undefined, minBlanked: 0.1 },
    {
      name: 'Python.h', path: join(mkdtempSync(join(tmpdir(), 'ffi-lens-blanking-')), 'ext.c'),
      text: '#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n#include <structmember.h>\nstatic PyObject *f(PyObject *self) { Py_RETURN_NONE; }\n',
      includeDirs: py ? [py] : [], missing: py ? undefined : 'not installed here: /usr/include/python3.*/Python.h', minBlanked: 0.5,
    },
    synthetic('zlib.h', '#include <zlib.h>\nstruct s { z_stream z; };\n', ['/usr/include/zlib.h'], 0.3),
    synthetic('sqlite3.h', '#include <sqlite3.h>\n', ['/usr/include/sqlite3.h'], 0.3),
    synthetic('libc headers', LIBC.map((h) => `#include <${h}>\n`).join('') + 'struct s { FILE *f; pthread_mutex_t m; jmp_buf j; };\n',
      LIBC.map((h) => join('/usr/include', h)), 0.3),
    ...exampleCases(),
  ];
}

describe('a C prelude without its headers\' function prototypes seeds the same declarations', () => {
  for (const c of cases()) {
    it(`${c.name} on the six targets`, { skip: c.missing ? `${c.name}: ${c.missing}` : false }, (t) => {
      if (c.missing && process.env.CI) throw new Error(`CI must have ${c.name}: ${c.missing}`);
      // Written to a file (the preprocessor reads the main file from disk for its directory).
      if (!existsSync(c.path)) writeFileSync(c.path, c.text);
      const includes = new WorkspaceIncludes(() => ({ includeDirs: c.includeDirs, quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
      // One Parsers per path, each target reusing the previous target's tree (as the editor's preludes do).
      const blankedParsers = new Parsers(new Map([['c', languages.language('c')]]));
      const plainParsers = new Parsers(new Map([['c', languages.language('c')]]));
      const shares: string[] = [];
      for (const target of TARGETS) {
        const what = `${c.name} ${target.triple}`;
        const settings = includes.settingsFor(c.path, target.triple);
        const blanked = analyseTranslationUnit(blankedParsers, c.path, c.text, settings, target, includes.source, includes.cache, true, 'c');
        const plain = analyseTranslationUnit(plainParsers, c.path, c.text, settings, target, includes.source, includes.cache, true, 'c', false);

        // The blanking is on by default for a C prelude, unless preprocessing failed (a header missing
        // for this target); when on, it blanks much of the text (or this test would prove nothing).
        const expanded = plain.preprocessed.text;
        const failed = plain.problems.some((p) => p.severity === 'error');
        assert.equal(blanked.withoutPrototypes, !failed, `${what}: blanked unless preprocessing failed`);
        assert.equal(plain.withoutPrototypes, false);
        if (blanked.withoutPrototypes) {
          const without = blankPrototypes(expanded);
          const nonSpace = (s: string) => s.length - (s.match(/\s/g)?.length ?? 0);
          const share = 1 - nonSpace(without) / nonSpace(expanded);
          shares.push(`${target.triple} ${(100 * share).toFixed(0)}%`);
          assert.ok(share >= c.minBlanked, `${what}: only ${(100 * share).toFixed(1)}% of the expansion blanked`);
        } else {
          shares.push(`${target.triple} not blanked (preprocessing failed)`);
        }
        assert.ok(plain.file.table.decls.length > 0, `${what}: something is declared`);

        // The unit's declarations, spans included, and the seed's maps.
        sameDecls(blanked.file.table.decls, plain.file.table.decls, what);
        assert.ok(exact(blanked.file.tags) === exact(plain.file.tags), `${what}: tags`);
        assert.ok(exact(blanked.file.typedefs) === exact(plain.file.typedefs), `${what}: typedefs`);
        assert.ok(exact(blanked.file.enumConstants) === exact(plain.file.enumConstants), `${what}: enum constants`);
        assert.ok(exact(blanked.preprocessed.macros()) === exact(plain.preprocessed.macros()), `${what}: macros`);
        for (const d of plain.file.table.decls) {
          assert.ok(exact(blanked.definedAt(d)) === exact(plain.definedAt(d)), `${what}: where ${d.decl} ${d.name ?? d.id} is defined`);
        }
        assert.equal(blanked.problems.length, plain.problems.length, `${what}: preprocessing and parse problems`);

        // The prelude as the editor builds it (blanking by default) against one built without.
        const prelude = buildPrelude(blankedParsers, c.path, c.text, includes, target, 'c');
        const plainPrelude = buildPrelude(plainParsers, c.path, c.text, includes, target, 'c', false);
        sameDecls(prelude.seed.decls, plainPrelude.seed.decls, `${what} (prelude)`);
        assert.ok(exact(prelude.seed) === exact(plainPrelude.seed), `${what}: prelude seed`);
        for (let id = 0; id < plainPrelude.seed.decls.length; id++) {
          const d = plain.file.table.decls[id]!;
          assert.ok(exact(prelude.definedAt(id)) === exact(plainPrelude.definedAt(id)), `${what}: definedAt(${id})`);
          assert.ok(exact(prelude.definedAt(id, d)) === exact(plainPrelude.definedAt(id, d)), `${what}: definedAt(${id}, like)`);
        }
        assert.ok(exact(prelude.problems) === exact(plainPrelude.problems), `${what}: prelude problems`);
      }
      // The primary target's headers are installed: its prelude is blanked.
      assert.ok(!shares[0]!.includes('not blanked'), `${c.name}: the primary target is blanked`);
      t.diagnostic(`blanked share of the expansion: ${shares.join(', ')}`);
      blankedParsers.forgetPrevious();
      plainParsers.forgetPrevious();
    });
  }
});
