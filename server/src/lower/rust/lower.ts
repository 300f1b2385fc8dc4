// The Rust front end: a tree-sitter-rust tree -> RustCrate (items.ts). Walks
// the file's items in order with their outer attributes (`#[...]` nodes are
// siblings before the item in the tree), nested `mod { }` blocks, `impl`
// blocks and `extern` blocks. Items that `#[cfg]` leaves out for the target are
// skipped; `#[allow(..)]` is inherited from modules, blocks and items, as rustc
// applies lint levels.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../../base/model.ts';
import { evalCfg, type CfgFacts } from './cfg.ts';
import type { FnPointerSite, ItemContext, Repr, RustAdt, RustAlias, RustCrate, RustField, RustFn, RustParam, RustType, RustTypeShape, RustVariant } from './items.ts';

function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** Integer literal text -> value (`0x1F`, `1_000u32`, `b'a'`); null when it is not a plain literal. */
export function parseIntLiteral(text: string): bigint | null {
  const t = text.trim();
  const byte = /^b'(.)'$/.exec(t);
  if (byte) return BigInt(byte[1]!.charCodeAt(0));
  const m = /^(-)?\s*(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*)(?:[iu](?:8|16|32|64|128|size))?$/.exec(t);
  if (!m) return null;
  const digits = m[2]!.replace(/_/g, '');
  try {
    const v = BigInt(digits.startsWith('0o') ? `0o${digits.slice(2)}` : digits);
    return m[1] ? -v : v;
  } catch {
    return null;
  }
}

/** One attribute: its name path (`repr`, `unsafe`, `cfg_attr`) and the text inside its outer parentheses. */
interface Attr {
  readonly name: string;
  /** Inside the parentheses; undefined for `#[name]` and `#[name = value]`. */
  readonly args?: string;
  readonly argsSpan?: Span;
  /** `#[name = value]`. */
  readonly value?: string;
  /** The whole `#[...]`. */
  readonly span: Span;
}

function readAttr(item: Node): Attr | undefined {
  const attr = item.namedChildren.find((c) => c.type === 'attribute');
  if (!attr) return undefined;
  const head = attr.namedChild(0);
  if (!head) return undefined;
  const args = attr.childForFieldName('arguments');
  const value = attr.childForFieldName('value');
  const inner = args ? { args: args.text.slice(1, -1), argsSpan: { start: args.startIndex + 1, end: args.endIndex - 1 } } : {};
  return { name: head.text, ...inner, ...(value ? { value: value.text } : {}), span: spanOf(item) };
}

/** Splits `a, b(c, d), e` at top-level commas. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const INT_REPRS = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i8', 'i16', 'i32', 'i64', 'i128', 'isize']);

/** Attributes as they apply to one item: `cfg_attr` expanded, with what the checks need. */
interface ItemAttrs {
  readonly active: boolean;
  readonly allowed: Set<string>;
  readonly repr: Repr;
  readonly nonExhaustive: boolean;
  readonly exported?: { readonly span: Span; readonly spelling: string };
  readonly first?: number;
}

