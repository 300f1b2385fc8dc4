// Prepares Rust text for tree-sitter-rust 0.24, which predates edition 2024's
// `unsafe extern "C" { ... }` blocks and their `safe fn` / `safe static` items:
// it reads them as ERROR nodes. The words are blanked at the same length, so
// every offset means the same in the parsed text and the file; what was blanked
// is not needed by any analysis (an extern block's items are unsafe to call
// either way, and `safe` only changes how Rust code calls them).

/** `unsafe` directly before `extern "ABI" {` (a foreign block, not an `unsafe extern "C" fn`). */
const UNSAFE_EXTERN_BLOCK = /\bunsafe(\s+extern\s*(?:"[^"\n]*"\s*)?\{)/g;
/** `safe` as an item qualifier inside such a block. */
const SAFE_ITEM = /(^|[\s;{}\]])safe(\s+(?:fn|static)\b)/g;

export function normalizeRust(text: string): string {
  if (!text.includes('safe')) return text;
  return text
    .replace(UNSAFE_EXTERN_BLOCK, (_m, rest: string) => `      ${rest}`)
    .replace(SAFE_ITEM, (_m, before: string, rest: string) => `${before}    ${rest}`);
}
