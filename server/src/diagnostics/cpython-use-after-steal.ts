// Diagnostic: cpython-use-after-steal — An object used or released after it was released or stolen, and double releases.
// One code of the CPython reference analysis (server/src/cpython/); the path
// that leads to it is the related information.
import { cpythonDiagnostics } from './cpython-common.ts';
import type { DiagnosticDef } from './types.ts';

export const cpythonUseAfterSteal: DiagnosticDef = {
  code: 'cpython-use-after-steal',
  summary: 'An object used or released after it was released or stolen, and double releases.',
  run: (ctx) => cpythonDiagnostics(ctx, 'cpython-use-after-steal', 'error'),
};
