// Diagnostic: cpython-buildvalue-format — `Py_BuildValue` format: `N` with a borrowed reference, or `O` with a new reference that is never released.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonBuildvalueFormat: DiagnosticDef = {
  code: 'cpython-buildvalue-format',
  summary: '`Py_BuildValue` format: `N` with a borrowed reference, or `O` with a new reference that is never released.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-buildvalue-format', 'warning'),
};
