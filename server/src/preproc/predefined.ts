// The macros a compiler predefines for a target and language: clang's list for C
// (predefined-full.ts), with clang++'s changes applied for C++ (predefined-cxx.ts:
// no __STDC_VERSION__, __cplusplus 202002L, the __cpp_* feature macros, _MSVC_LANG, ...).
import { CXX_PREDEFINED_CHANGES } from './predefined-cxx.ts';
import { FULL_PREDEFINED } from './predefined-full.ts';

export function predefinedMacros(triple: string, language: 'c' | 'cpp'): string {
  const c = FULL_PREDEFINED[triple] ?? '';
  return language === 'cpp' ? `${c}\n${CXX_PREDEFINED_CHANGES[triple] ?? ''}` : c;
}
