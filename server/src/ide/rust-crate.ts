// The other files of a Rust crate: found from the crate root by following
// `mod name;` declarations (`name.rs` or `name/mod.rs` beside the declaring
// module), lowered per target, so types defined in one file are known in
// another. Modules declared inside macros (`cfg_if! { .. }`) are not followed,
// and `#[path]` is not read. Read through the caller's Workspace.
//
// It also answers, per target, which functions of those files can panic (for
// `rust-panic-unwinds-into-c` in another file): a file's panic paths are found
// when a call first names one of its functions, by the same PanicAnalysis the
// open file uses, asking the crate's other files in turn. A file still being
// analysed when a cycle of calls comes back to it answers "no panic known".
import type { RustAdt, RustAlias, RustFn } from '../lower/rust/items.ts';
import { PanicAnalysis, type CrateCall, type CrateFns, type PanicStep } from '../lower/rust/panics.ts';
import { LineIndex } from '../base/line-index.ts';
import type { Tree } from 'web-tree-sitter';
import { cfgFactsOf } from '../lower/rust/cfg.ts';
import { lowerRust, outOfLineModules } from '../lower/rust/lower.ts';
import type { Target } from '../layout/types.ts';
import { parseRange, type Parsers } from '../syntax/parser.ts';
import { normalizeRust } from '../syntax/rust-normalize.ts';
import type { Workspace } from './workspace.ts';
import { appendAll } from '../base/arrays.ts';

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

type PanicSummary = ReadonlyMap<number, readonly PanicStep[]>;

/** Qualifier segments that name the crate's module tree relative to the caller, not a module. */
const RELATIVE = new Set(['crate', 'self', 'super']);

export class CrateIndex {
  private files: CrateFile[] | undefined;
  private readonly perTarget = new Map<string, Map<string, CrateItems>>();
  /** Per target: the Rust-ABI function definitions of every file, by name. */
  private readonly fnsPerTarget = new Map<string, Map<string, Array<{ file: string; fn: RustFn }>>>();
  /** Per target and file: the panic path of each of its functions that can panic, by the function's start offset. */
  private readonly panicsPerTarget = new Map<string, Map<string, PanicSummary>>();
  private readonly analysing = new Set<string>();
  private readonly reparse = (text: string, start: number, end: number): Tree | null => parseRange(this.parsers, 'rust', text, start, end);

  constructor(private readonly rootPath: string, private readonly rootText: string, private readonly workspace: Workspace, private readonly parsers: Parsers) {}

  /** The items of every file of the crate except `path` (that file's own are authoritative), for one target. */
  itemsExcept(path: string, target: Target): CrateItems {
    const byFile = this.lowered(target);
    const adts: RustAdt[] = [];
    const aliases: RustAlias[] = [];
    for (const [p, items] of byFile) {
      if (p === path) continue;
      appendAll(adts, items.adts);
      appendAll(aliases, items.aliases);
    }
    return { adts, aliases };
  }

  /** Every file of the crate lowered for one target: its types, and its Rust-ABI functions by name. */
  private lowered(target: Target): Map<string, CrateItems> {
    let byFile = this.perTarget.get(target.triple);
    if (!byFile) {
      byFile = new Map();
      const fnsByName = new Map<string, Array<{ file: string; fn: RustFn }>>();
      this.fnsPerTarget.set(target.triple, fnsByName);
      const facts = cfgFactsOf(target.triple);
      for (const f of this.crateFiles()) {
        const tree = this.parsers.parse('rust', normalizeRust(f.text));
        if (!tree) continue;
        try {
          const crate = lowerRust(tree, facts, new Set(), { module: f.module, file: f.path }, this.reparse);
          byFile.set(f.path, { adts: crate.adts, aliases: crate.aliases });
          for (const fn of crate.fns) {
            if (fn.kind !== 'definition' || !fn.body || (fn.abi !== undefined && fn.abi !== 'Rust')) continue;
            const named = fnsByName.get(fn.name);
            if (named) named.push({ file: f.path, fn });
            else fnsByName.set(fn.name, [{ file: f.path, fn }]);
          }
        } finally {
          tree.delete();
        }
      }
      this.perTarget.set(target.triple, byFile);
    }
    return byFile;
  }

  /** The functions of every file of the crate except `path`, for calls `path`'s own functions do not answer. */
  panicsExcept(path: string, target: Target): CrateFns {
    return { panicPathOf: (call) => this.panicPathOf(call, path, target) };
  }

  private panicPathOf(call: CrateCall, except: string, target: Target): { name: string; steps: readonly PanicStep[] } | undefined {
    this.lowered(target);
    const named = (this.fnsPerTarget.get(target.triple)?.get(call.name) ?? []).filter((c) => c.file !== except);
    let candidates: typeof named;
    if (call.method) {
      // `x.f()`: a method whose name is unique among the crate's; `Type::f()`: a method of `Type`.
      const type = call.qualifier[call.qualifier.length - 1];
      const methods = named.filter((c) => c.fn.inImpl);
      candidates = type && type !== 'Self' ? methods.filter((c) => c.fn.implOf === type) : methods;
    } else {
      const free = named.filter((c) => !c.fn.inImpl);
      const module = call.qualifier.filter((q) => !RELATIVE.has(q)).join('::');
      candidates = module
        ? free.filter((c) => c.fn.ctx.module === module || c.fn.ctx.module.endsWith(`::${module}`))
        : free.filter((c) => c.fn.ctx.module === call.module);
      if (!module && !candidates.length) candidates = free;
    }
    // Several functions could be meant: silence over a guess.
    if (candidates.length !== 1) return undefined;
    const { file, fn } = candidates[0]!;
    const steps = this.panicSummary(file, target)?.get(fn.span.start);
    return steps ? { name: fn.name, steps } : undefined;
  }

  private panicSummary(path: string, target: Target): PanicSummary | undefined {
    let perFile = this.panicsPerTarget.get(target.triple);
    if (!perFile) {
      perFile = new Map();
      this.panicsPerTarget.set(target.triple, perFile);
    }
    const known = perFile.get(path);
    if (known) return known;
    const key = `${target.triple}\0${path}`;
    const file = this.crateFiles().find((f) => f.path === path);
    if (!file || this.analysing.has(key)) return undefined;
    const tree = this.parsers.parse('rust', normalizeRust(file.text));
    if (!tree) return undefined;
    this.analysing.add(key);
    const summary = new Map<number, readonly PanicStep[]>();
    try {
      const crate = lowerRust(tree, cfgFactsOf(target.triple), new Set(), { module: file.module, file: file.path }, this.reparse);
      const panics = new PanicAnalysis(tree, crate, this.panicsExcept(path, target));
      const lines = new LineIndex(file.text);
      const here = (s: PanicStep): PanicStep => {
        if (s.file) return s;
        const a = lines.position(s.span.start);
        const b = lines.position(s.span.end);
        return { ...s, file: { path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character } };
      };
      for (const fn of crate.fns) {
        if (fn.kind !== 'definition' || !fn.body || (fn.abi !== undefined && fn.abi !== 'Rust')) continue;
        const steps = panics.panicPath(fn);
        if (steps) summary.set(fn.span.start, steps.map(here));
      }
    } finally {
      this.analysing.delete(key);
      tree.delete();
    }
    perFile.set(path, summary);
    return summary;
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