function interpretAttrs(attrs: readonly Attr[], facts: CfgFacts, inherited: ReadonlySet<string>): ItemAttrs {
  let active = true;
  const allowed = new Set(inherited);
  let c = false;
  let transparent = false;
  let int: string | undefined;
  let packed: number | undefined;
  let align: number | undefined;
  let reprAttr: Repr['attr'];
  let nonExhaustive = false;
  let exported: ItemAttrs['exported'];
  const visit = (name: string, args: string | undefined, a: Attr, direct: boolean): void => {
    if (name === 'cfg' && args !== undefined) {
      if (!evalCfg(args, facts)) active = false;
    } else if (name === 'cfg_attr' && args !== undefined) {
      const [pred, ...rest] = splitTop(args);
      if (pred !== undefined && evalCfg(pred, facts)) {
        for (const r of rest) {
          const m = /^([A-Za-z_][\w:]*)\s*(?:\(([\s\S]*)\))?\s*(?:=\s*([\s\S]*))?$/.exec(r);
          if (m) visit(m[1]!, m[2], a, false);
        }
      }
    } else if ((name === 'allow' || name === 'expect') && args !== undefined) {
      for (const lint of splitTop(args)) allowed.add(lint.replace(/\s+/g, ''));
    } else if (name === 'repr' && args !== undefined) {
      if (direct && !reprAttr && a.argsSpan) reprAttr = { span: a.span, args: a.argsSpan };
      for (const part of splitTop(args)) {
        const m = /^(\w+)\s*(?:\(\s*(\d+)\s*\))?$/.exec(part);
        if (!m) continue;
        const word = m[1]!;
        if (word === 'C') c = true;
        else if (word === 'transparent') transparent = true;
        else if (word === 'packed') packed = m[2] ? Number(m[2]) : 1;
        else if (word === 'align' && m[2]) align = Math.max(align ?? 0, Number(m[2]));
        else if (INT_REPRS.has(word)) int = word;
      }
    } else if (name === 'non_exhaustive') {
      nonExhaustive = true;
    } else if (name === 'no_mangle' || name === 'export_name') {
      exported = { span: a.span, spelling: name };
    } else if (name === 'unsafe' && args !== undefined) {
      const m = /^\s*(no_mangle|export_name)\b/.exec(args);
      if (m) exported = { span: a.span, spelling: `unsafe(${m[1]})` };
    }
  };
  for (const a of attrs) visit(a.name, a.args, a, true);
  const repr: Repr = { c, transparent, ...(int ? { int } : {}), ...(packed ? { packed } : {}), ...(align ? { align } : {}), ...(reprAttr ? { attr: reprAttr } : {}) };
  return { active, allowed, repr, nonExhaustive, ...(exported ? { exported } : {}), ...(attrs.length ? { first: attrs[0]!.span.start } : {}) };
}

/** A type node -> RustType. */
export function lowerType(n: Node): RustType {
  return { ...lowerShape(n), text: n.text.replace(/\s+/g, ' ') };
}

function lowerShape(n: Node): RustTypeShape {
  const span = spanOf(n);
  switch (n.type) {
    case 'primitive_type':
      return { k: 'prim', name: n.text, span };
    case 'type_identifier':
      return { k: 'path', name: n.text, qualifier: [], args: [], span };
    case 'scoped_type_identifier': {
      const name = n.childForFieldName('name')?.text ?? n.text;
      const path = n.childForFieldName('path');
      return { k: 'path', name, qualifier: path ? path.text.split('::').map((s) => s.trim()) : [], args: [], span };
    }
    case 'generic_type': {
      const base = n.childForFieldName('type');
      const lowered = base ? lowerType(base) : undefined;
      const argsNode = n.childForFieldName('type_arguments');
      const args = (argsNode?.namedChildren ?? []).filter((c) => c.type !== 'lifetime' && c.type !== 'type_binding' && !c.type.includes('literal') && c.type !== 'block').map(lowerType);
      if (lowered?.k === 'path') return { ...lowered, args, span };
      return { k: 'other', text: n.text, span };
    }
    case 'reference_type': {
      const inner = n.childForFieldName('type');
      const mut = n.namedChildren.some((c) => c.type === 'mutable_specifier');
      return inner ? { k: 'ref', mut, inner: lowerType(inner), span } : { k: 'other', text: n.text, span };
    }
    case 'pointer_type': {
      const inner = n.childForFieldName('type');
      const mut = n.children.some((c) => c.type === 'mut' || c.type === 'mutable_specifier');
      return inner ? { k: 'ptr', mut, inner: lowerType(inner), span } : { k: 'other', text: n.text, span };
    }
    case 'array_type': {
      const elem = n.childForFieldName('element');
      const len = n.childForFieldName('length');
      if (!elem) return { k: 'other', text: n.text, span };
      if (!len) return { k: 'slice', elem: lowerType(elem), span };
      return { k: 'array', elem: lowerType(elem), len: parseIntLiteral(len.text), span };
    }
    case 'tuple_type':
      return { k: 'tuple', elems: n.namedChildren.map(lowerType), span };
    case 'unit_type':
      return { k: 'tuple', elems: [], span };
    case 'never_type':
      return { k: 'never', span };
    case 'dynamic_type':
      return { k: 'dyn', span };
    case 'abstract_type':
      return { k: 'impl', span };
    case 'bounded_type':
      return { k: 'dyn', span };
    case 'function_type': {
      if (n.childForFieldName('trait')) return { k: 'other', text: n.text, span };
      const mods = n.namedChildren.find((c) => c.type === 'function_modifiers');
      const ext = mods?.namedChildren.find((c) => c.type === 'extern_modifier');
      const abi = ext ? (ext.namedChildren.find((c) => c.type === 'string_literal')?.text.slice(1, -1) ?? 'C') : undefined;
      const params = (n.childForFieldName('parameters')?.namedChildren ?? [])
        .filter((c) => c.type !== 'variadic_parameter' && c.type !== 'attribute_item')
        .map((c) => lowerType(c.type === 'parameter' ? c.childForFieldName('type') ?? c : c));
      const ret = n.childForFieldName('return_type');
      return { k: 'fn', abi, params, ret: ret ? lowerType(ret) : undefined, span };
    }
    default:
      return { k: 'other', text: n.text, span };
  }
}

