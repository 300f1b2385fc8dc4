// Diagnostic: cpython-leak — A new reference that is not released, stored, returned or stolen on some path (error paths included).
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonLeak: DiagnosticDef = {
  code: 'cpython-leak',
  summary: 'A new reference that is not released, stored, returned or stolen on some path (error paths included).',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-leak', 'warning'),
};
