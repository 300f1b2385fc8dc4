// Diagnostic: cpp-polymorphic-to-c — a polymorphic (virtual functions or
// polymorphic bases) or non-standard-layout C++ class in the signature of a
// function with C linkage: by value, by reference or by pointer. Its layout
// (vptr, base subobjects, access-ordered members) is no stable ABI that C can
// mirror. Suggests the opaque-handle pattern (the cpp-generate-handle-api action
// writes one). A pointer is taken as a handle, and not reported, when the file
// declares `typedef struct X X;` or the function only casts it
// (`reinterpret_cast<X*>(p)` / `static_cast`), as handle wrappers do.
import type { Node } from 'web-tree-sitter';
import { classFacts } from '../cpp/class-facts.ts';
import { cppFileModel, type CppFunction } from '../cpp/file-model.ts';
import { declaratorIndirection, namedChildren, plainType } from '../cpp/syntax.ts';
import type { Diagnostic, DiagnosticDef } from './types.ts';

interface SignatureType {
  readonly typeNode: Node;
  readonly indirection: 'pointer' | 'reference' | 'none';
  /** The parameter's name, for the handle check. */
  readonly param: string | undefined;
  readonly where: string;
}

function signatureTypes(fn: CppFunction): SignatureType[] {
  const out: SignatureType[] = [];
  const ret = fn.node.childForFieldName('type');
  if (ret) out.push({ typeNode: ret, indirection: declaratorIndirection(fn.node.childForFieldName('declarator')), param: undefined, where: 'return type' });
  const params = fn.declarator.childForFieldName('parameters');
  for (const p of params ? namedChildren(params) : []) {
    const t = p.childForFieldName('type');
    if (!t) continue;
    const d = p.childForFieldName('declarator');
    const id = d ? (d.type === 'identifier' ? d : d.descendantsOfType('identifier')[0]) : undefined;
    out.push({ typeNode: t, indirection: declaratorIndirection(d), param: id?.text, where: `parameter${id ? ` \`${id.text}\`` : ''}` });
  }
  return out;
}

export const cppPolymorphicToC: DiagnosticDef = {
  code: 'cpp-polymorphic-to-c',
  summary: 'A polymorphic or non-standard-layout C++ class in a C-linkage signature: use an opaque handle.',
  run(ctx) {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const model = cppFileModel(ctx.file.tree, ctx.file.text, ctx.cppHeaderCNames);
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    const cFunctions = [...model.functions, ...model.cDeclarations].filter((f) => f.cLinkage && !f.owner).sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const fn of cFunctions) {
      // A declaration and its definition repeat the signature: report the first one only.
      if (seen.has(fn.name.simple)) continue;
      seen.add(fn.name.simple);
      for (const s of signatureTypes(fn)) {
        const name = plainType(s.typeNode.text).replace(/<.*$/s, '').split('::').pop() ?? '';
        const cls = model.classes.get(name);
        if (!cls) continue;
        const facts = classFacts(model, name);
        if (facts.polymorphic !== true && facts.standardLayout !== false) continue;
        if (s.indirection === 'pointer' && isHandleUse(ctx.file.text, name, fn, s.param)) continue;
        const what = facts.polymorphic ? 'polymorphic' : 'not standard-layout';
        const how = s.indirection === 'none' ? 'by value' : s.indirection === 'reference' ? 'by reference (C has no references)' : 'through a pointer';
        out.push({
          code: 'cpp-polymorphic-to-c', severity: 'warning',
          message: `\`${name}\` is ${what} (${facts.reasons[0] ?? 'see its definition'}) and crosses into C ${how} in the ${s.where} of \`${fn.name.simple}\`: ` +
            `its layout and vtable are no stable ABI for C. Hand C an opaque handle instead (\`typedef struct ${name} ${name};\` with create/destroy functions; "Generate a C API" on the class writes one)`,
          start: s.typeNode.startIndex, end: s.typeNode.endIndex,
          related: [{ start: cls.nameNode.startIndex, end: cls.nameNode.endIndex, message: `\`${name}\`: ${facts.reasons.join('; ')}` }],
          fixes: [],
        });
      }
    }
    return out;
  },
};

function isHandleUse(text: string, cls: string, fn: CppFunction, param: string | undefined): boolean {
  if (new RegExp(`typedef\\s+struct\\s+${cls}\\s+${cls}\\s*;`).test(text)) return true;
  if (!param || !fn.body) return false;
  const body = fn.body.text;
  const casts = new RegExp(`(?:reinterpret|static)_cast\\s*<[^>]*>\\s*\\(\\s*${param}\\s*\\)`, 'g');
  const uses = new RegExp(`\\b${param}\\b`, 'g');
  const castCount = body.match(casts)?.length ?? 0;
  // Every use is a cast (null checks like `!p` aside).
  const plainUses = (body.match(uses)?.length ?? 0) - castCount - (body.match(new RegExp(`!\\s*${param}\\b|\\b${param}\\s*[!=]=\\s*nullptr`, 'g'))?.length ?? 0);
  return castCount > 0 && plainUses <= 0;
}
