// Hovers in Rust files: a struct, union, enum or type alias (where defined or
// used), a field, or a C type name (`c_long`), laid out by the shared engine for
// every configured target. A type with Rust's default representation gets a
// plain statement that Rust guarantees no layout for it; never figures.
import type { Node } from 'web-tree-sitter';
import type { RecordDecl, TypeRef } from '../base/model.ts';
import type { RustFileAnalysis } from '../ide/rust-file.ts';
import type { RustAdt } from '../lower/rust/items.ts';
import { lowerType } from '../lower/rust/lower.ts';
import { hasGuaranteedLayout } from '../lower/rust/to-model.ts';
import { C_SCALARS, RUST_PRIMS } from '../lower/rust/std-types.ts';
import type { LayoutUnknown, SizeAlign, Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import type { HoverResult } from './c-hover.ts';
import { HOVER_MAX_FIELDS, renderFieldHover, renderRecordHover, renderTypeHover, type TargetLayout } from './render.ts';

/** Said of every default-repr type, instead of a layout. */
export function defaultReprText(adt: RustAdt): string {
  const what = adt.kind;
  return [
    `**${what} ${adt.name}** — Rust's default representation`,
    '',
    `Rust guarantees no layout for this ${what}: the compiler may reorder its fields, insert padding anywhere and choose ` +
      'a different layout in another compiler version or build. C code must not receive it by value or read it through ' +
      'a pointer, and `size_of` today promises nothing about tomorrow.',
    '',
    adt.kind === 'enum'
      ? 'For a C-compatible layout add `#[repr(C)]` or an integer representation such as `#[repr(u8)]`.'
      : 'For C\'s layout add `#[repr(C)]` (or `#[repr(transparent)]` for a wrapper of one field).',
  ].join('\n');
}

function reprLine(adt: RustAdt): string {
  const r = adt.repr;
  const parts = [r.c ? 'C' : '', r.transparent ? 'transparent' : '', r.int ?? '', r.packed ? (r.packed === 1 ? 'packed' : `packed(${r.packed})`) : '', r.align ? `align(${r.align})` : ''].filter(Boolean);
  return `\`#[repr(${parts.join(', ')})]\``;
}

/** The module path a node is written in (`a::b`). */
function moduleOf(node: Node): string {
  const parts: string[] = [];
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (cur.type === 'mod_item') parts.unshift(cur.childForFieldName('name')?.text ?? '?');
  }
  return parts.join('::');
}

/** The type node enclosing `node` at the top of a type (so `Option<&T>` hovers as a whole from `Option`). */
function typeNodeAt(node: Node): Node {
  let cur = node;
  while (cur.parent && (cur.parent.type === 'generic_type' || cur.parent.type === 'scoped_type_identifier') && cur.parent.childForFieldName('type') !== null) {
    if (cur.parent.type === 'generic_type' && cur.parent.childForFieldName('type')?.id !== cur.id) break;
    cur = cur.parent;
  }
  return cur;
}

