// The outside world the analysis may read, supplied by the caller (the CLI and
// the LSP server read the disk; tests give nothing). Paths are the strings given
// to `openFile` (file paths in the CLI, `file://` URIs in the editor), joined
// with `/`.

export interface Workspace {
  /** The text of a file, or undefined when there is none or it cannot be read. */
  readFile(path: string): string | undefined;
  /** An absolute form of a path, so that folders above a relative one can be searched. */
  resolve?(path: string): string;
}

function parent(path: string): string | undefined {
  const at = path.lastIndexOf('/');
  if (at <= 0) return undefined;
  const up = path.slice(0, at);
  return up.endsWith(':/') || up.endsWith('//') ? undefined : up;
}

/**
 * The crate root a Rust file belongs to: `src/lib.rs` (or `src/main.rs`) beside the
 * nearest `Cargo.toml` above the file (the file itself, when it is the root).
 * Undefined when there is none.
 */
export function crateRootOf(path: string, workspace: Workspace): { path: string; text: string } | undefined {
  let dir = parent(path);
  for (let depth = 0; dir !== undefined && depth < 12; depth++, dir = parent(dir)) {
    if (workspace.readFile(`${dir}/Cargo.toml`) === undefined) continue;
    for (const candidate of [`${dir}/src/lib.rs`, `${dir}/src/main.rs`]) {
      const text = workspace.readFile(candidate);
      if (text !== undefined) return { path: candidate, text };
    }
    return undefined;
  }
  return undefined;
}
