// The fix for an exception that can escape a function: wrap the body in
// try { ... } catch (const std::exception& e) { ... } catch (...) { ... },
// record the message through the file's error facility (a function named like
// set_last_error) or a generated thread-local one, and return an error value
// that suits the return type, preferring the convention the function already
// uses for its own errors.
import type { Node } from 'web-tree-sitter';
import type { CppFileModel, CppFunction } from './file-model.ts';
import { declaratorIndirection, namedChildren, plainType } from './syntax.ts';

export interface WrapEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A function that records an error message, by the names projects give it: set_last_error, mylib_set_error, SetLastErrorMessage... */
const FACILITY_NAME = /^(?:[A-Za-z0-9]+_)*set_?last_?err(?:or)?(?:_?(?:msg|message|string|str))?$|^(?:[A-Za-z0-9]+_)*set_?err(?:or)?(?:_?(?:msg|message|string|str))?$/i;

export const GENERATED_FACILITY = 'ffi_set_last_error';

/** The one-parameter error-recording function of the file, if it has one. */
export function errorFacility(model: CppFileModel): string | undefined {
  return fileFacts(model).facility;
}

function findFacility(model: CppFileModel): string | undefined {
  for (const f of model.functions) {
    if (f.owner || !FACILITY_NAME.test(f.name.simple)) continue;
    const params = f.declarator.childForFieldName('parameters');
    const count = params ? namedChildren(params).filter((p) => p.type.endsWith('parameter_declaration')).length : 0;
    if (count === 1) return f.name.simple;
  }
  return undefined;
}

const SIGNED = /^(?:signed|int|long|short|longlong|longint|shortint|signedchar|int(?:8|16|32|64)_t|int_(?:least|fast)(?:8|16|32|64)_t|intmax_t|intptr_t|ssize_t|ptrdiff_t|off_t|HRESULT|LONG|INT)$/;
const UNSIGNED = /^(?:unsigned.*|size_t|std::size_t|uint(?:8|16|32|64)_t|uint_(?:least|fast)(?:8|16|32|64)_t|uintmax_t|uintptr_t|DWORD|UINT|ULONG)$/;
const ERROR_NAME = /(?:^|_|[a-z])(?:ERR|ERROR|FAIL|FAILED|FAILURE|INVALID|EXCEPTION|INTERNAL)(?:$|_|[A-Z])|^(?:k?Err|k?Error|E[A-Z]+)/;

/** The expression a wrapper returns on error, or null for `void`; undefined when no value fits (e.g. a reference). */
export function errorValue(fn: CppFunction, model: CppFileModel): string | null | undefined {
  const def = fn.node;
  // `MYLIB_API int f()`: the grammar takes the macro as the type and leaves the real one in an ERROR after it.
  const written = def.childForFieldName('type');
  const next = written?.nextNamedSibling;
  const typeNode = next?.type === 'ERROR' && next.endIndex <= (def.childForFieldName('declarator')?.startIndex ?? 0) ? next : written;
  const indirection = declaratorIndirection(def.childForFieldName('declarator'));
  if (!typeNode) return null; // constructors and destructors return nothing
  if (indirection === 'reference') return undefined;
  if (indirection === 'pointer') return 'nullptr';
  const type = plainType(typeNode?.text ?? '');
  if (type === 'void') return null;
  if (type === 'bool' || type === '_Bool') return 'false';
  const convention = existingConvention(fn, model, typeNode?.text ?? '');
  if (convention) return convention;
  if (SIGNED.test(type) || type === 'char') return '-1';
  if (UNSIGNED.test(type.replace(/\s/g, ''))) return `static_cast<${typeNode!.text.replace(/\s+/g, ' ').trim()}>(-1)`;
  if (/^(?:float|double|longdouble)$/.test(type)) return `std::numeric_limits<${typeNode!.text.trim()}>::quiet_NaN()`;
  return '{}';
}

/**
 * What the function (or another C-linkage function returning the same type) already returns on
 * error: a negative literal or a constant named like an error (`-EINVAL`, `MYLIB_ERR_NOMEM`, `kErrorInternal`).
 */
function existingConvention(fn: CppFunction, model: CppFileModel, returnType: string): string | undefined {
  const own = ownConvention(fn);
  if (own) return own;
  const facts = fileFacts(model);
  if (!facts.conventionByType.has(returnType)) {
    const other = model.functions.find((f) => f !== fn && f.cLinkage && f.body && f.node.childForFieldName('type')?.text === returnType && ownConvention(f));
    facts.conventionByType.set(returnType, other ? ownConvention(other) : undefined);
  }
  // An enum of the file used as the return type: its enumerator named like an error.
  return facts.conventionByType.get(returnType) ?? facts.enumErrors.get(plainType(returnType));
}

const ownConventions = new WeakMap<CppFunction, string | null>();

/** The first error-like value `fn` returns itself, if any. */
function ownConvention(fn: CppFunction): string | undefined {
  const cached = ownConventions.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let found: string | undefined;
  if (fn.body) {
    // The first error-like `return` outside lambdas, in source order (one call into tree-sitter, not a walk).
    let skipEnd = -1;
    for (const n of fn.body.descendantsOfType(['return_statement', 'lambda_expression'])) {
      if (!n || n.startIndex < skipEnd) continue;
      skipEnd = n.endIndex;
      if (n.type === 'lambda_expression') continue;
      const v = namedChildren(n)[0];
      if (!v) continue;
      const t = v.text.trim();
      if (/^-\s*(?:\d+|[A-Z][A-Z0-9_]*)$/.test(t) && t.replace(/\s/g, '') !== '-0') found = t;
      else if ((v.type === 'identifier' || v.type === 'qualified_identifier') && ERROR_NAME.test(t.split('::').pop()!)) found = t;
      if (found) break;
    }
  }
  ownConventions.set(fn, found ?? null);
  return found;
}