export function hoverRust(analysis: RustFileAnalysis, offset: number, targets: readonly Target[]): HoverResult | undefined {
  const primary = targets[0];
  if (!primary) return undefined;
  const root = analysis.tree.rootNode;
  const here = root.descendantForIndex(offset, offset);
  const before = offset > 0 ? root.descendantForIndex(offset - 1, offset - 1) : null;
  const node = [here, before].find((n) => n !== null && /identifier$|^primitive_type$/.test(n.type));
  if (!node) return undefined;
  const range = { start: node.startIndex, end: node.endIndex };
  const crate = analysis.crate(primary);
  const parent = node.parent;

  const adtHover = (adt: RustAdt): string | undefined => {
    if (!hasGuaranteedLayout(adt)) return defaultReprText(adt);
    if (adt.generics.length) {
      return `**${adt.kind} ${adt.name}** ${reprLine(adt)}\n\nGeneric: laid out per use with concrete type arguments (hover a use such as \`${adt.name}<u8>\`).`;
    }
    const layouts: TargetLayout[] = [];
    for (const t of targets) {
      const other = analysis.crate(t).adts.find((a) => a.nameSpan.start === adt.nameSpan.start);
      const id = other && analysis.model(t).declOf.get(other);
      if (id === undefined) continue;
      const d = analysis.model(t).table.get(id);
      if (d.decl !== 'record') {
        const infos = targets.map((tt) => ({ target: tt, info: analysis.engine(tt).typeInfo(enumRef(analysis, tt, adt)) }));
        return `${renderTypeHover(`enum ${adt.name}`, infos)}\n\n${reprLine(adt)}`;
      }
      layouts.push({ target: t, layout: analysis.engine(t).record(id, HOVER_MAX_FIELDS), table: analysis.model(t).table });
    }
    if (!layouts.length) return undefined;
    const decl = analysis.model(layouts[0]!.target).table.get(analysis.model(layouts[0]!.target).declOf.get(adt)!) as RecordDecl;
    return `${renderRecordHover(decl, layouts)}\n\n${reprLine(adt)}${adt.repr.transparent ? ' — same layout and ABI as its one non-zero-sized field' : ''}`;
  };

  // A definition's name.
  if (node.type === 'type_identifier' && parent && /^(struct|union|enum)_item$/.test(parent.type)) {
    const adt = crate.adts.find((a) => a.nameSpan.start === node.startIndex);
    const md = adt && adtHover(adt);
    return md ? { markdown: md, ...range } : undefined;
  }
  // A field where it is declared.
  if (node.type === 'field_identifier' && parent?.type === 'field_declaration') {
    let item: Node | null = parent;
    while (item && !/^(struct|union)_item$/.test(item.type)) item = item.parent;
    const nameNode = item?.childForFieldName('name');
    const adt = nameNode ? crate.adts.find((a) => a.nameSpan.start === nameNode.startIndex) : undefined;
    if (!adt) return undefined;
    if (!hasGuaranteedLayout(adt) || adt.generics.length) {
      const md = adtHover(adt);
      return md ? { markdown: md, ...range } : undefined;
    }
    const layouts: TargetLayout[] = [];
    for (const t of targets) {
      const other = analysis.crate(t).adts.find((a) => a.nameSpan.start === adt.nameSpan.start);
      const id = other && analysis.model(t).declOf.get(other);
      if (id !== undefined) layouts.push({ target: t, layout: analysis.engine(t).record(id, HOVER_MAX_FIELDS), table: analysis.model(t).table });
    }
    const first = layouts[0];
    if (!first || layouts[0]!.target !== primary) return undefined;
    const decl = first.table.get(analysis.model(primary).declOf.get(adt)!) as RecordDecl;
    if (isUnknown(first.layout)) return { markdown: renderRecordHover(decl, layouts), ...range };
    const field = first.layout.fields.find((f) => f.path === node.text);
    return field ? { markdown: renderFieldHover(decl, field, layouts), ...range } : undefined;
  }
  // A type alias where it is declared, or any type where it is used.
  let typeNode: Node = node;
  if (node.type === 'type_identifier' && parent?.type === 'type_item') {
    const t = parent.childForFieldName('type');
    if (!t) return undefined;
    const alias = crate.aliases.find((a) => a.nameSpan.start === node.startIndex);
    if (!alias || alias.generics.length) return undefined;
    typeNode = node;
  } else if (node.type === 'type_identifier' || node.type === 'primitive_type') {
    typeNode = typeNodeAt(node);
  } else {
    return undefined;
  }
  const rustType = lowerType(typeNode);
  if (rustType.k === 'path') {
    const found = analysis.resolver(primary).lookup(rustType.name, rustType.qualifier, moduleOf(node));
    // A type of another file: its size and alignment (its own hover is in its file), or that it has no layout.
    if (found?.kind === 'adt' && found.adt.ctx.file !== undefined && !hasGuaranteedLayout(found.adt)) {
      return { markdown: `${defaultReprText(found.adt)}\n\nDefined in ${found.adt.ctx.file}.`, ...range };
    }
    if (found?.kind === 'adt' && found.adt.ctx.file === undefined && (rustType.args.length === 0 || !hasGuaranteedLayout(found.adt))) {
      const md = adtHover(found.adt);
      return md ? { markdown: md, ...range } : undefined;
    }
    if (!found && !C_SCALARS.has(rustType.name) && rustType.args.length === 0) return undefined;
  } else if (rustType.k === 'prim' && !RUST_PRIMS.has(rustType.name)) {
    return undefined;
  }
  const title = analysis.text.slice(typeNode.startIndex, typeNode.endIndex);
  const infos = targets.map((t) => ({ target: t, info: typeInfoAt(analysis, t, typeNode, moduleOf(node)) }));
  return { markdown: renderTypeHover(title, infos), ...range };
}

/** Size and alignment of a type written in the file, on one target, converted as a field's type would be. */
function typeInfoAt(analysis: RustFileAnalysis, target: Target, typeNode: Node, module: string): SizeAlign | LayoutUnknown {
  return analysis.engine(target).typeInfo(analysis.typeOf(target, lowerType(typeNode), module));
}

function enumRef(analysis: RustFileAnalysis, target: Target, adt: RustAdt): TypeRef {
  const other = analysis.crate(target).adts.find((a) => a.nameSpan.start === adt.nameSpan.start);
  const id = other && analysis.model(target).declOf.get(other);
  return id === undefined ? { kind: 'unknown', spelling: adt.name, reason: 'left out by `#[cfg]` on this target' } : { kind: 'enum', id };
}