function genericsOf(item: Node): string[] {
  const tp = item.childForFieldName('type_parameters');
  if (!tp) return [];
  const out: string[] = [];
  for (const c of tp.namedChildren) {
    if (c.type === 'type_parameter' || c.type === 'constrained_type_parameter' || c.type === 'optional_type_parameter') {
      const name = c.childForFieldName('name') ?? c.childForFieldName('left') ?? c.namedChild(0);
      if (name && name.type === 'type_identifier') out.push(name.text);
    } else if (c.type === 'type_identifier') {
      out.push(c.text);
    }
  }
  return out;
}

function fieldsOf(body: Node | null): { shape: RustAdt['shape']; fields: RustField[] } {
  if (!body) return { shape: 'unit', fields: [] };
  if (body.type === 'field_declaration_list') {
    const fields: RustField[] = [];
    for (const f of body.namedChildren) {
      if (f.type !== 'field_declaration') continue;
      const name = f.childForFieldName('name');
      const type = f.childForFieldName('type');
      if (!type) continue;
      fields.push({ ...(name ? { name: name.text, nameSpan: spanOf(name) } : {}), type: lowerType(type), span: spanOf(f) });
    }
    return { shape: 'named', fields };
  }
  if (body.type === 'ordered_field_declaration_list') {
    return { shape: 'tuple', fields: body.childrenForFieldName('type').filter((t): t is Node => t !== null).map((t) => ({ type: lowerType(t), span: spanOf(t) })) };
  }
  return { shape: 'unit', fields: [] };
}

function abiOf(mods: Node | undefined | null): { abi: string | undefined; span?: Span } {
  const ext = mods?.namedChildren.find((c) => c.type === 'extern_modifier');
  if (!ext) return { abi: undefined };
  return { abi: ext.namedChildren.find((c) => c.type === 'string_literal')?.text.slice(1, -1) ?? 'C', span: spanOf(ext) };
}

function receiverOf(fn: Node): RustFn['receiver'] {
  const self = fn.childForFieldName('parameters')?.namedChildren.find((p) => p.type === 'self_parameter');
  if (!self) return undefined;
  if (!self.children.some((c) => c.type === '&')) return 'value';
  return self.namedChildren.some((c) => c.type === 'mutable_specifier') ? 'mut' : 'ref';
}

function paramsOf(fn: Node): { params: RustParam[]; variadic: boolean } {
  const params: RustParam[] = [];
  let variadic = false;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type === 'variadic_parameter') variadic = true;
    if (p.type !== 'parameter') continue;
    const type = p.childForFieldName('type');
    const pattern = p.childForFieldName('pattern');
    if (type) params.push({ ...(pattern ? { name: pattern.text } : {}), type: lowerType(type) });
  }
  return { params, variadic };
}

