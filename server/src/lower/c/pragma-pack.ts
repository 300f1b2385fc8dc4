// `#pragma pack(...)` as GCC, clang and MSVC read it: `pack()` resets, `pack(N)` sets,
// `pack(push[, N])` saves the current value (then sets N), `pack(pop)` restores.
// Shared by the C and C++ front ends; N = 0 means "no limit".

/** The current maximum field alignment (undefined: none) and the values `push` saved. */
export interface PackState {
  pack: number | undefined;
  readonly packStack: Array<number | undefined>;
}

/** Applies a `#pragma` line's argument text (e.g. `pack(push, 2)`); other pragmas leave `state` alone. */
export function applyPragmaPack(argument: string, state: PackState): void {
  const m = /^pack\s*\((.*)\)\s*$/s.exec(argument.trim());
  if (!m) return;
  const parts = m[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const value = (s: string | undefined): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);
  if (parts.length === 0) {
    state.pack = undefined;
  } else if (parts[0] === 'push') {
    state.packStack.push(state.pack);
    const n = value(parts[parts.length - 1]);
    if (n !== undefined) state.pack = n || undefined;
  } else if (parts[0] === 'pop') {
    state.pack = state.packStack.length ? state.packStack.pop() : undefined;
  } else {
    const n = value(parts[0]);
    if (n !== undefined) state.pack = n || undefined;
  }
}
