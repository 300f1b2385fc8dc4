// Diagnostic: c-zero-length-array — `T x[0]` as a record's last member is GNU's
// pre-C99 spelling of a flexible array member. It is not ISO C, MSVC and
// bindgen treat it differently, and `T x[]` says the same thing portably:
// the preferred fix rewrites it (the layout is unchanged).
import type { Diagnostic, DiagnosticDef } from './types.ts';

export const cZeroLengthArray: DiagnosticDef = {
  code: 'c-zero-length-array',
  summary: 'A zero-length array as last member: use a C99 flexible array member `[]`.',
  run(ctx) {
    const tree = ctx.c?.tree;
    if (!tree) return [];
    const out: Diagnostic[] = [];
    for (const list of tree.rootNode.descendantsOfType('field_declaration_list')) {
      if (!list) continue;
      const members = list.namedChildren.filter((n) => n?.type === 'field_declaration');
      const last = members[members.length - 1];
      const declarator = last?.childForFieldName('declarator');
      if (!declarator || declarator.type !== 'array_declarator') continue;
      const size = declarator.childForFieldName('size');
      if (!size || size.type !== 'number_literal' || !/^0+[uUlL]*$/.test(size.text)) continue;
      const name = declarator.childForFieldName('declarator');
      out.push({
        code: 'c-zero-length-array', severity: 'warning',
        message: `\`${name?.text ?? ''}[0]\` is a GNU zero-length array; write \`${name?.text ?? ''}[]\` (a C99 flexible array member)`,
        start: declarator.startIndex, end: declarator.endIndex, related: [],
        fixes: [{ title: 'Use a flexible array member `[]`', preferred: true, edits: [{ start: size.startIndex, end: size.endIndex, text: '' }] }],
      });
    }
    return out;
  },
};