/**
 * The branch of a `cfg_if! { if #[cfg(..)] { .. } else if #[cfg(..)] { .. } else { .. } }` whose
 * cfg holds for the target (the first one; `else` when none does): its `{ .. }` token tree.
 * Undefined for other macros and when no branch applies.
 */
export function cfgIfBranch(n: Node, facts: CfgFacts): Node | undefined {
  const name = n.childForFieldName('macro')?.text.split('::').pop()?.trim();
  const tt = n.namedChildren.find((c) => c.type === 'token_tree');
  if (name !== 'cfg_if' || !tt) return undefined;
  // The cfg of the branch whose body comes next; undefined after a plain `else`.
  let cfg: string | undefined;
  for (const c of tt.children.slice(1, -1)) {
    if (c.type !== 'token_tree') continue;
    if (c.text.startsWith('[')) {
      cfg = /^\[\s*cfg\s*\(([\s\S]*)\)\s*\]$/.exec(c.text)?.[1] ?? 'false';
    } else if (c.text.startsWith('{')) {
      if (cfg === undefined || evalCfg(cfg, facts)) return c;
      cfg = undefined;
    }
  }
  return undefined;
}

/**
 * Parses `text[start, end)` alone as Rust items, with nodes at their offsets in `text` (the items inside
 * `cfg_if!`, which tree-sitter leaves as tokens); the caller deletes the tree.
 */
export type ReparseRust = (text: string, start: number, end: number) => Tree | null | undefined;

class Walker {
  readonly adts: RustAdt[] = [];
  readonly aliases: RustAlias[] = [];
  readonly fns: RustFn[] = [];
  readonly fnPointerSites: FnPointerSite[] = [];
  readonly uses = new Map<string, string>();

  constructor(private readonly facts: CfgFacts, private readonly file: string | undefined, private readonly source: string, private readonly reparse: ReparseRust | undefined) {}

  /** The items of a source file, `mod { }` body, `impl` body or extern block, with lint levels `allowed` and module path. */
  items(list: Node, allowed: ReadonlySet<string>, module: string, foreignAbi?: string, inImpl = false, implOf?: string): void {
    // Inner attributes (`#![allow(..)]`) apply to the whole list.
    const innerAttrs = list.namedChildren.filter((c) => c.type === 'inner_attribute_item').map(readAttr).filter((a): a is Attr => a !== undefined);
    const inner = interpretAttrs(innerAttrs, this.facts, allowed);
    if (!inner.active) return;
    let pending: Attr[] = [];
    for (const child of list.namedChildren) {
      if (child.type === 'attribute_item') {
        const a = readAttr(child);
        if (a) pending.push(a);
        continue;
      }
      if (child.type === 'line_comment' || child.type === 'block_comment' || child.type === 'inner_attribute_item') continue;
      const attrs = interpretAttrs(pending, this.facts, inner.allowed);
      pending = [];
      if (!attrs.active) continue;
      const ctx: ItemContext = this.file !== undefined ? { allowed: attrs.allowed, module, file: this.file } : { allowed: attrs.allowed, module };
      this.item(child, attrs, ctx, foreignAbi, inImpl, implOf);
    }
  }

