// Diagnostic: cpython-borrowed-release — `Py_DECREF`/`Py_XDECREF`/`Py_CLEAR` of a borrowed reference the function does not own.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonBorrowedRelease: DiagnosticDef = {
  code: 'cpython-borrowed-release',
  summary: '`Py_DECREF`/`Py_XDECREF`/`Py_CLEAR` of a borrowed reference the function does not own.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-borrowed-release', 'error'),
};
