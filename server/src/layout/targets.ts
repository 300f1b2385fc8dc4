// The supported targets, as data. Every size/align below is the scalar's
// alignment *as a struct member*, read off clang 14's -fdump-record-layouts
// (`struct { char c; T x; }` and `struct { T x; }` per scalar and target);
// that is why i686 has `long long`/`double` at 4 and not their preferred 8.
import type { ScalarKind } from '../base/model.ts';
import type { SizeAlign, Target } from './types.ts';

function sa(size: number, align: number = size): SizeAlign {
  return { size, align };
}

type ScalarTable = Readonly<Record<ScalarKind, SizeAlign>>;

/** The kinds every target here agrees on; targets override the rest. */
const COMMON = {
  bool: sa(1), char: sa(1), schar: sa(1), uchar: sa(1),
  short: sa(2), ushort: sa(2), int: sa(4), uint: sa(4),
  float: sa(4), float16: sa(2), char16: sa(2), char32: sa(4),
  // clang lays __int128 out as 16/16 wherever it accepts it at all.
  int128: sa(16), uint128: sa(16),
} as const;

function ilp32(over: Partial<Record<ScalarKind, SizeAlign>>): ScalarTable {
  return {
    ...COMMON,
    long: sa(4), ulong: sa(4), llong: sa(8), ullong: sa(8), double: sa(8),
    longdouble: sa(8), wchar: sa(4),
    size: sa(4), ssize: sa(4), ptrdiff: sa(4), intptr: sa(4), uintptr: sa(4),
    ...over,
  };
}

function lp64(over: Partial<Record<ScalarKind, SizeAlign>>): ScalarTable {
  return {
    ...COMMON,
    long: sa(8), ulong: sa(8), llong: sa(8), ullong: sa(8), double: sa(8),
    longdouble: sa(16), wchar: sa(4),
    size: sa(8), ssize: sa(8), ptrdiff: sa(8), intptr: sa(8), uintptr: sa(8),
    ...over,
  };
}

// clang: an array whose byte size needs more than min(61, pointer bits)
// bits is "too large" (ConstantArrayType::getMaxSizeBits).
const MAX_64 = (1n << 61n) - 1n;
const MAX_32 = (1n << 32n) - 1n;

const ITANIUM_SWITCHES = {
  family: 'itanium',
  enumDefault: 'int',
  enumsAlwaysInt: false,
  explicitBitfieldAlign: true,
  ignorePackAbovePointer: false,
  emptyRecordSize: 0,
} as const;

export const X86_64_LINUX: Target = {
  ...ITANIUM_SWITCHES,
  triple: 'x86_64-unknown-linux-gnu',
  endian: 'little',
  pointer: sa(8),
  scalars: lp64({}),
  zeroWidthBitfieldAffectsAlign: false,
  unnamedBitfieldAffectsAlign: false,
  maxObjectSize: MAX_64,
  cachelineBytes: 64,
  unsupportedScalars: ['float16'],
};

export const I686_LINUX: Target = {
  ...ITANIUM_SWITCHES,
  triple: 'i686-unknown-linux-gnu',
  endian: 'little',
  pointer: sa(4),
  // The i386 SysV ABI caps member alignment at 4; long double is the x87 80-bit type in 12 bytes.
  scalars: ilp32({ llong: sa(8, 4), ullong: sa(8, 4), double: sa(8, 4), longdouble: sa(12, 4) }),
  zeroWidthBitfieldAffectsAlign: false,
  unnamedBitfieldAffectsAlign: false,
  maxObjectSize: MAX_32,
  cachelineBytes: 64,
  unsupportedScalars: ['int128', 'uint128', 'float16'],
};

export const AARCH64_LINUX: Target = {
  ...ITANIUM_SWITCHES,
  triple: 'aarch64-unknown-linux-gnu',
  endian: 'little',
  pointer: sa(8),
  // long double is IEEE quad here.
  scalars: lp64({}),
  zeroWidthBitfieldAffectsAlign: true,
  unnamedBitfieldAffectsAlign: true,
  maxObjectSize: MAX_64,
  cachelineBytes: 64,
  unsupportedScalars: [],
};