  private item(n: Node, attrs: ItemAttrs, ctx: ItemContext, foreignAbi: string | undefined, inImpl: boolean, implOf: string | undefined): void {
    switch (n.type) {
      case 'struct_item':
      case 'union_item':
      case 'enum_item': {
        const name = n.childForFieldName('name');
        if (!name) return;
        const kind = n.type === 'struct_item' ? 'struct' : n.type === 'union_item' ? 'union' : 'enum';
        const body = n.childForFieldName('body');
        const { shape, fields } = kind === 'enum' ? { shape: 'named' as const, fields: [] } : fieldsOf(body);
        const variants: RustVariant[] = [];
        if (kind === 'enum' && body) {
          let pendingVariant: Attr[] = [];
          for (const v of body.namedChildren) {
            if (v.type === 'attribute_item') {
              const a = readAttr(v);
              if (a) pendingVariant.push(a);
              continue;
            }
            if (v.type !== 'enum_variant') continue;
            const vAttrs = interpretAttrs(pendingVariant, this.facts, new Set());
            pendingVariant = [];
            if (!vAttrs.active) continue;
            const vName = v.childForFieldName('name');
            const value = v.childForFieldName('value');
            variants.push({
              name: vName?.text ?? '?',
              fields: fieldsOf(v.childForFieldName('body')).fields,
              ...(value ? { discriminant: parseIntLiteral(value.text) } : {}),
              span: spanOf(v),
            });
          }
        }
        this.adts.push({
          kind, name: name.text, ctx, repr: attrs.repr, generics: genericsOf(n), shape, fields, variants,
          nonExhaustive: attrs.nonExhaustive, span: spanOf(n), start: attrs.first ?? n.startIndex, nameSpan: spanOf(name),
        });
        for (const f of fields) this.fnPointerSites.push({ type: f.type, ctx });
        for (const v of variants) for (const f of v.fields) this.fnPointerSites.push({ type: f.type, ctx });
        return;
      }
      case 'type_item': {
        const name = n.childForFieldName('name');
        const type = n.childForFieldName('type');
        if (!name || !type) return;
        const lowered = lowerType(type);
        this.aliases.push({ name: name.text, ctx, generics: genericsOf(n), type: lowered, span: spanOf(n), nameSpan: spanOf(name) });
        this.fnPointerSites.push({ type: lowered, ctx });
        return;
      }
      case 'static_item':
      case 'const_item': {
        const type = n.childForFieldName('type');
        const name = n.childForFieldName('name');
        if (!type || !name) return;
        if (foreignAbi !== undefined && n.type === 'static_item') {
          this.fns.push({
            name: name.text, ctx, kind: 'foreign-static', abi: foreignAbi, params: [{ type: lowerType(type) }], variadic: false,
            fnKeyword: spanOf(n), span: spanOf(n), nameSpan: spanOf(name), inImpl, generic: false,
          });
        } else {
          this.fnPointerSites.push({ type: lowerType(type), ctx });
        }
        return;
      }
      case 'function_item':
      case 'function_signature_item': {
        const name = n.childForFieldName('name');
        if (!name) return;
        const mods = n.namedChildren.find((c) => c.type === 'function_modifiers');
        const { abi, span: abiSpan } = abiOf(mods);
        const fnKw = n.children.find((c) => c.type === 'fn');
        const { params, variadic } = paramsOf(n);
        const retNode = n.childForFieldName('return_type');
        const ret = retNode ? lowerType(retNode) : undefined;
        const body = n.childForFieldName('body');
        const foreign = foreignAbi !== undefined && n.type === 'function_signature_item';
        this.fns.push({
          name: name.text, ctx, kind: foreign ? 'foreign' : 'definition', abi: foreign ? foreignAbi : abi, params, ...(ret ? { ret } : {}), variadic,
          ...(attrs.exported ? { exported: attrs.exported } : {}),
          fnKeyword: fnKw ? spanOf(fnKw) : spanOf(name), ...(abiSpan ? { abiSpan } : {}),
          span: spanOf(n), nameSpan: spanOf(name), ...(body ? { body: spanOf(body) } : {}), inImpl,
          ...(implOf ? { implOf } : {}), ...(receiverOf(n) ? { receiver: receiverOf(n)! } : {}), generic: n.childForFieldName('type_parameters') !== null,
        });
        // Items inside a function body are items of the crate too.
        if (body) this.items(body, ctx.allowed, ctx.module);
        return;
      }
      case 'mod_item': {
        const name = n.childForFieldName('name');
        const body = n.childForFieldName('body');
        if (body) this.items(body, ctx.allowed, ctx.module ? `${ctx.module}::${name?.text ?? '?'}` : name?.text ?? '?');
        return;
      }
      case 'foreign_mod_item': {
        const body = n.childForFieldName('body');
        const ext = n.namedChildren.find((c) => c.type === 'extern_modifier');
        const abi = ext?.namedChildren.find((c) => c.type === 'string_literal')?.text.slice(1, -1) ?? 'C';
        if (body) this.items(body, ctx.allowed, ctx.module, abi);
        return;
      }
      case 'impl_item':
      case 'trait_item': {
        const body = n.childForFieldName('body');
        // Inherent impls name the type their methods belong to; trait impls and traits do not.
        const type = n.type === 'impl_item' && !n.childForFieldName('trait') ? n.childForFieldName('type') : null;
        const implOf = type ? type.text.replace(/<[\s\S]*$/, '').split('::').pop()!.trim() : undefined;
        if (body) this.items(body, ctx.allowed, ctx.module, undefined, true, implOf);
        return;
      }
      case 'use_declaration': {
        this.use(n.childForFieldName('argument'));
        return;
      }
      case 'macro_invocation': {
        // `cfg_if! { .. }`: the items of the branch that holds, parsed at their own offsets.
        const branch = this.reparse ? cfgIfBranch(n, this.facts) : undefined;
        if (!branch || !this.reparse) return;
        const tree = this.reparse(this.source, branch.startIndex + 1, branch.endIndex - 1);
        if (!tree) return;
        try {
          this.items(tree.rootNode, ctx.allowed, ctx.module, foreignAbi, inImpl, implOf);
        } finally {
          tree.delete();
        }
        return;
      }
      case 'expression_statement':
      case 'let_declaration':
        return;
      default:
        return;
    }
  }

