// Diagnostic: c-zero-length-array — `T x[0]` as a record's last member is GNU's
// pre-C99 spelling of a flexible array member. It is not ISO C, MSVC and
// bindgen treat it differently, and `T x[]` says the same thing portably:
// the preferred fix rewrites it (the layout is unchanged).
import type { Diagnostic, DiagnosticDef } from './types.ts';

export const cZeroLengthArray: DiagnosticDef = {
  code: 'c-zero-length-array',
  summary: 'A zero-length array as last member: use a C99 flexible array member `[]`.',
  run(ctx) {
    const target = ctx.targets[0];
    if (!ctx.c || !target) return [];
    const text = ctx.file.text;
    const out: Diagnostic[] = [];
    // From the declarations, not the tree: the front end already found every record's last member.
    for (const decl of ctx.c.file(target).table.decls) {
      // span.start -1: declared by an included header, not in this file.
      if (decl.decl !== 'record' || !decl.fields?.length || decl.kind !== 'struct' || decl.span.start < 0) continue;
      const last = decl.fields[decl.fields.length - 1]!;
      if (last.type.kind !== 'array' || last.type.length !== 0n || !last.nameSpan) continue;
      // The first dimension must be written as a literal 0 (`x[N]` with N == 0 is left alone).
      const m = /^\s*\[\s*(0+[uUlL]*)\s*\]/.exec(text.slice(last.nameSpan.end, last.span.end));
      if (!m) continue;
      const sizeStart = last.nameSpan.end + m[0].indexOf(m[1]!);
      const name = text.slice(last.nameSpan.start, last.nameSpan.end);
      out.push({
        code: 'c-zero-length-array', severity: 'warning',
        message: `\`${name}[0]\` is a GNU zero-length array; write \`${name}[]\` (a C99 flexible array member)`,
        start: last.nameSpan.start, end: last.nameSpan.end + m[0].length, related: [],
        fixes: [{ title: 'Use a flexible array member `[]`', preferred: true, edits: [{ start: sizeStart, end: sizeStart + m[1]!.length, text: '' }] }],
      });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
