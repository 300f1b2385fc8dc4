// C's spellings of scalar types, and the <stdint.h>/<stddef.h>/<stdbool.h>/<uchar.h>
// names that are typedefs of them on every target we model.
import type { ScalarKind } from '../../base/model.ts';

/** Single-word names tree-sitter reports as primitive_type or type_identifier. */
export const NAMED_SCALARS: ReadonlyMap<string, ScalarKind> = new Map<string, ScalarKind>([
  ['char', 'char'], ['short', 'short'], ['int', 'int'], ['long', 'long'],
  ['float', 'float'], ['double', 'double'],
  ['_Bool', 'bool'], ['bool', 'bool'],
  ['__int128', 'int128'], ['__int128_t', 'int128'], ['__uint128_t', 'uint128'],
  ['_Float16', 'float16'], ['__fp16', 'float16'],
  ['int8_t', 'schar'], ['uint8_t', 'uchar'],
  ['int16_t', 'short'], ['uint16_t', 'ushort'],
  ['int32_t', 'int'], ['uint32_t', 'uint'],
  ['int64_t', 'llong'], ['uint64_t', 'ullong'],
  ['int_least8_t', 'schar'], ['uint_least8_t', 'uchar'],
  ['int_least16_t', 'short'], ['uint_least16_t', 'ushort'],
  ['int_least32_t', 'int'], ['uint_least32_t', 'uint'],
  ['int_least64_t', 'llong'], ['uint_least64_t', 'ullong'],
  ['int_fast8_t', 'schar'], ['uint_fast8_t', 'uchar'],
  ['intmax_t', 'llong'], ['uintmax_t', 'ullong'],
  ['size_t', 'size'], ['ssize_t', 'ssize'], ['ptrdiff_t', 'ptrdiff'],
  ['intptr_t', 'intptr'], ['uintptr_t', 'uintptr'],
  ['wchar_t', 'wchar'], ['char16_t', 'char16'], ['char32_t', 'char32'], ['char8_t', 'uchar'],
  // The fast 16/32-bit types differ between glibc (long) and MSVC (int/short); they are
  // deliberately absent so they come out as unknown rather than guessed.
]);

const SIGNED: Partial<Record<ScalarKind, ScalarKind>> = { char: 'schar', short: 'short', int: 'int', long: 'long', llong: 'llong', int128: 'int128' };
const UNSIGNED: Partial<Record<ScalarKind, ScalarKind>> = { char: 'uchar', short: 'ushort', int: 'uint', long: 'ulong', llong: 'ullong', int128: 'uint128' };

/**
 * The scalar a multi-word specifier names (`unsigned long long int`, `long double`,
 * `signed char`), or undefined when the words make no C type.
 */
export function scalarOfWords(words: readonly string[]): ScalarKind | undefined {
  let signedness: 'signed' | 'unsigned' | undefined;
  let longs = 0;
  let base: string | undefined;
  for (const w of words) {
    if (w === 'signed' || w === '__signed' || w === '__signed__') signedness = 'signed';
    else if (w === 'unsigned') signedness = 'unsigned';
    else if (w === 'long') longs++;
    else if (w === 'short') base = base ?? 'short';
    else if (base === undefined || base === 'int' || (w === 'int' && base === 'short')) base = w === 'int' && base === 'short' ? 'short' : w;
    else return undefined;
  }
  let kind: ScalarKind;
  if (base === 'double') {
    if (longs > 1 || signedness) return undefined;
    return longs === 1 ? 'longdouble' : 'double';
  }
  if (base === 'char') {
    if (longs) return undefined;
    return signedness === 'signed' ? 'schar' : signedness === 'unsigned' ? 'uchar' : 'char';
  }
  if (base === 'short') {
    if (longs) return undefined;
    kind = 'short';
  } else if (base === '__int128') {
    kind = 'int128';
  } else if (base === undefined || base === 'int') {
    kind = longs === 0 ? 'int' : longs === 1 ? 'long' : longs === 2 ? 'llong' : ('' as ScalarKind);
    if (!kind) return undefined;
  } else {
    if (longs || signedness) return undefined;
    return NAMED_SCALARS.get(base);
  }
  return signedness === 'unsigned' ? UNSIGNED[kind] : SIGNED[kind];
}

export function isUnsignedScalar(kind: ScalarKind): boolean {
  return ['bool', 'uchar', 'ushort', 'uint', 'ulong', 'ullong', 'uint128', 'size', 'uintptr', 'char16', 'char32'].includes(kind);
}
