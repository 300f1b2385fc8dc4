// What a call does to reference counts: the generated table (return
// ownership, from CPython's refcounts.dat) plus what that file does not say
// reliably, kept here by hand from the C-API documentation: which functions
// steal a reference, the reference macros, and which results can be NULL.
import { REFCOUNTS } from './refcounts.generated.ts';

export type ReturnOwnership = 'new' | 'borrowed';

/** A function that steals (takes over) the reference passed at each of `args` (0-based). */
export interface Steal {
  readonly args: readonly number[];
  /** `PyModule_AddObject`: the reference is stolen only when the call succeeds (returns 0). */
  readonly onSuccessOnly?: boolean;
}

/** From the C-API documentation ("This function steals a reference to ..."). */
export const STEALING: ReadonlyMap<string, Steal> = new Map<string, Steal>([
  ['PyBytes_ConcatAndDel', { args: [1] }],
  ['PyErr_Restore', { args: [0, 1, 2] }],
  ['PyErr_SetExcInfo', { args: [0, 1, 2] }],
  ['PyErr_SetRaisedException', { args: [0] }],
  ['PyException_SetCause', { args: [1] }],
  ['PyException_SetContext', { args: [1] }],
  ['PyList_SET_ITEM', { args: [2] }],
  ['PyList_SetItem', { args: [2] }],
  ['PyModule_Add', { args: [2] }],
  ['PyModule_AddObject', { args: [2], onSuccessOnly: true }],
  ['PyStructSequence_SET_ITEM', { args: [2] }],
  ['PyStructSequence_SetItem', { args: [2] }],
  ['PyTuple_SET_ITEM', { args: [2] }],
  ['PyTuple_SetItem', { args: [2] }],
  ['PyUnicode_AppendAndDel', { args: [1] }],
]);

/** Return ownership of functions and macros missing from refcounts.dat or listed wrongly there. */
const EXTRA_RETURNS: ReadonlyMap<string, ReturnOwnership> = new Map<string, ReturnOwnership>([
  ['PyModule_Create', 'new'],
  ['PyModule_FromDefAndSpec', 'new'],
  ['PyObject_New', 'new'],
  ['PyObject_NewVar', 'new'],
  ['PyObject_GC_New', 'new'],
  ['PyObject_GC_NewVar', 'new'],
  ['PyObject_CallNoArgs', 'new'],
  ['PyObject_CallOneArg', 'new'],
  ['PyObject_Vectorcall', 'new'],
  ['PyObject_VectorcallMethod', 'new'],
  ['PyObject_CallMethodNoArgs', 'new'],
  ['PyObject_CallMethodOneArg', 'new'],
  ['PyErr_GetRaisedException', 'new'],
  ['PyImport_ImportModuleAttrString', 'new'],
  ['PyType_FromSpec', 'new'],
  ['PyType_FromSpecWithBases', 'new'],
  ['PyType_FromModuleAndSpec', 'new'],
  ['PyUnicode_FromFormat', 'new'],
  ['PyList_GetItemRef', 'new'],
  ['PyTuple_GET_ITEM', 'borrowed'],
  ['PyList_GET_ITEM', 'borrowed'],
  ['PySequence_Fast_GET_ITEM', 'borrowed'],
  ['PyModule_GetState', 'borrowed'],
]);

/** Borrowed results that are NULL when an item is missing or on error (the rest of the borrowed ones never are). */
const BORROWED_CAN_BE_NULL: ReadonlySet<string> = new Set([
  // Not PyList_GetItem / PyTuple_GetItem: they fail only on a bad index, and real code checks the size instead.
  'PyDict_GetItem', 'PyDict_GetItemString', 'PyDict_GetItemWithError',
  'PySys_GetObject', 'PyWeakref_GetObject', 'PyErr_Occurred', 'PyImport_AddModule', 'PyImport_AddModuleObject',
  'PyCapsule_GetPointer', 'PyModule_GetDict', 'PyEval_GetFrame', 'PyEval_GetGlobals', 'PyEval_GetLocals',
]);

/** New references that are never NULL. */
const NEW_NEVER_NULL: ReadonlySet<string> = new Set(['Py_NewRef', 'PyBool_FromLong']);

