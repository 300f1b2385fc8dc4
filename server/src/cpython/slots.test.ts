// Registrations read from static tables: designated and positional PyTypeObject
// initialisers, the number/sequence/mapping suites, PyMethodDef (with flags),
// PyGetSetDef and PyType_Slot arrays; and the contracts they give parameters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nullableParams, slotUses } from './slots.ts';

const TABLES = `
static PyMethodDef methods[] = {
    {"a", (PyCFunction)(void (*)(void))meth_kw, METH_VARARGS | METH_KEYWORDS, "doc, with a comma"},
    {"b", meth_o, METH_O, NULL},
    {"c", (PyCFunction)meth_fast, METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};
static PyGetSetDef getset[] = {
    {"x", (getter)get_x, (setter)set_x, "the {x}", NULL},
    {"y", get_y, NULL, NULL, NULL},
    {NULL}
};
static PyNumberMethods as_number = { .nb_add = (binaryfunc)num_add, /* .nb_sub = not_me, */ };
static PyTypeObject Designated = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.D",
    .tp_dealloc = (destructor)d_dealloc,
    .tp_traverse = (traverseproc)d_traverse,
    .tp_new = d_new,
    .tp_as_number = &as_number,
};
static PyTypeObject Positional = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "m.P", sizeof(PObject), 0,
    (destructor)p_dealloc,          /* tp_dealloc */
    0, 0, 0, 0,
    (reprfunc)p_repr,               /* tp_repr */
    0, 0, 0, 0, 0, 0, 0,
    p_setattro,                     /* tp_setattro */
};
static PyType_Slot slots[] = {
    {Py_tp_dealloc, s_dealloc},
    {Py_mp_ass_subscript, (void *)s_ass},
    {Py_tp_doc, (void *)"doc"},
    {0, NULL},
};
`;

test('functions are read from every kind of table, casts and comments aside', () => {
  const uses = Object.fromEntries([...slotUses(TABLES)].map(([name, u]) => [name, u.flags === undefined ? u.slot : `${u.slot} ${u.flags}`]));
  assert.deepEqual(uses, {
    meth_kw: 'method METH_VARARGS | METH_KEYWORDS', meth_o: 'method METH_O', meth_fast: 'method METH_FASTCALL | METH_KEYWORDS',
    get_x: 'getter', set_x: 'setter', get_y: 'getter',
    num_add: 'nb_add',
    d_dealloc: 'tp_dealloc', d_traverse: 'tp_traverse', d_new: 'tp_new', as_number: 'tp_as_number',
    p_dealloc: 'tp_dealloc', p_repr: 'tp_repr', p_setattro: 'tp_setattro',
    s_dealloc: 'tp_dealloc', s_ass: 'mp_ass_subscript',
  });
});

test('slot contracts: which object parameters may be NULL', () => {
  const of = (slot: string, flags?: string) => [...nullableParams({ slot, ...(flags ? { flags } : {}) }).keys()];
  assert.deepEqual(of('setter'), [1]);
  assert.deepEqual(of('tp_setattro'), [2]);
  assert.deepEqual(of('mp_ass_subscript'), [2]);
  assert.deepEqual(of('tp_init'), [2]);
  assert.deepEqual(of('method', 'METH_VARARGS | METH_KEYWORDS'), [2]);
  // Vectorcall methods take (self, args, nargs, kwnames): the third parameter is not an object.
  assert.deepEqual(of('method', 'METH_FASTCALL | METH_KEYWORDS'), []);
  assert.deepEqual(of('method', 'METH_O'), []);
  assert.deepEqual(of('getter'), []);
  assert.deepEqual(of('tp_dealloc'), []);
});
