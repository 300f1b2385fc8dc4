// The other files of a Rust crate: found from the crate root by following
// `mod name;` declarations (`name.rs` or `name/mod.rs` beside the declaring
// module), lowered per target, so types defined in one file are known in
// another. Modules declared inside macros (`cfg_if! { .. }`) are not followed,
// and `#[path]` is not read. Read through the caller's Workspace.
import type { RustAdt, RustAlias } from '../lower/rust/items.ts';
import { cfgFactsOf } from '../lower/rust/cfg.ts';
import { lowerRust, outOfLineModules } from '../lower/rust/lower.ts';
import type { Target } from '../layout/types.ts';
import type { Parsers } from '../syntax/parser.ts';
import { normalizeRust } from '../syntax/rust-normalize.ts';
import type { Workspace } from './workspace.ts';

/** The most files followed from one crate root. */
const MAX_CRATE_FILES = 2000;

export interface CrateItems {
  readonly adts: readonly RustAdt[];
  readonly aliases: readonly RustAlias[];
}

interface CrateFile {
  readonly path: string;
  readonly text: string;
  readonly module: string;
}

function dirOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

export class CrateIndex {
  private files: CrateFile[] | undefined;
  private readonly perTarget = new Map<string, Map<string, CrateItems>>();

  constructor(private readonly rootPath: string, private readonly rootText: string, private readonly workspace: Workspace, private readonly parsers: Parsers) {}

  /** The items of every file of the crate except `path` (that file's own are authoritative), for one target. */
  itemsExcept(path: string, target: Target): CrateItems {
    let byFile = this.perTarget.get(target.triple);
    if (!byFile) {
      byFile = new Map();
      const facts = cfgFactsOf(target.triple);
      for (const f of this.crateFiles()) {
        const tree = this.parsers.parse('rust', normalizeRust(f.text));
        if (!tree) continue;
        try {
          const crate = lowerRust(tree, facts, new Set(), { module: f.module, file: f.path });
          byFile.set(f.path, { adts: crate.adts, aliases: crate.aliases });
        } finally {
          tree.delete();
        }
      }
      this.perTarget.set(target.triple, byFile);
    }
    const adts: RustAdt[] = [];
    const aliases: RustAlias[] = [];
    for (const [p, items] of byFile) {
      if (p === path) continue;
      adts.push(...items.adts);
      aliases.push(...items.aliases);
    }
    return { adts, aliases };
  }

  private crateFiles(): CrateFile[] {
    if (this.files) return this.files;
    const files: CrateFile[] = [{ path: this.rootPath, text: this.rootText, module: '' }];
    const seen = new Set([this.rootPath]);
    // Each file with the folder its `mod x;` children live in.
    const queue: Array<{ file: CrateFile; childDir: string }> = [{ file: files[0]!, childDir: dirOf(this.rootPath) }];
    while (queue.length && files.length < MAX_CRATE_FILES) {
      const { file, childDir } = queue.shift()!;
      const tree = this.parsers.parse('rust', normalizeRust(file.text));
      if (!tree) continue;
      let mods;
      try {
        mods = outOfLineModules(tree);
      } finally {
        tree.delete();
      }
      for (const m of mods) {
        const dir = [childDir, ...m.inline].join('/');
        const module = [file.module, ...m.inline, m.name].filter(Boolean).join('::');
        for (const candidate of [`${dir}/${m.name}.rs`, `${dir}/${m.name}/mod.rs`]) {
          if (seen.has(candidate)) break;
          const text = this.workspace.readFile(candidate);
          if (text === undefined) continue;
          seen.add(candidate);
          const child = { path: candidate, text, module };
          files.push(child);
          queue.push({ file: child, childDir: `${dir}/${m.name}` });
          break;
        }
      }
    }
    this.files = files;
    return files;
  }
}
