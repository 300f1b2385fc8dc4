// The analysis of one Rust file: lowered once per target (`#[cfg]` depends on
// it), its model and layout engine per target, and the FFI-safety checker.
// Everything here is cached on the immutable snapshot.
import type { Tree } from 'web-tree-sitter';
import type { RecordDecl, TypeRef } from '../base/model.ts';
import { LayoutEngine } from '../layout/engine.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { cfgFactsOf } from '../lower/rust/cfg.ts';
import { FfiChecker } from '../lower/rust/ffi-safety.ts';
import type { RustCrate, RustType } from '../lower/rust/items.ts';
import { lowerRust, type ReparseRust } from '../lower/rust/lower.ts';
import type { CrateFns } from '../lower/rust/panics.ts';
import { Resolver, type OtherFiles } from '../lower/rust/resolve.ts';
import { rustToModel, type RustModel } from '../lower/rust/to-model.ts';

interface PerTarget {
  readonly crate: RustCrate;
  /** Types converted for hovers, by span and module: the model's table grows once per type. */
  readonly types: Map<string, TypeRef>;
  readonly resolver: Resolver;
  model?: RustModel;
  engine?: LayoutEngine;
  checker?: FfiChecker;
}

export interface CrateContext {
  allowed(target: Target): ReadonlySet<string>;
  others(target: Target): OtherFiles;
  /** The functions of the crate's other files, for the panic analysis; absent outside a crate. */
  fns?(target: Target): CrateFns;
}

const NO_CRATE: CrateContext = { allowed: () => new Set(), others: () => ({ adts: [], aliases: [] }) };

export class RustFileAnalysis {
  private readonly perTarget = new Map<string, PerTarget>();

  /**
   * `crate`: what the rest of the crate contributes, per target: the lints the crate root allows
   * for every file (cfg_attr), and the types other files define.
   */
  constructor(readonly tree: Tree, readonly text: string, private readonly crateContext: CrateContext = NO_CRATE, private readonly reparse?: ReparseRust) {}

  private of(target: Target): PerTarget {
    let p = this.perTarget.get(target.triple);
    if (!p) {
      const crate = lowerRust(this.tree, cfgFactsOf(target.triple), this.crateContext.allowed(target), { module: '' }, this.reparse);
      p = { crate, resolver: new Resolver(crate, this.crateContext.others(target)), types: new Map() };
      this.perTarget.set(target.triple, p);
    }
    return p;
  }

  crate(target: Target): RustCrate {
    return this.of(target).crate;
  }

  resolver(target: Target): Resolver {
    return this.of(target).resolver;
  }

  /** The functions of the crate's other files (calls the file's own functions do not answer), if the file is in a crate. */
  crateFns(target: Target): CrateFns | undefined {
    return this.crateContext.fns?.(target);
  }

  checker(target: Target): FfiChecker {
    const p = this.of(target);
    p.checker ??= new FfiChecker(p.resolver);
    return p.checker;
  }

  model(target: Target): RustModel {
    const p = this.of(target);
    p.model ??= rustToModel(p.crate, p.resolver, this.text, { triple: target.triple, has128: !target.unsupportedScalars.includes('int128') });
    return p.model;
  }

  /** A type written in the file as a TypeRef of `model(target)`. */
  typeOf(target: Target, t: RustType, module: string): TypeRef {
    const p = this.of(target);
    const key = `${t.span.start}:${t.span.end}:${module}`;
    let ref = p.types.get(key);
    if (!ref) {
      ref = this.model(target).typeOf(t, module);
      p.types.set(key, ref);
    }
    return ref;
  }

  engine(target: Target): LayoutEngine {
    const p = this.of(target);
    p.engine ??= new LayoutEngine(this.model(target).table, target);
    return p.engine;
  }

  /** The records with a guaranteed layout (`repr(C)`, `repr(transparent)`, enums with data), in source order. */
  records(target: Target): Array<{ decl: RecordDecl; layout: LayoutAnswer }> {
    const model = this.model(target);
    const engine = this.engine(target);
    const out: Array<{ decl: RecordDecl; layout: LayoutAnswer }> = [];
    for (const [adt, id] of model.declOf) {
      // Types of other files laid out because this file uses them are listed with their own file.
      if (adt.ctx.file !== undefined) continue;
      const d = model.table.get(id);
      if (d.decl === 'record') out.push({ decl: d, layout: engine.record(id) });
    }
    return out.sort((a, b) => a.decl.span.start - b.decl.span.start);
  }
}