export const X86_64_MSVC: Target = {
  triple: 'x86_64-pc-windows-msvc',
  family: 'msvc',
  endian: 'little',
  pointer: sa(8),
  // LLP64: long stays 4, long double is plain double, wchar_t is 16-bit.
  scalars: lp64({ long: sa(4), ulong: sa(4), longdouble: sa(8), wchar: sa(2) }),
  zeroWidthBitfieldAffectsAlign: false,
  unnamedBitfieldAffectsAlign: false,
  maxObjectSize: MAX_64,
  enumDefault: 'int',
  cachelineBytes: 64,
  unsupportedScalars: ['float16'],
  enumsAlwaysInt: true,
  explicitBitfieldAlign: true,
  ignorePackAbovePointer: true,
  emptyRecordSize: 4,
};

export const ARMV7_LINUX_HF: Target = {
  ...ITANIUM_SWITCHES,
  triple: 'armv7-unknown-linux-gnueabihf',
  endian: 'little',
  pointer: sa(4),
  // AAPCS: 8-byte types are 8-aligned even on a 32-bit core; long double is double.
  scalars: ilp32({}),
  zeroWidthBitfieldAffectsAlign: true,
  unnamedBitfieldAffectsAlign: true,
  maxObjectSize: MAX_32,
  cachelineBytes: 64,
  unsupportedScalars: ['int128', 'uint128'],
};

export const POWERPC_LINUX: Target = {
  ...ITANIUM_SWITCHES,
  triple: 'powerpc-unknown-linux-gnu',
  endian: 'big',
  pointer: sa(4),
  // long double is IBM double-double: 16 bytes, 16-aligned.
  scalars: ilp32({ longdouble: sa(16) }),
  zeroWidthBitfieldAffectsAlign: false,
  unnamedBitfieldAffectsAlign: false,
  maxObjectSize: MAX_32,
  cachelineBytes: 32,
  unsupportedScalars: ['int128', 'uint128', 'float16'],
};

export const TARGETS: readonly Target[] = [
  X86_64_LINUX, I686_LINUX, AARCH64_LINUX, X86_64_MSVC, ARMV7_LINUX_HF, POWERPC_LINUX,
];

export const DEFAULT_TARGET: Target = X86_64_LINUX;

const ALIASES: ReadonlyMap<string, Target> = new Map<string, Target>([
  ['x86_64', X86_64_LINUX], ['x86-64', X86_64_LINUX], ['amd64', X86_64_LINUX],
  ['x86_64-linux', X86_64_LINUX], ['x86_64-linux-gnu', X86_64_LINUX],
  ['i686', I686_LINUX], ['i386', I686_LINUX], ['x86', I686_LINUX],
  ['i686-linux', I686_LINUX], ['i686-linux-gnu', I686_LINUX],
  ['aarch64', AARCH64_LINUX], ['arm64', AARCH64_LINUX],
  ['aarch64-linux', AARCH64_LINUX], ['aarch64-linux-gnu', AARCH64_LINUX],
  ['msvc', X86_64_MSVC], ['x86_64-windows', X86_64_MSVC], ['x86_64-msvc', X86_64_MSVC],
  ['x86_64-windows-msvc', X86_64_MSVC], ['win64', X86_64_MSVC],
  ['armv7', ARMV7_LINUX_HF], ['arm', ARMV7_LINUX_HF], ['armhf', ARMV7_LINUX_HF],
  ['armv7-linux-gnueabihf', ARMV7_LINUX_HF],
  ['powerpc', POWERPC_LINUX], ['ppc', POWERPC_LINUX], ['ppc32', POWERPC_LINUX],
  ['powerpc-linux-gnu', POWERPC_LINUX],
]);

/** A target by full triple or short alias, case-insensitively; undefined when unknown. */
export function findTarget(triple: string): Target | undefined {
  const key = triple.trim().toLowerCase();
  return TARGETS.find((t) => t.triple === key) ?? ALIASES.get(key);
}
