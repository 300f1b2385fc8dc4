#!/usr/bin/env bash
# Prints the predefined macros FFI Lens keeps per target (server/src/lower/c/predefined.ts is made from this output).
set -euo pipefail
names='_WIN32|_WIN64|_MSC_VER|__linux__|__unix__|__x86_64__|__i386__|__aarch64__|__arm__|__ARM_EABI__|__powerpc__|__PPC__|__LP64__|_LP64|__ILP32__|__BYTE_ORDER__|__ORDER_LITTLE_ENDIAN__|__ORDER_BIG_ENDIAN__|__BIG_ENDIAN__|__LITTLE_ENDIAN__|__SIZEOF_[A-Z0-9_]+__|__CHAR_UNSIGNED__|__BIGGEST_ALIGNMENT__|__GNUC__|__clang__|__STDC__|__STDC_VERSION__|__ELF__|_M_X64|_M_AMD64|__ARM_ARCH|__SIZE_WIDTH__|__INTPTR_WIDTH__|__WCHAR_WIDTH__|__LONG_WIDTH__|__INT_WIDTH__|__CHAR_BIT__'
for t in x86_64-unknown-linux-gnu i686-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-msvc armv7-unknown-linux-gnueabihf powerpc-unknown-linux-gnu; do
  echo "== $t"; clang --target="$t" -dM -E -x c /dev/null | grep -E "define ($names) "
done
