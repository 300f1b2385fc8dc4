// Diagnostic: cpython-unchecked-null — The result of a call that can fail (NULL) used without a check.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonUncheckedNull: DiagnosticDef = {
  code: 'cpython-unchecked-null',
  summary: 'The result of a call that can fail (NULL) used without a check.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-unchecked-null', 'warning'),
};
