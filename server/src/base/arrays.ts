// `out.push(...items)` passes every item as an argument: past ~120,000 items V8 throws
// "Maximum call stack size exceeded". A file with 126,000 zero-length arrays made the
// diagnostics registry throw that and report nothing, so any list that grows with the
// input (diagnostics, declarations, seeds) is appended with a loop.

/** Appends `items` to `out` in place, for any number of items. */
export function appendAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const item of items) out.push(item);
  return out;
}
