// The text reader (lite-text.ts) must build exactly the tree the copy from
// tree-sitter builds: every function of the labelled corpus, of the bench's
// generated extension, and of C written to sit on the edges of the subset it
// reads (signs, casts, comments, dangling else, labels, switch) is copied both
// ways and compared. The reader must also actually answer on ordinary code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { openC } from '../../../test/support/fixture.ts';
import { generateExtension } from '../../../test/bench/cpython-bench.ts';
import { liteTree } from './lite.ts';
import { readSubtree } from './lite-text.ts';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'cpython', 'corpus');

const EDGES = `
static PyObject *signs(PyObject *self, PyObject *arg) {
    long a = -1, b = - 1, c = +2;
    long d = a -1, e = a - -1, f = a-1;
    if (a < -1 || b >= +3 && !c) return NULL;
    a += 2; b -= a; c *= 3; d /= 2; e %= 4; f = a * b / c % d;
    return PyLong_FromLong(a);
}
static PyObject *casts(PyObject *self, PyObject *arg) {
    Foo *x = (Foo *)self;
    Foo **pp = (Foo **)&x;
    long n = (long)x->count;            /* (T)x: left to tree-sitter */
    Py_TYPE(self)->tp_free((PyObject *)self);
    (void)PyDict_GetItemRef(d, k, &x);
    n = (int)n + (unsigned)n + (char)n;
    return (PyObject *)x->items ? (PyObject *)x : NULL;
}
static PyObject *comments(PyObject *self /* the module */, PyObject *arg) {
    // a line comment
    PyObject *r = PyObject_Repr(/* inline */ arg); // trailing
    if (r == NULL) /* after the condition */
        return NULL;
    return r;
}
static PyObject *literals(PyObject *self, PyObject *arg) {
    const char *s = "a" "b";
    const char *t = L"wide";
    char c = '\\'', d = 'x';
    const char *u = "esc\\"aped";
    unsigned long long big = 10ULL;
    unsigned u2 = 1u; long int li = 2; short sh = 3; double dd = 1.5e3; double de = 1e-3;
    return Py_BuildValue("(ss)", s, u);
}
static PyObject *statements(PyObject *self, PyObject *arg) {
    int i, n = 3;
    PyObject *list = PyList_New(0), *item;
    if (list == NULL) return NULL;
    for (i = 0; i < n; i++) ;
    for (int j = 0; j < n; ++j) { continue; }
    for (;;) break;
    while ((item = PyIter_Next(arg)) != NULL) Py_DECREF(item);
    do { n--; } while (n > 0);
    switch (n) { case 0: case 1: n = 2; break; default: { n = 3; } }
    if (n) if (i) n = 1; else n = 2;
    if (n) { n = 1; } else if (i) n = 2; else { n = 3; }
    ;
    goto done;
done:
    *(&n) = x->a.b[1]->c(n)[2];
    n = i = 0;
    n = sizeof(PyObject *);
    n = i ? : 1;
    n = i ? n : i ? 2 : 3;
    p->f(x)(y);
    (f)(x);
    *p++ = 1; !*p; &x->y; -x; ~x; i << 2; i | 2;
    return list;
}
static int params(const char *name, PyObject **out, unsigned int flags, void *closure) { return 0; }
#define REPORT_COPY
static PyObject *empty_macro(PyObject *self, PyObject *arg) {
    REPORT_COPY;
    return PyObject_Repr(arg);
}
static int knr(s, n) const char *s; int n; { return n; }
static int knr2(s) char *s; { return 0; }
static int noparams(void) { return 0; }
int exported(long a, struct foo *f, int (*cb)(int)) { return a; }
`;

async function functions(text: string): Promise<{ defs: Node[]; parsed: string; dispose: () => void }> {
  const { file } = await openC(text);
  const defs = file.tree!.rootNode.namedChildren.filter((c): c is Node => c?.type === 'function_definition');
  return { defs, parsed: file.parsedText, dispose: () => file.dispose() };
}

async function compare(name: string, text: string): Promise<{ functions: number; read: number }> {
  const { defs, parsed, dispose } = await functions(text);
  let read = 0;
  try {
    for (const d of defs) {
      const fromTree = liteTree(d, text, { readText: false });
      // The reader reads what tree-sitter parsed: macros defined empty are blanked there (syntax/c-normalize.ts).
      const mixed = liteTree(d, text, { parsed });
      assert.deepEqual(mixed, fromTree, `${name}: ${text.slice(d.startIndex, d.startIndex + 60)}`);
      if (readSubtree('function_definition', d.startIndex, d.endIndex, null, parsed, d.hasError)) read++;
    }
  } finally {
    dispose();
  }
  return { functions: defs.length, read };
}

test('the text reader builds the same tree as the copy from tree-sitter on the corpus and the bench file', async () => {
  let functionsSeen = 0;
  let read = 0;
  const texts = readdirSync(CORPUS).filter((f) => f.endsWith('.c')).map((f) => [f, readFileSync(join(CORPUS, f), 'utf8')] as const);
  for (const [name, text] of [...texts, ['generated', generateExtension(2_000)] as const]) {
    const r = await compare(name, text);
    functionsSeen += r.functions;
    read += r.read;
  }
  assert.ok(functionsSeen > 200, `${functionsSeen} functions`);
  // Ordinary extension code is read from text whole; if this drops, the speed-up is gone.
  assert.ok(read / functionsSeen > 0.9, `${read} of ${functionsSeen} function definitions read from text`);
});

test('the text reader builds the same tree on the edges of its subset, or leaves them to tree-sitter', async () => {
  const r = await compare('edges', EDGES);
  assert.equal(r.functions, 11);
});

test('the reader gives up on what it does not read rather than guess', () => {
  const text = 'x = (T)y; a | b; s = "a" "b"; #x';
  assert.equal(readSubtree('expression_statement', 0, 9, null, text, false), undefined);
  assert.equal(readSubtree('expression_statement', 10, 16, null, text, false), undefined);
  assert.equal(readSubtree('expression_statement', 17, 31, null, text, false), undefined);
  assert.equal(readSubtree('expression_statement', 32, 34, null, text, false), undefined);
  assert.equal(readSubtree('expression_statement', 0, 9, null, 'x = f(y);', false)?.children[0]?.type, 'assignment_expression');
});
