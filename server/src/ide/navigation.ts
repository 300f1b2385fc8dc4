// Go to definition and workspace symbols for C records, typedefs and enums:
// from the open file's own declarations and from those its #includes declare.
import type { Decl, DeclId } from '../base/model.ts';
import type { Target } from '../layout/types.ts';
import type { CFileAnalysis } from './c-file.ts';
import type { SourceFile } from './source-file.ts';

/** A place in a file: `path` is the open file's own path (its URI in the editor) or a header's file system path. */
export interface Location {
  readonly path: string;
  /** 0-based line and UTF-16 column. */
  readonly line: number;
  readonly character: number;
}

export interface SymbolInfo {
  readonly name: string;
  readonly kind: 'struct' | 'union' | 'enum' | 'typedef';
  readonly location: Location;
}

const TAG_PARENTS = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

function locate(file: SourceFile, c: CFileAnalysis, target: Target, id: DeclId, decl: Decl): Location | undefined {
  if (decl.span.start >= 0) {
    const p = file.lines.position((decl.nameSpan ?? decl.span).start);
    return { path: file.path, line: p.line, character: p.character };
  }
  const at = c.prelude?.(target)?.definedAt(id, decl);
  if (!at) return undefined;
  const text = c.prelude?.(target)?.texts[c.prelude(target)!.files.indexOf(at.path)] ?? '';
  const lineStart = text.lastIndexOf('\n', at.offset - 1) + 1;
  return { path: at.path, line: at.line, character: at.offset - lineStart };
}

/** The definition of the record, enum or typedef named at `offset`. */
export function definitionAt(file: SourceFile, c: CFileAnalysis, target: Target, offset: number): Location | undefined {
  const node = c.tree.rootNode.descendantForIndex(offset, offset);
  if (!node || (node.type !== 'type_identifier' && node.type !== 'identifier')) return undefined;
  const lowered = c.file(target);
  const isTag = node.parent !== null && TAG_PARENTS.has(node.parent.type);
  const id = isTag ? lowered.tags.get(node.text) : lowered.typedefs.get(node.text) ?? lowered.tags.get(node.text);
  if (id === undefined) return undefined;
  const decl = lowered.table.get(id);
  // Only declared here (`struct X *p;`): the definition is elsewhere (the workspace index may know).
  if (decl.decl === 'record' && decl.fields === null) return undefined;
  return locate(file, c, target, id, decl);
}

/** Named records, enums and typedefs of the file and its includes whose name contains `query` (case-insensitive). */
export function symbolsOf(file: SourceFile, c: CFileAnalysis, target: Target, query: string, limit: number): SymbolInfo[] {
  const q = query.toLowerCase();
  const out: SymbolInfo[] = [];
  const decls = c.file(target).table.decls;
  for (const d of decls) {
    if (out.length >= limit) break;
    if (d.name === undefined || (d.decl !== 'typedef' && d.nameFromTypedef)) continue;
    if (d.decl === 'record' && d.fields === null) continue;
    if (q && !d.name.toLowerCase().includes(q)) continue;
    const location = locate(file, c, target, d.id, d);
    if (!location) continue;
    out.push({ name: d.name, kind: d.decl === 'record' ? d.kind : d.decl === 'enum' ? 'enum' : 'typedef', location });
  }
  return out;
}
