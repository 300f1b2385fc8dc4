// Every diagnostic, sorted by code. Each runs guarded: one that throws is
// reported in the log and skipped; the others still answer.
import { cCompilerMismatch } from './c-compiler-mismatch.ts';
import { cLayoutUnknown } from './c-layout-unknown.ts';
import { cPreprocessor } from './c-preprocessor.ts';
import { cZeroLengthArray } from './c-zero-length-array.ts';
import { cppExceptionEscapesC } from './cpp-exception-escapes-c.ts';
import { cppNoexceptThrows } from './cpp-noexcept-throws.ts';
import { cppPolymorphicToC } from './cpp-polymorphic-to-c.ts';
import { cppThrowingCCallback } from './cpp-throwing-c-callback.ts';
import { rustDanglingTemporaryPointer } from './rust-dangling-temporary-pointer.ts';
import { rustFfiUnsafeType } from './rust-ffi-unsafe-type.ts';
import { rustNoMangleWithoutExternC } from './rust-no-mangle-without-extern-c.ts';
import { rustPanicUnwindsIntoC } from './rust-panic-unwinds-into-c.ts';
import { cpythonBorrowedRelease } from './cpython-borrowed-release.ts';
import { cpythonBorrowedReturned } from './cpython-borrowed-returned.ts';
import { cpythonBorrowedStored } from './cpython-borrowed-stored.ts';
import { cpythonBuildvalueFormat } from './cpython-buildvalue-format.ts';
import { cpythonLeak } from './cpython-leak.ts';
import { cpythonUncheckedNull } from './cpython-unchecked-null.ts';
import { cpythonUseAfterSteal } from './cpython-use-after-steal.ts';
import type { Diagnostic, DiagnosticContext, DiagnosticDef } from './types.ts';
import { appendAll } from '../base/arrays.ts';

export type { Diagnostic, DiagnosticContext, DiagnosticDef };

export const DIAGNOSTICS: readonly DiagnosticDef[] = [
  cCompilerMismatch,
  cLayoutUnknown,
  cPreprocessor,
  cZeroLengthArray,
  cppExceptionEscapesC,
  cppNoexceptThrows,
  cppPolymorphicToC,
  cppThrowingCCallback,
  cpythonBorrowedRelease,
  cpythonBorrowedReturned,
  cpythonBorrowedStored,
  cpythonBuildvalueFormat,
  cpythonLeak,
  cpythonUncheckedNull,
  cpythonUseAfterSteal,
  rustDanglingTemporaryPointer,
  rustFfiUnsafeType,
  rustNoMangleWithoutExternC,
  rustPanicUnwindsIntoC,
];

export function collectDiagnostics(ctx: DiagnosticContext, onError: (code: string, e: unknown) => void = () => {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of DIAGNOSTICS) {
    try {
      appendAll(out, d.run(ctx));
    } catch (e) {
      onError(d.code, e);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
