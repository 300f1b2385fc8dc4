// Diagnostic: cpython-borrowed-returned — A borrowed reference returned from a function that must return a new reference.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonBorrowedReturned: DiagnosticDef = {
  code: 'cpython-borrowed-returned',
  summary: 'A borrowed reference returned from a function that must return a new reference.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-borrowed-returned', 'warning'),
};
