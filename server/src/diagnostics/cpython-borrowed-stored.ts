// Diagnostic: cpython-borrowed-stored — A borrowed reference stored into a struct field, a static or a stealing call without `Py_NewRef`/`Py_INCREF`.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonBorrowedStored: DiagnosticDef = {
  code: 'cpython-borrowed-stored',
  summary: 'A borrowed reference stored into a struct field, a static or a stealing call without `Py_NewRef`/`Py_INCREF`.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-borrowed-stored', 'warning'),
};