/** Macros and functions that only read their object arguments (not in refcounts.dat). */
const READS_ONLY: ReadonlySet<string> = new Set([
  'Py_TYPE', 'Py_SIZE', 'Py_REFCNT', 'Py_IS_TYPE', 'Py_Is', 'Py_IsNone', 'Py_IsTrue', 'Py_IsFalse', 'PyObject_TypeCheck',
  'Py_VISIT', 'PyTuple_GET_SIZE', 'PyList_GET_SIZE', 'PyBytes_AS_STRING', 'PyBytes_GET_SIZE', 'PyUnicode_GET_LENGTH',
  'PySequence_Fast_GET_SIZE', 'PyModule_AddObjectRef', 'PyModule_AddIntConstant', 'PyModule_AddStringConstant',
  'PyModule_AddType', 'PyArg_ParseTuple', 'PyArg_ParseTupleAndKeywords', 'PyArg_UnpackTuple', 'PyArg_Parse',
  'PyErr_SetString', 'PyErr_SetObject', 'PyErr_Format', 'PyErr_ExceptionMatches', 'PyErr_GivenExceptionMatches',
  'PyDict_Next', 'PyObject_GC_UnTrack', 'PyObject_GC_Track', 'PyObject_ClearWeakRefs',
]);

/** Results not tracked: `Py_TYPE(o)` is borrowed, but heap types' `tp_dealloc` must release it (`Py_DECREF(tp)`). */
const UNTRACKED_RESULTS: ReadonlySet<string> = new Set(['Py_TYPE']);

export function returnOwnership(name: string): ReturnOwnership | undefined {
  if (UNTRACKED_RESULTS.has(name)) return undefined;
  const extra = EXTRA_RETURNS.get(name);
  if (extra) return extra;
  const r = REFCOUNTS.get(name)?.ret;
  return r === 'new' || r === 'borrowed' ? r : undefined;
}

/** The result is NULL on failure (or when an item is missing) and must be checked before use. */
export function resultCanBeNull(name: string, ownership: ReturnOwnership): boolean {
  return ownership === 'new' ? !NEW_NEVER_NULL.has(name) : BORROWED_CAN_BE_NULL.has(name);
}

/** The function is one whose effect on its object arguments we know (so it neither steals nor keeps them, unless STEALING says so). */
export function isKnownFunction(name: string): boolean {
  return REFCOUNTS.has(name) || EXTRA_RETURNS.has(name) || READS_ONLY.has(name) || STEALING.has(name) ||
    /^Py\w*_Check(Exact)?$/.test(name);
}

/** Parameter `index` of a table function is an object pointer that must not be NULL. */
export function requiresNonNull(name: string, index: number): boolean {
  if (name === 'Py_DECREF' || name === 'Py_INCREF' || name === 'Py_TYPE' || name === 'Py_SIZE' || name === 'Py_REFCNT') return true;
  const steal = STEALING.get(name);
  if (steal?.args.includes(index)) return false;
  if (ACCEPTS_NULL.get(name) === index) return false;
  const params = REFCOUNTS.get(name)?.params;
  return params !== undefined && params[index] === 'o' && !/^Py_X|^PyErr_|^Py_BuildValue/.test(name);
}

/** Object parameters that accept NULL: a deleting `PyObject_SetAttr`, `PyObject_Call` without keywords, ... */
const ACCEPTS_NULL: ReadonlyMap<string, number> = new Map([
  ['PyObject_SetAttr', 2], ['PyObject_SetAttrString', 2], ['PyObject_GenericSetAttr', 2], ['PyObject_Call', 2],
  ['PyEval_CallObjectWithKeywords', 2], ['PyObject_VectorcallDict', 3],
  // They print `<NULL>` (Objects/object.c).
  ['PyObject_Repr', 0], ['PyObject_Str', 0], ['PyObject_ASCII', 0], ['PyObject_Bytes', 0],
]);

/** `PyList_GetItem` -> `PyList_GetItemRef` (3.13): the spelling that returns a new reference. */
export const GET_ITEM_REF: ReadonlyMap<string, string> = new Map([
  ['PyList_GetItem', 'PyList_GetItemRef'],
  ['PyDict_GetItem', 'PyDict_GetItemRef'],
]);

/** Functions that check their object argument for NULL themselves (`PyModule_AddObjectRef(m, "x", PyLong_FromLong(1))`). */
export const CHECKS_NULL_ARGUMENT: ReadonlySet<string> = new Set(['PyModule_AddObjectRef', 'PyModule_Add', 'PyModule_AddObject']);
