// Types as C spells them, for hovers and reports.
import type { DeclTable, TypeRef } from './model.ts';

export function typeToString(t: TypeRef, table: DeclTable, depth = 0): string {
  if (depth > 50) return '…';
  switch (t.kind) {
    case 'scalar':
      return t.spelling;
    case 'void':
      return 'void';
    case 'pointer':
      return t.pointee === 'function' ? 'fn *' : `${typeToString(t.pointee, table, depth + 1)} *`;
    case 'array':
      return `${typeToString(t.element, table, depth + 1)}[${t.length === null ? '' : t.length.toString()}]`;
    case 'record': {
      const d = table.get(t.id);
      if (d.decl !== 'record') return '?';
      if (d.name && d.nameFromTypedef) return d.name;
      return `${d.kind} ${d.name ?? '(anonymous)'}`;
    }
    case 'enum': {
      const d = table.get(t.id);
      if (d.decl !== 'enum') return '?';
      return d.name && d.nameFromTypedef ? d.name : `enum ${d.name ?? '(anonymous)'}`;
    }
    case 'typedef':
      return t.name;
    case 'unknown':
      return t.spelling;
  }
}

/** A declaration as C writes it: `short d[4]`, `int (*fp)` stays `fn * fp`, `unsigned x : 3`. */
export function declarationToString(t: TypeRef, name: string, table: DeclTable, bitWidth?: number): string {
  let dims = '';
  let element = t;
  while (element.kind === 'array') {
    dims += `[${element.length === null ? '' : element.length.toString()}]`;
    element = element.element;
  }
  return `${typeToString(element, table)} ${name}${dims}${bitWidth !== undefined ? ` : ${bitWidth}` : ''}`;
}
