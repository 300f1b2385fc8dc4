// Where a function body can panic: panicking macros (`panic!`, `unreachable!`,
// `todo!`, `unimplemented!`, `assert!` and friends), `unwrap`/`expect` calls,
// indexing, and calls to functions of the same crate that can panic (a fixed
// point over the file's call graph; calls no function of the file answers are
// asked of the crate's other files through `CrateFns`). Code inside
// `catch_unwind(..)` and nested items does not count for the enclosing body.
// Calls are resolved by name: a plain `f(..)` to a free function,
// `Type::f(..)`/`Self::f(..)` and `x.f(..)` to a method whose name is unique
// among the file's methods; unresolved calls are assumed not to panic (silence
// over a guess).
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../../base/model.ts';
import type { RustCrate, RustFn } from './items.ts';

const PANIC_MACROS = new Set(['panic', 'unreachable', 'todo', 'unimplemented', 'assert', 'assert_eq', 'assert_ne']);
const PANIC_METHODS = new Set(['unwrap', 'expect', 'unwrap_err', 'expect_err']);

/** Where a step in another file of the crate is: `span` is then in that file's offsets. 0-based lines, UTF-16 columns. */
export interface ElsewhereSpan {
  readonly path: string;
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** One step of a path to a panic: a call of another function, or the panicking expression itself. */
export interface PanicStep {
  readonly span: Span;
  readonly message: string;
  /** Set for steps in another file of the crate. */
  readonly file?: ElsewhereSpan;
}

/** A call the file's own functions do not answer, as written. */
export interface CrateCall {
  readonly name: string;
  /** The path before the name (`util` in `util::parse(..)`); empty for `f(..)` and `x.f(..)`. */
  readonly qualifier: readonly string[];
  readonly method: boolean;
  /** The module of the calling function. */
  readonly module: string;
}

/** The functions of the crate's other files: the panic path of the one a call names, when it can panic. */
export interface CrateFns {
  panicPathOf(call: CrateCall): { readonly name: string; readonly steps: readonly PanicStep[] } | undefined;
}

interface Site {
  readonly span: Span;
  /** Set for calls of a function of the file. */
  readonly callee?: RustFn;
  /** Set for calls answered by no function of the file, asked of the crate's other files. */
  readonly call?: CrateCall;
  readonly what: string;
}

function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

export class PanicAnalysis {
  private readonly sites = new Map<RustFn, Site[]>();
  private readonly paths = new Map<RustFn, PanicStep[] | null>();
  private readonly free = new Map<string, RustFn>();
  private readonly methods = new Map<string, RustFn | null>();

  /** The module of the function whose body is being collected. */
  private module = '';

  constructor(private readonly tree: Tree, crate: RustCrate, private readonly others?: CrateFns) {
    for (const fn of crate.fns) {
      if (fn.kind !== 'definition') continue;
      if (fn.inImpl) this.methods.set(fn.name, this.methods.has(fn.name) ? null : fn);
      else if (!this.free.has(fn.name)) this.free.set(fn.name, fn);
    }
  }

  /** The path from `fn`'s body to a panic (calls, then the panicking expression), or undefined when none is found. */
  panicPath(fn: RustFn): readonly PanicStep[] | undefined {
    return this.pathOf(fn, new Set()) ?? undefined;
  }

  private pathOf(fn: RustFn, visiting: Set<RustFn>): PanicStep[] | null {
    const memo = this.paths.get(fn);
    if (memo !== undefined) return memo;
    if (visiting.has(fn)) return null;
    visiting.add(fn);
    let found: PanicStep[] | null = null;
    const sites = this.sitesOf(fn);
    // A direct panic first: the shortest explanation.
    const direct = sites.find((s) => !s.callee && !s.call);
    if (direct) {
      found = [{ span: direct.span, message: direct.what }];
    } else {
      for (const s of sites) {
        if (s.call) {
          const other = this.others?.panicPathOf(s.call);
          if (other) {
            found = [{ span: s.span, message: `calls \`${other.name}\`, which can panic` }, ...other.steps];
            break;
          }
          continue;
        }
        const callee = s.callee!;
        // A callee with a C ABI aborts on its own (and is reported there): it does not unwind into this one.
        if (callee.abi !== undefined && callee.abi !== 'Rust') continue;
        const inner = this.pathOf(callee, visiting);
        if (inner) {
          found = [{ span: s.span, message: `calls \`${callee.name}\`, which can panic` }, ...inner];
          break;
        }
      }
    }
    visiting.delete(fn);
    // A null found while a caller was still being visited may change later: keep only definite answers.
    if (found || visiting.size === 0) this.paths.set(fn, found);
    return found;
  }

  private sitesOf(fn: RustFn): Site[] {
    let sites = this.sites.get(fn);
    if (sites) return sites;
    sites = [];
    const body = fn.body && this.tree.rootNode.descendantForIndex(fn.body.start, fn.body.end);
    this.module = fn.ctx.module;
    if (body && body.startIndex === fn.body!.start && body.endIndex === fn.body!.end) this.collect(body, sites, true);
    this.sites.set(fn, sites);
    return sites;
  }

  private collect(n: Node, out: Site[], top: boolean): void {
    if (!top && /^(function_item|impl_item|trait_item|mod_item|struct_item|enum_item|union_item|const_item|static_item)$/.test(n.type)) return;
    switch (n.type) {
      case 'macro_invocation': {
        const name = n.childForFieldName('macro')?.text.split('::').pop() ?? '';
        if (PANIC_MACROS.has(name)) out.push({ span: spanOf(n), what: `\`${name}!\` panics` });
        break;
      }
      case 'index_expression':
        out.push({ span: spanOf(n), what: 'indexing panics when the index is out of bounds' });
        break;
      case 'call_expression': {
        const f = n.childForFieldName('function');
        if (f?.type === 'field_expression') {
          const method = f.childForFieldName('field')?.text ?? '';
          if (PANIC_METHODS.has(method)) {
            out.push({ span: spanOf(f.childForFieldName('field')!), what: `\`${method}\` panics on \`None\`/\`Err\`` });
          } else {
            const callee = this.methods.get(method);
            if (callee) out.push({ span: spanOf(n), callee, what: '' });
            else if (!this.methods.has(method)) out.push({ span: spanOf(n), call: { name: method, qualifier: [], method: true, module: this.module }, what: '' });
          }
        } else if (f?.type === 'identifier') {
          const callee = this.free.get(f.text);
          if (callee) out.push({ span: spanOf(n), callee, what: '' });
          else if (f.text !== 'catch_unwind') out.push({ span: spanOf(n), call: { name: f.text, qualifier: [], method: false, module: this.module }, what: '' });
        } else if (f?.type === 'scoped_identifier') {
          const name = f.childForFieldName('name')?.text ?? '';
          const path = f.childForFieldName('path')?.text ?? '';
          // `catch_unwind(..)` contains what it calls.
          if (name === 'catch_unwind') return;
          const method = /^(Self|[A-Z]\w*)$/.test(path.split('::').pop() ?? '');
          const callee = method ? this.methods.get(name) ?? undefined : this.free.get(name);
          if (callee) out.push({ span: spanOf(n), callee, what: '' });
          else if (!(method && this.methods.has(name))) out.push({ span: spanOf(n), call: { name, qualifier: path.split('::'), method, module: this.module }, what: '' });
        }
        if (f?.type === 'identifier' && f.text === 'catch_unwind') return;
        break;
      }
      default:
        break;
    }
    for (const c of n.namedChildren) this.collect(c, out, false);
  }
}
