// What a hover in a C file is about: a record name, a typedef, an enum, a
// member, or a variable of record type; and its Markdown for every target.
import type { Node } from 'web-tree-sitter';
import type { DeclId, RecordDecl, TypeRef } from '../base/model.ts';
import type { CFileAnalysis } from '../ide/c-file.ts';
import type { Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import { HOVER_MAX_FIELDS, renderFieldHover, renderNotModelledHover, renderRecordHover, renderTypeHover, type RecordHoverOptions, type TargetLayout } from './render.ts';

export interface HoverResult {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** The record specifiers of C and C++ (tree-sitter-cpp adds class_specifier). */
const RECORD_SPECIFIERS: ReadonlySet<string> = new Set(['struct_specifier', 'union_specifier', 'class_specifier']);

type Subject =
  | { readonly kind: 'record'; readonly id: (t: Target) => DeclId | undefined; readonly specifier: Node }
  | { readonly kind: 'field'; readonly record: (t: Target) => DeclId | undefined; readonly name: string; readonly specifier: Node }
  | { readonly kind: 'type'; readonly title: string; readonly type: (t: Target) => TypeRef | undefined };

function recordAt(analysis: CFileAnalysis, target: Target, specifier: Node): DeclId | undefined {
  const decls = analysis.file(target).table.decls;
  const body = specifier.childForFieldName('body');
  if (body) {
    const d = decls.find((x) => x.decl === 'record' && x.span.start === specifier.startIndex);
    return d?.id;
  }
  const tag = specifier.childForFieldName('name')?.text;
  return tag !== undefined ? analysis.file(target).tags.get(tag) : undefined;
}

/** The record a member belongs to, skipping anonymous member records (their members belong to the parent). */
function enclosingRecord(node: Node): Node | undefined {
  let cur: Node | null = node.parent;
  while (cur) {
    if (RECORD_SPECIFIERS.has(cur.type) && cur.childForFieldName('body')) {
      const decl = cur.parent;
      const anonymousMember = decl?.type === 'field_declaration' && !cur.childForFieldName('name') && decl.childrenForFieldName('declarator').every((d) => d === null);
      if (!anonymousMember) return cur;
    }
    cur = cur.parent;
  }
  return undefined;
}

/** Follows typedefs to a record, if the type is one. */
function recordOf(analysis: CFileAnalysis, target: Target, type: TypeRef | undefined): DeclId | undefined {
  let t = type;
  const table = analysis.file(target).table;
  for (let i = 0; t && i < 1000; i++) {
    if (t.kind === 'record') return t.id;
    if (t.kind === 'typedef') {
      const d = table.get(t.id);
      t = d.decl === 'typedef' ? d.type : undefined;
    } else if (t.kind === 'array') {
      t = t.element;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function subjectAt(analysis: CFileAnalysis, node: Node): Subject | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (node.type === 'type_identifier' && RECORD_SPECIFIERS.has(parent.type)) {
    return { kind: 'record', id: (t) => recordAt(analysis, t, parent), specifier: parent };
  }
  if ((node.type === 'struct' || node.type === 'union' || node.type === 'class') && parent.childForFieldName('body')) {
    return { kind: 'record', id: (t) => recordAt(analysis, t, parent), specifier: parent };
  }
  if (node.type === 'type_identifier' && parent.type === 'enum_specifier') {
    return {
      kind: 'type', title: `enum ${node.text}`,
      type: (t) => {
        const id = analysis.file(t).tags.get(node.text);
        return id !== undefined ? { kind: 'enum', id } : undefined;
      },
    };
  }
  if (node.type === 'type_identifier') {
    // A typedef's name where it is declared, or a use of it as a type.
    return {
      kind: 'type', title: node.text,
      type: (t) => {
        const file = analysis.file(t);
        const id = file.typedefs.get(node.text);
        if (id !== undefined) return { kind: 'typedef', id, name: node.text };
        // C++: a class or enum name is a type name by itself.
        const tag = analysis.language === 'cpp' ? file.tags.get(node.text) : undefined;
        if (tag === undefined) return undefined;
        return file.table.get(tag).decl === 'enum' ? { kind: 'enum', id: tag } : { kind: 'record', id: tag };
      },
    };
  }
  if (node.type === 'field_identifier') {
    let decl: Node | null = parent;
    while (decl && decl.type !== 'field_declaration') decl = decl.parent;
    if (!decl) return undefined;
    const record = enclosingRecord(decl);
    if (!record) return undefined;
    return { kind: 'field', record: (t) => recordAt(analysis, t, record), name: node.text, specifier: record };
  }
  if (node.type === 'identifier') {
    const start = node.startIndex;
    return {
      kind: 'type', title: node.text,
      type: (t) => analysis.file(t).variables.find((v) => v.nameSpan.start === start)?.type,
    };
  }
  return undefined;
}

/**
 * Why a record with a body has no declaration: the front end's problem whose span is a
 * record enclosing it (records nested too deep are not modelled), if there is one.
 */
function notModelledReason(analysis: CFileAnalysis, target: Target, specifier: Node): string | undefined {
  if (!specifier.childForFieldName('body')) return undefined;
  let best: { start: number; end: number; message: string } | undefined;
  for (const p of analysis.file(target).problems) {
    if (p.span.start > specifier.startIndex || p.span.end < specifier.endIndex) continue;
    if (best && p.span.end - p.span.start >= best.end - best.start) continue;
    const at = analysis.tree.rootNode.descendantForIndex(p.span.start, p.span.end);
    if (!at || at.startIndex !== p.span.start || at.endIndex !== p.span.end) continue;
    if (!RECORD_SPECIFIERS.has(at.type)) continue;
    best = { start: p.span.start, end: p.span.end, message: p.message };
  }
  return best?.message;
}

function specifierTitle(specifier: Node): string {
  const kind = specifier.type.replace(/_specifier$/, '');
  return `${kind} ${specifier.childForFieldName('name')?.text ?? '(anonymous)'}`;
}

function fieldPath(analysis: CFileAnalysis, target: Target, record: DeclId, name: string): string | undefined {
  // Own members are always listed, so no nested entries need building.
  const layout = analysis.engine(target).record(record, 0);
  if (isUnknown(layout)) return undefined;
  // Direct members and members of anonymous members have their own name as path.
  return layout.fields.find((f) => f.path === name)?.path;
}

export function hoverC(analysis: CFileAnalysis, offset: number, targets: readonly Target[], options: RecordHoverOptions = {}): HoverResult | undefined {
  const root = analysis.tree.rootNode;
  // The token at the cursor, or the one just before it (a cursor at the end of a name means that name).
  const here = root.descendantForIndex(offset, offset);
  const before = offset > 0 ? root.descendantForIndex(offset - 1, offset - 1) : null;
  const node = [here, before].find((n) => n !== null && /identifier$|^(struct|union|class)$/.test(n.type)) ?? here;
  if (!node) return undefined;
  const subject = subjectAt(analysis, node);
  if (!subject) return undefined;
  const range = { start: node.startIndex, end: node.endIndex };
  const primary = targets[0];
  if (!primary) return undefined;

  const layoutsOf = (idOf: (t: Target) => DeclId | undefined): TargetLayout[] | undefined => {
    const out: TargetLayout[] = [];
    for (const t of targets) {
      const id = idOf(t);
      if (id === undefined) {
        if (t === primary) return undefined;
        continue;
      }
      out.push({ target: t, layout: analysis.engine(t).record(id, HOVER_MAX_FIELDS), table: analysis.file(t).table });
    }
    return out;
  };

  if (subject.kind === 'record' || subject.kind === 'field') {
    const id = subject.kind === 'record' ? subject.id(primary) : subject.record(primary);
    const reason = id === undefined ? notModelledReason(analysis, primary, subject.specifier) : undefined;
    if (reason !== undefined) {
      const title = subject.kind === 'record' ? specifierTitle(subject.specifier) : `${subject.name} in ${specifierTitle(subject.specifier)}`;
      return { markdown: renderNotModelledHover(title, primary, reason), ...range };
    }
  }
  if (subject.kind === 'record') {
    const layouts = layoutsOf(subject.id);
    const id = subject.id(primary);
    if (!layouts || id === undefined) return undefined;
    return { markdown: renderRecordHover(analysis.file(primary).table.get(id) as RecordDecl, layouts, options), ...range };
  }
  if (subject.kind === 'field') {
    const id = subject.record(primary);
    const layouts = layoutsOf(subject.record);
    if (id === undefined || !layouts) return undefined;
    const decl = analysis.file(primary).table.get(id) as RecordDecl;
    const primaryLayout = layouts[0]!.layout;
    if (isUnknown(primaryLayout)) return { markdown: renderRecordHover(decl, layouts, options), ...range };
    const path = fieldPath(analysis, primary, id, subject.name);
    const field = primaryLayout.fields.find((f) => f.path === path);
    if (!field) return undefined;
    return { markdown: renderFieldHover(decl, field, layouts), ...range };
  }
  // A type: a record behind it gets the full record hover, anything else size and alignment.
  const recordId = recordOf(analysis, primary, subject.type(primary));
  if (recordId !== undefined) {
    const layouts = layoutsOf((t) => recordOf(analysis, t, subject.type(t)));
    if (!layouts) return undefined;
    const decl = analysis.file(primary).table.get(recordId) as RecordDecl;
    return { markdown: renderRecordHover(decl, layouts, options), ...range };
  }
  const primaryType = subject.type(primary);
  if (!primaryType) return undefined;
  const infos = targets.flatMap((t) => {
    const type = subject.type(t);
    return type ? [{ target: t, info: analysis.engine(t).typeInfo(type) }] : [];
  });
  return { markdown: renderTypeHover(subject.title, infos), ...range };
}
