// Diagnostic: rust-dangling-temporary-pointer — `.as_ptr()`/`.as_mut_ptr()` on a
// temporary that owns the memory (`CString::new(..).unwrap()`, `String::from(..)`,
// `format!(..)`, `vec![..]`, `x.to_string()`, ...), directly or through borrowing
// adapters (`.as_bytes()`, `.as_str()`, `.as_slice()`, `.as_c_str()`), when the
// pointer outlives the statement: bound with `let`, assigned, stored in a struct
// field or returned. The temporary is dropped at the end of the statement, so the
// pointer dangles. rustc's `dangling_pointers_from_temporaries` sees the direct
// case only; the adapter chains are found here too. Passing the pointer straight
// to a call is fine (the temporary lives until the call returns) and not reported.
// Fix (for `let` and assignments): bind the temporary to a local declared just
// before the statement, so it lives to the end of the enclosing block.
import type { Node } from 'web-tree-sitter';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

const CODE = 'rust-dangling-temporary-pointer';

const POINTER_METHODS = new Set(['as_ptr', 'as_mut_ptr']);
const BORROWING_ADAPTERS = new Set(['as_bytes', 'as_bytes_with_nul', 'as_str', 'as_mut_str', 'as_slice', 'as_mut_slice', 'as_c_str', 'as_os_str', 'as_path', 'as_ref', 'as_mut', 'deref', 'deref_mut', 'borrow']);
const OWNING_METHODS = new Set(['to_string', 'to_owned', 'to_vec', 'into_bytes', 'into_bytes_with_nul', 'clone', 'to_uppercase', 'to_lowercase', 'into_string', 'collect', 'concat', 'join', 'repeat', 'replace', 'to_os_string', 'to_path_buf', 'into_boxed_slice', 'into_boxed_str']);
const UNWRAPS = new Set(['unwrap', 'expect', 'unwrap_or_default', 'unwrap_unchecked']);
const OWNING_TYPES = new Set(['CString', 'String', 'Vec', 'Box', 'OsString', 'PathBuf']);
const OWNING_MACROS = new Set(['format', 'vec']);
/** Conversions of the pointer itself that keep it the same pointer. */
const POINTER_CASTS = new Set(['cast', 'cast_mut', 'cast_const']);

/** `recv.method(..)`: the receiver and the method name. */
function methodCall(n: Node): { receiver: Node; method: string; name: Node } | undefined {
  if (n.type !== 'call_expression') return undefined;
  const f = n.childForFieldName('function');
  if (f?.type !== 'field_expression') return undefined;
  const receiver = f.childForFieldName('value');
  const name = f.childForFieldName('field');
  return receiver && name ? { receiver, method: name.text, name } : undefined;
}

/** The owning type a temporary expression creates (`CString`, `String`, ...), if it is one. */
function owningTemporary(n: Node): string | undefined {
  if (n.type === 'macro_invocation') {
    const name = n.childForFieldName('macro')?.text.split('::').pop() ?? '';
    return OWNING_MACROS.has(name) ? (name === 'vec' ? 'Vec' : 'String') : undefined;
  }
  if (n.type !== 'call_expression') return undefined;
  const call = methodCall(n);
  if (call) {
    if (UNWRAPS.has(call.method)) return owningTemporary(call.receiver);
    return OWNING_METHODS.has(call.method) ? `the result of \`${call.method}\`` : undefined;
  }
  const f = n.childForFieldName('function');
  if (f?.type !== 'scoped_identifier') return undefined;
  const path = (f.childForFieldName('path')?.text ?? '').replace(/::<[^>]*>|<[^>]*>/g, '');
  const type = path.split('::').pop() ?? '';
  return OWNING_TYPES.has(type) ? type : undefined;
}