interface FileFacts {
  /** Per return type spelling: the error value another C-linkage function of the file returns. */
  readonly conventionByType: Map<string, string | undefined>;
  /** Per enum name: its enumerator named like an error (qualified for scoped enums). */
  readonly enumErrors: ReadonlyMap<string, string>;
  readonly facility: string | undefined;
  readonly preludeOffset: number;
}

const facts = new WeakMap<CppFileModel, FileFacts>();

/** What every fix of one file asks, computed once per file (fixes are built for every diagnostic). */
function fileFacts(model: CppFileModel): FileFacts {
  let f = facts.get(model);
  if (f) return f;
  const enumErrors = new Map<string, string>();
  // Enums outside function definitions and blocks, in source order (from the file's node index, not a walk).
  let skipEnd = -1;
  for (const { node: n, type } of model.nodes.nodes) {
    if ((type !== 'enum_specifier' && type !== 'function_definition' && type !== 'compound_statement') || n.startIndex < skipEnd) continue;
    skipEnd = n.endIndex;
    if (type !== 'enum_specifier') continue;
    const enumName = n.childForFieldName('name')?.text;
    const body = n.childForFieldName('body');
    if (!enumName || !body || enumErrors.has(enumName)) continue;
    const scoped = n.children.some((c) => c?.type === 'class' || c?.type === 'struct');
    for (const e of namedChildren(body).filter((c) => c.type === 'enumerator')) {
      const name = e.childForFieldName('name')?.text ?? '';
      if (ERROR_NAME.test(name)) { enumErrors.set(enumName, scoped ? `${enumName}::${name}` : name); break; }
    }
  }
  f = { conventionByType: new Map(), enumErrors, facility: findFacility(model), preludeOffset: findPreludeOffset(model.root) };
  facts.set(model, f);
  return f;
}

const GENERATED_FACILITY_TEXT = `#ifndef FFI_LENS_LAST_ERROR
#define FFI_LENS_LAST_ERROR
// The message of the last C++ exception stopped at the C boundary, per thread (generated by FFI Lens).
static thread_local char ffi_last_error_message[256];
static void ffi_set_last_error(const char* message) noexcept {
  unsigned i = 0;
  for (; message[i] != '\\0' && i + 1 < sizeof ffi_last_error_message; ++i) ffi_last_error_message[i] = message[i];
  ffi_last_error_message[i] = '\\0';
}
extern "C" const char* ffi_last_error(void) noexcept { return ffi_last_error_message; }
#endif
`;

/** After the last #include at the top of the file (or at its start): where generated declarations go. */
function findPreludeOffset(root: Node): number {
  let offset = 0;
  for (const c of namedChildren(root)) {
    if (c.type === 'preproc_include') offset = c.endIndex;
    else if (c.type !== 'comment' && c.type !== 'preproc_def' && c.type !== 'preproc_call') break;
  }
  return offset;
}

function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The edits that wrap `fn`'s body; undefined when the function has no plain body or no error value fits its return type. */
export function wrapBodyInTryCatch(fn: CppFunction, model: CppFileModel): WrapEdit[] | undefined {
  const body = fn.body;
  if (!body || (body.type !== 'compound_statement' && body.type !== 'try_statement')) return undefined;
  // A function-try-block (`f() try { } catch ...`) becomes a try statement inside a new body.
  const isBlock = body.type === 'compound_statement';
  const value = errorValue(fn, model);
  if (value === undefined) return undefined;
  const text = model.text;
  const facility = errorFacility(model);
  const record = facility ?? GENERATED_FACILITY;
  const ind = lineIndentAt(text, fn.node.startIndex);
  const unit = '  ';
  const inner = isBlock ? text.slice(body.startIndex + 1, body.endIndex - 1) : `\n${ind}${body.text}`;
  const rawString = /\bR"/.test(inner);
  const lines = inner.replace(/^[ \t]*\n/, '').replace(/\s+$/, '').split('\n');
  const reindented = lines.map((l) => (l.trim() === '' || rawString ? l : unit + l)).join('\n');
  const ret = value === null ? '' : `\n${ind}${unit}${unit}return ${value};`;
  const wrapped = `\n${ind}${unit}try {\n${reindented}\n${ind}${unit}} catch (const std::exception& e) {\n${ind}${unit}${unit}${record}(e.what());${ret}\n` +
    `${ind}${unit}} catch (...) {\n${ind}${unit}${unit}${record}("unknown C++ exception");${ret}\n${ind}${unit}}\n${ind}`;
  const edits: WrapEdit[] = [];
  let prelude = '';
  const at = fileFacts(model).preludeOffset;
  const includes = text.slice(0, at);
  if (!/#\s*include\s*<(exception|stdexcept)>/.test(includes)) prelude += '#include <exception>\n';
  if (value?.includes('numeric_limits') && !/#\s*include\s*<limits>/.test(includes)) prelude += '#include <limits>\n';
  if (!facility) prelude += GENERATED_FACILITY_TEXT;
  if (prelude) edits.push({ start: at, end: at, text: (at > 0 && text[at - 1] !== '\n' ? '\n' : '') + prelude });
  if (isBlock) edits.push({ start: body.startIndex + 1, end: body.endIndex - 1, text: wrapped });
  else edits.push({ start: body.startIndex, end: body.endIndex, text: `{${wrapped}}` });
  return edits;
}