  private use(arg: Node | null): void {
    if (!arg) return;
    if (arg.type === 'use_as_clause') {
      const path = arg.childForFieldName('path');
      const alias = arg.childForFieldName('alias');
      if (path && alias) this.uses.set(alias.text, path.text.split('::').pop()!.trim());
    } else if (arg.type === 'scoped_use_list') {
      const list = arg.childForFieldName('list');
      for (const c of list?.namedChildren ?? []) this.use(c);
    } else if (arg.type === 'use_list') {
      for (const c of arg.namedChildren) this.use(c);
    }
  }
}

/** `mod name;` declarations (no body) of a file, with the inline modules they are in (`a::b`). */
export function outOfLineModules(tree: Tree): Array<{ readonly name: string; readonly inline: readonly string[] }> {
  const out: Array<{ name: string; inline: string[] }> = [];
  const walk = (list: Node, inline: string[]): void => {
    for (const c of list.namedChildren) {
      if (c.type !== 'mod_item') continue;
      const name = c.childForFieldName('name')?.text;
      if (!name) continue;
      const body = c.childForFieldName('body');
      if (body) walk(body, [...inline, name]);
      else out.push({ name, inline });
    }
  };
  walk(tree.rootNode, []);
  return out;
}

/**
 * The lints a crate root (`lib.rs`/`main.rs`) allows for the whole crate with inner
 * attributes (`#![allow(improper_ctypes)]`, also through `cfg_attr`).
 */
export function crateLevelAllows(root: Tree, facts: CfgFacts): Set<string> {
  const attrs = root.rootNode.namedChildren.filter((c) => c.type === 'inner_attribute_item').map(readAttr).filter((a): a is Attr => a !== undefined);
  return interpretAttrs(attrs, facts, new Set()).allowed;
}

/**
 * `crateAllowed`: what the crate root allows (see crateLevelAllows), when this file is another file of the crate.
 * `reparse`: given, the items inside `cfg_if!` are read too.
 */
export function lowerRust(tree: Tree, facts: CfgFacts, crateAllowed: ReadonlySet<string> = new Set(), where: { module: string; file?: string } = { module: '' }, reparse?: ReparseRust): RustCrate {
  const w = new Walker(facts, where.file, tree.rootNode.text, reparse);
  w.items(tree.rootNode, crateAllowed, where.module);
  return { adts: w.adts, aliases: w.aliases, fns: w.fns, fnPointerSites: w.fnPointerSites, uses: w.uses };
}
