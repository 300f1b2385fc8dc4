// Name lookup within one file: a path's last segment is looked up in the
// module it is written in, then in the whole file (items of nested modules are
// usually reached through `use` or a qualified path, which name them by the same
// last segment). Names of the standard library and `libc` are recognised by
// their last segment when no item of the file has that name.
import type { RustAdt, RustAlias, RustCrate } from './items.ts';

/** Items of the other files of the crate, consulted after the file's own. */
export interface OtherFiles {
  readonly adts: readonly RustAdt[];
  readonly aliases: readonly RustAlias[];
}

export type Resolved = { readonly kind: 'adt'; readonly adt: RustAdt } | { readonly kind: 'alias'; readonly alias: RustAlias };

export class Resolver {
  private readonly byModule = new Map<string, Resolved>();
  private readonly anywhere = new Map<string, Resolved>();

  constructor(readonly crate: RustCrate, others: OtherFiles = { adts: [], aliases: [] }) {
    const add = (name: string, module: string, r: Resolved): void => {
      const key = `${module}\0${name}`;
      if (!this.byModule.has(key)) this.byModule.set(key, r);
      if (!this.anywhere.has(name)) this.anywhere.set(name, r);
    };
    // The file's own items first: they win over a name of another file.
    for (const adt of crate.adts) add(adt.name, adt.ctx.module, { kind: 'adt', adt });
    for (const alias of crate.aliases) add(alias.name, alias.ctx.module, { kind: 'alias', alias });
    for (const adt of others.adts) add(adt.name, adt.ctx.module, { kind: 'adt', adt });
    for (const alias of others.aliases) add(alias.name, alias.ctx.module, { kind: 'alias', alias });
  }

  /** The item a path names, written in `module`; undefined for names from outside the file. */
  lookup(name: string, qualifier: readonly string[], module: string): Resolved | undefined {
    const real = this.crate.uses.get(name) ?? name;
    // `std::ffi::c_int`, `core::..`, `libc::..` name the outside world even if the file has an item so named.
    const root = qualifier[0];
    if (root === 'std' || root === 'core' || root === 'alloc') return undefined;
    return this.byModule.get(`${module}\0${real}`) ?? this.anywhere.get(real);
  }
}