/** Why the pointer outlives its statement, or undefined when it does not. */
function escapes(pointer: Node): { how: 'let' | 'assign' | 'field' | 'return'; statement?: Node } | undefined {
  let cur = pointer;
  for (;;) {
    const p = cur.parent;
    if (!p) return undefined;
    const call = p.type === 'field_expression' ? p.parent : null;
    if (call && methodCall(call)?.receiver.id === cur.id && POINTER_CASTS.has(methodCall(call)!.method)) {
      cur = call;
      continue;
    }
    if (p.type === 'type_cast_expression' || p.type === 'parenthesized_expression') {
      cur = p;
      continue;
    }
    if (p.type === 'let_declaration' && p.childForFieldName('value')?.id === cur.id) return { how: 'let', statement: p };
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === cur.id) {
      const statement = p.parent?.type === 'expression_statement' ? p.parent : undefined;
      return statement ? { how: 'assign', statement } : { how: 'assign' };
    }
    if (p.type === 'field_initializer') return { how: 'field' };
    if (p.type === 'return_expression') return { how: 'return' };
    if (p.type === 'block' && p.parent?.type === 'function_item' && p.lastNamedChild?.id === cur.id) return { how: 'return' };
    return undefined;
  }
}

function ownerName(text: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'owned' : `owned_${i}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

export const rustDanglingTemporaryPointer: DiagnosticDef = {
  code: CODE,
  summary: 'A pointer into a temporary (CString/String/Vec) outlives the statement that drops the temporary.',
  run(ctx) {
    const rust = ctx.rust;
    if (!rust) return [];
    const text = rust.text;
    const out: Diagnostic[] = [];
    // Found from the text: only `as_ptr`/`as_mut_ptr` names are looked at, not every node.
    const root = rust.tree.rootNode;
    for (const m of text.matchAll(/\bas_(?:mut_)?ptr\b/g)) {
      const name = root.descendantForIndex(m.index, m.index + m[0].length);
      const n = name?.type === 'field_identifier' ? name.parent?.parent : undefined;
      const call = n ? methodCall(n) : undefined;
      if (n && call && call.name.id === name!.id && POINTER_METHODS.has(call.method)) {
        let base = call.receiver;
        let through: string[] = [];
        for (let m = methodCall(base); m && BORROWING_ADAPTERS.has(m.method); m = methodCall(base)) {
          through = [m.method, ...through];
          base = m.receiver;
        }
        const owner = owningTemporary(base);
        const escape = owner ? escapes(n) : undefined;
        if (owner && escape) {
          const fixes: Fix[] = [];
          const statement = escape.statement;
          if (statement && statement.parent?.type === 'block') {
            const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
            const before = text.slice(lineStart, statement.startIndex);
            const indent = /^[ \t]*$/.test(before) ? before : /^[ \t]*/.exec(before)![0];
            const name = ownerName(text);
            const temp = text.slice(base.startIndex, base.endIndex);
            // `as_mut_ptr` and `as_mut_slice` borrow the local mutably.
            const mutable = call.method === 'as_mut_ptr' || through.some((m) => m.includes('mut'));
            fixes.push({
              title: `Bind the temporary to a local \`${name}\` that outlives the pointer`, preferred: true,
              edits: [
                { start: statement.startIndex, end: statement.startIndex, text: `let ${mutable ? 'mut ' : ''}${name} = ${temp};\n${/^[ \t]*$/.test(before) ? indent : `${indent}`}` },
                { start: base.startIndex, end: base.endIndex, text: name },
              ],
            });
          }
          const chain = through.length ? ` (through \`.${through.join('().')}()\`)` : '';
          const where = escape.how === 'let' ? 'kept in a local' : escape.how === 'assign' ? 'assigned' : escape.how === 'field' ? 'stored in a field' : 'returned';
          out.push({
            code: CODE, severity: 'warning',
            message: `\`${call.method}\` on a temporary ${owner.startsWith('the ') ? owner : `\`${owner}\``}${chain}: the pointer is ${where} but the temporary is dropped at the end of the statement, so it dangles`,
            start: call.name.startIndex, end: call.name.endIndex,
            related: [{ start: base.startIndex, end: base.endIndex, message: 'this temporary is dropped at the end of the statement' }],
            fixes,
          });
        }
      }
    }
    return out;
  },
};
