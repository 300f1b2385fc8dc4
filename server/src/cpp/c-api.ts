// Generates a C API for a C++ class of the file. Two shapes:
// - the opaque handle: `typedef struct X X;`, x_create/x_destroy, one C
//   function per public method taking the handle, status returns and results
//   through out-parameters;
// - the function-pointer table: a C struct of function pointers (the "C
//   vtable") with retain/release, and an object that pairs it with an opaque
//   self pointer to a reference-counted box holding the C++ object.
// Every wrapper catches every exception (std::bad_alloc, std::exception, ...)
// and turns it into a status plus a thread-local message, so nothing unwinds
// into C. Methods whose types have no C spelling are listed as not wrapped.
import type { Node } from 'web-tree-sitter';
import type { CppClass, CppMember } from './file-model.ts';
import { isStringType } from './std-library.ts';
import { declaratorIndirection, namedChildren, plainType } from './syntax.ts';

const C_SCALARS = new Set([
  'bool', 'char', 'signedchar', 'unsignedchar', 'short', 'shortint', 'unsignedshort', 'unsignedshortint', 'int', 'signed', 'signedint',
  'unsigned', 'unsignedint', 'long', 'longint', 'unsignedlong', 'unsignedlongint', 'longlong', 'longlongint', 'unsignedlonglong',
  'unsignedlonglongint', 'float', 'double', 'longdouble', 'size_t', 'ptrdiff_t', 'intptr_t', 'uintptr_t', 'intmax_t', 'uintmax_t',
  'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
]);

/** `std::uint32_t` -> `uint32_t`; `const unsigned  int` -> `unsigned int`; undefined when C has no such scalar. */
function cScalar(typeText: string): string | undefined {
  const spelled = typeText.replace(/\b(const|volatile)\b/g, ' ').replace(/\bstd::/g, '').replace(/\s+/g, ' ').trim();
  return C_SCALARS.has(spelled.replace(/\s/g, '')) ? spelled : undefined;
}

export interface CParam {
  /** `int i`, `const char* name`, `const Widget* other`. */
  readonly decl: string;
  /** The C++ argument expression built from it. */
  readonly arg: string;
  /** A pointer that must not be NULL. */
  readonly required?: string;
}

type CReturn =
  | { readonly kind: 'void' }
  | { readonly kind: 'value'; readonly cType: string }
  | { readonly kind: 'string' };

export interface CApiFunction {
  /** The C++ member name. */
  readonly member: string;
  /** The C suffix: `get` -> `widget_get`; overloads get `_2`, `_3`. */
  readonly suffix: string;
  readonly kind: 'constructor' | 'method' | 'static';
  readonly isConst: boolean;
  readonly params: readonly CParam[];
  readonly ret: CReturn;
}

export interface CApiModel {
  readonly className: string;
  /** The class as the implementation names it (`::ns::Widget`). */
  readonly qualifiedName: string;
  /** snake_case prefix: `HttpClient` -> `http_client`. */
  readonly prefix: string;
  readonly constructors: readonly CApiFunction[];
  readonly methods: readonly CApiFunction[];
  readonly abstract: boolean;
  /** Public members with no C spelling, as written, with the reason. */
  readonly skipped: readonly string[];
}

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

function qualifiedNameOf(cls: CppClass): string {
  const parts = [cls.name];
  for (let p = cls.node.parent; p; p = p.parent) {
    if (p.type === 'namespace_definition') {
      const n = p.childForFieldName('name')?.text;
      if (n) parts.unshift(n);
    }
  }
  return `::${parts.join('::')}`;
}

function readParam(p: Node, i: number, cls: CppClass, qualified: string): CParam | string {
  if (p.type === 'variadic_parameter' || p.text === '...') return 'variadic';
  const typeNode = p.childForFieldName('type');
  const declarator = p.childForFieldName('declarator');
  if (!typeNode) return 'unreadable parameter';
  const nameNode = declarator ? [declarator, ...declarator.descendantsOfType('identifier')].find((n) => n?.type === 'identifier') : undefined;
  const name = nameNode?.text ?? `arg${i}`;
  const indirection = declaratorIndirection(declarator);
  const isConst = /\bconst\b/.test(declarator ? p.text.slice(0, declarator.startIndex - p.startIndex) : p.text);
  const plain = plainType(typeNode.text);
  if (declarator && (declarator.type.includes('function_declarator') || declarator.descendantsOfType(['function_declarator', 'abstract_function_declarator']).length)) {
    return `\`${p.text}\` (a function pointer)`;
  }
  const pointerDepth = declarator ? declarator.text.replace(/[^*]/g, '').length : 0;
  if (pointerDepth > 1) return `\`${p.text}\` (pointer to pointer)`;
  if (isStringType(plain) || /^(std::)?string_view$/.test(plain)) {
    if (indirection === 'pointer' || (indirection === 'reference' && !isConst)) return `\`${p.text}\` (a string it may modify)`;
    return { decl: `const char* ${name}`, arg: name, required: name };
  }
  if (plain === cls.name || plain === qualified.replace(/^::/, '')) {
    if (indirection === 'none') return `\`${p.text}\` (the class by value)`;
    const c = isConst ? 'const ' : '';
    const cast = `reinterpret_cast<${c}${qualified}*>(${name})`;
    return { decl: `${c}${cls.name}* ${name}`, arg: indirection === 'reference' ? `*${cast}` : cast, required: indirection === 'reference' ? name : undefined };
  }
  const scalar = cScalar(typeNode.text) ?? (plain === 'void' && indirection === 'pointer' ? 'void' : undefined);
  if (!scalar) return `\`${p.text}\` (no C type for \`${typeNode.text}\`)`;
  const c = isConst ? 'const ' : '';
  if (indirection === 'none') return { decl: `${scalar} ${name}`, arg: name };
  if (indirection === 'pointer') return { decl: `${c}${scalar}* ${name}`, arg: name };
  return { decl: `${c}${scalar}* ${name}`, arg: `*${name}`, required: name };
}

function readReturn(m: CppMember): CReturn | string {
  if (m.kind === 'constructor') return { kind: 'void' };
  const typeNode = m.node.childForFieldName('type');
  const indirection = declaratorIndirection(m.node.childForFieldName('declarator'));
  const typeText = typeNode?.text ?? '';
  const plain = plainType(typeText);
  if (plain === 'void' && indirection === 'none') return { kind: 'void' };
  if (isStringType(plain) && indirection !== 'pointer') return { kind: 'string' };
  if (plain === 'char' && indirection === 'pointer' && /\bconst\b/.test(typeText)) return { kind: 'value', cType: 'const char*' };
  const scalar = cScalar(typeText);
  if (scalar && indirection === 'none') return { kind: 'value', cType: scalar };
  if (scalar && indirection === 'reference' && /\bconst\b/.test(typeText)) return { kind: 'value', cType: scalar };
  return `returns \`${typeText}${indirection === 'pointer' ? '*' : indirection === 'reference' ? '&' : ''}\``;
}

/** The C API model of a class, or a reason why none can be made. */
export function cApiModel(cls: CppClass): CApiModel | string {
  if (cls.key === 'union') return 'a union has no methods to wrap';
  if (/</.test(cls.nameNode.text) || cls.node.parent?.type === 'template_declaration') return 'a class template has no single C API';
  const qualified = qualifiedNameOf(cls);
  const skipped: string[] = [];
  const constructors: CApiFunction[] = [];
  const methods: CApiFunction[] = [];
  const used = new Map<string, number>();
  const suffixFor = (name: string): string => {
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  };
  let abstract = false;
  for (const m of cls.members) {
    if (m.kind === 'data' || !m.declarator) continue;
    if (m.node.childForFieldName('default_value')?.text === '0') abstract = true;
    if (m.access !== 'public' || m.kind === 'destructor') continue;
    if (/^operator/.test(m.name)) { skipped.push(`${m.name} (operators are not wrapped)`); continue; }
    if (/=\s*delete\s*;?$/.test(m.node.text)) continue;
    const params: CParam[] = [];
    let problem: string | undefined;
    const list = m.declarator.childForFieldName('parameters');
    namedChildren(list ?? m.declarator).filter((p) => p.type.endsWith('parameter_declaration') || p.type === 'variadic_parameter').forEach((p, i) => {
      const r = readParam(p, i, cls, qualified);
      if (typeof r === 'string') problem ??= r;
      else params.push(r);
    });
    if (params.length === 1 && params[0]!.decl.startsWith('void ')) params.length = 0;
    const ret = readReturn(m);
    if (typeof ret === 'string') problem ??= ret;
    const shown = m.node.text.replace(/\s+/g, ' ').replace(/\{.*$/s, '').trim();
    if (problem || typeof ret === 'string') { skipped.push(`${shown} — ${problem}`); continue; }
    const isConst = namedChildren(m.declarator).some((c) => c.type === 'type_qualifier' && c.text === 'const');
    if (m.kind === 'constructor') {
      const copyOrMove = params.length === 1 && params[0]!.decl.includes(`${cls.name}*`);
      if (copyOrMove) continue;
      constructors.push({ member: m.name, suffix: suffixFor('create'), kind: 'constructor', isConst: false, params, ret });
    } else {
      methods.push({ member: m.name, suffix: suffixFor(snakeCase(m.name)), kind: m.isStatic ? 'static' : 'method', isConst, params, ret });
    }
  }
  if (!constructors.length && !cls.members.some((m) => m.kind === 'constructor')) {
    constructors.push({ member: cls.name, suffix: 'create', kind: 'constructor', isConst: false, params: [], ret: { kind: 'void' } });
  }
  return { className: cls.name, qualifiedName: qualified, prefix: snakeCase(cls.name), constructors, methods, abstract, skipped };
}

// ---------------------------------------------------------------- shared text

function statusEnum(prefix: string, what: string): string {
  const P = prefix.toUpperCase();
  return `typedef enum ${prefix}_status {
  ${P}_OK = 0,
  ${P}_ERR_NULL = -1,       /* a required pointer argument was NULL */
  ${P}_ERR_NOMEM = -2,      /* out of memory (std::bad_alloc) */
  ${P}_ERR_EXCEPTION = -3,  /* a std::exception: its what() is in ${prefix}_last_error() */
  ${P}_ERR_UNKNOWN = -4,    /* an exception of another type */
  ${P}_ERR_TRUNCATED = -5   /* a string result did not fit the buffer (it is cut and terminated) */
} ${prefix}_status;

/* The message of the last failed call of ${what} on this thread. */
const char* ${prefix}_last_error(void);
`;
}

function errorSupport(prefix: string): string {
  const P = prefix.toUpperCase();
  return `namespace {
thread_local char ${prefix}_error_message[256];

void ${prefix}_set_error(const char* message) noexcept {
  std::size_t i = 0;
  for (; message[i] != '\\0' && i + 1 < sizeof ${prefix}_error_message; ++i) ${prefix}_error_message[i] = message[i];
  ${prefix}_error_message[i] = '\\0';
}

// Called inside a catch block: maps the exception in flight to a status and records its message.
${prefix}_status ${prefix}_status_of_current_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc& e) {
    ${prefix}_set_error(e.what());
    return ${P}_ERR_NOMEM;
  } catch (const std::exception& e) {
    ${prefix}_set_error(e.what());
    return ${P}_ERR_EXCEPTION;
  } catch (...) {
    ${prefix}_set_error("unknown C++ exception");
    return ${P}_ERR_UNKNOWN;
  }
}

${prefix}_status ${prefix}_copy_string(const std::string& s, char* out, std::size_t out_size) noexcept {
  if (out_size == 0) return ${P}_ERR_TRUNCATED;
  const std::size_t n = s.size() < out_size - 1 ? s.size() : out_size - 1;
  std::memcpy(out, s.data(), n);
  out[n] = '\\0';
  return s.size() < out_size ? ${P}_OK : ${P}_ERR_TRUNCATED;
}
}  // namespace

extern "C" const char* ${prefix}_last_error(void) { return ${prefix}_error_message; }
`;
}

const IMPL_INCLUDES = '#include <cstddef>\n#include <cstring>\n#include <exception>\n#include <new>\n#include <string>\n';

function outParams(ret: CReturn): string[] {
  if (ret.kind === 'value') return [`${ret.cType}* out`];
  if (ret.kind === 'string') return ['char* out', 'size_t out_size'];
  return [];
}

/** The statements that call `call` (a C++ expression) and hand its result back through the out-parameters. */
function callAndStore(call: string, ret: CReturn, prefix: string, ind: string): string {
  const P = prefix.toUpperCase();
  if (ret.kind === 'void') return `${ind}${call};\n${ind}return ${P}_OK;`;
  if (ret.kind === 'value') return `${ind}*out = ${call};\n${ind}return ${P}_OK;`;
  return `${ind}const std::string result = ${call};\n${ind}return ${prefix}_copy_string(result, out, out_size);`;
}

function nullChecks(names: readonly string[], prefix: string): string {
  return names.length ? `  if (${names.map((n) => `!${n}`).join(' || ')}) return ${prefix.toUpperCase()}_ERR_NULL;\n` : '';
}

function requiredOf(f: CApiFunction): string[] {
  return [...f.params.flatMap((p) => (p.required ? [p.required] : [])), ...(f.ret.kind === 'void' ? [] : ['out'])];
}

function skippedNote(model: CApiModel): string {
  return model.skipped.length ? `/* Not wrapped (no C spelling):\n${model.skipped.map((s) => ` *   ${s.replace(/\*\//g, '* /')}`).join('\n')}\n */\n` : '';
}

function guardOf(fileName: string): string {
  return fileName.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

// ---------------------------------------------------------------- opaque handle

export interface GeneratedApi {
  readonly headerName: string;
  readonly header: string;
  readonly implName: string;
  readonly impl: string;
}

/** `includeClass` is the #include line that brings the class into the implementation ('' when it is appended to the class's own file). */
export function handleApi(model: CApiModel, includeClass: string): GeneratedApi {
  const { prefix, className: X, qualifiedName: Q } = model;
  const P = prefix.toUpperCase();
  const headerName = `${prefix}_c_api.h`;
  const implName = `${prefix}_c_api.cpp`;
  const decls: string[] = [];
  const defs: string[] = [];
  const sig = (f: CApiFunction, self: string | undefined): string =>
    `${prefix}_status ${prefix}_${f.suffix}(${[...(self ? [self] : []), ...f.params.map((p) => p.decl), ...outParams(f.ret)].join(', ') || 'void'})`;
  if (!model.abstract) {
    for (const c of model.constructors) {
      const s = `${prefix}_status ${prefix}_${c.suffix}(${[`${X}** out`, ...c.params.map((p) => p.decl)].join(', ')})`;
      decls.push(`/* Creates a ${X}; release it with ${prefix}_destroy. */\n${s};`);
      defs.push(`extern "C" ${s} {\n${nullChecks(['out', ...c.params.flatMap((p) => (p.required ? [p.required] : []))], prefix)}  *out = nullptr;\n  try {\n    *out = reinterpret_cast<${X}*>(new ${Q}(${c.params.map((p) => p.arg).join(', ')}));\n    return ${P}_OK;\n  } catch (...) {\n    return ${prefix}_status_of_current_exception();\n  }\n}`);
    }
  }
  decls.push(`/* Destroys a ${X} made by ${prefix}_create (NULL is ignored). */\nvoid ${prefix}_destroy(${X}* self);`);
  defs.push(`extern "C" void ${prefix}_destroy(${X}* self) {\n  delete reinterpret_cast<${Q}*>(self);\n}`);
  for (const m of model.methods) {
    const self = m.kind === 'static' ? undefined : `${m.isConst ? 'const ' : ''}${X}* self`;
    const s = sig(m, self);
    decls.push(`${s};`);
    const target = m.kind === 'static' ? `${Q}::${m.member}` : `reinterpret_cast<${m.isConst ? 'const ' : ''}${Q}*>(self)->${m.member}`;
    const call = `${target}(${m.params.map((p) => p.arg).join(', ')})`;
    defs.push(`extern "C" ${s} {\n${nullChecks([...(self ? ['self'] : []), ...requiredOf(m)], prefix)}  try {\n${callAndStore(call, m.ret, prefix, '    ')}\n  } catch (...) {\n    return ${prefix}_status_of_current_exception();\n  }\n}`);
  }
  const guard = guardOf(headerName);
  const header = `/* C API of the C++ class ${X} (generated by FFI Lens): an opaque handle,
 * status returns and results through out-parameters. No C++ exception crosses it. */
#ifndef ${guard}
#define ${guard}

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ${X} ${X};

${statusEnum(prefix, `the ${X} API`)}
${decls.join('\n')}

${skippedNote(model)}#ifdef __cplusplus
}
#endif

#endif /* ${guard} */
`;
  const impl = `// Implementation of ${headerName} (generated by FFI Lens): every wrapper catches
// every exception, so none unwinds into C.
${includeClass}#include "${headerName}"

${IMPL_INCLUDES}
${errorSupport(prefix)}
${defs.join('\n\n')}
`;
  return { headerName, header, implName, impl };
}

// ---------------------------------------------------------------- function-pointer table

export function vtableApi(model: CApiModel, includeClass: string): GeneratedApi {
  const { className: X, qualifiedName: Q } = model;
  const prefix = `${model.prefix}_object`;
  const P = prefix.toUpperCase();
  const headerName = `${prefix}.h`;
  const implName = `${prefix}.cpp`;
  const box = `${X.replace(/[^A-Za-z0-9_]/g, '_')}Box`;
  const methods = model.methods.filter((m) => m.kind === 'method');
  const slots: string[] = [
    '  /* Adds a reference. */\n  void (*retain)(void* self);',
    '  /* Drops a reference; the object is destroyed with the last one. */\n  void (*release)(void* self);',
  ];
  const fns: string[] = [];
  const entries: string[] = [`${prefix}_retain`, `${prefix}_release`];
  for (const m of methods) {
    const params = [`${m.isConst ? 'const ' : ''}void* self`, ...m.params.map((p) => p.decl), ...outParams(m.ret)].join(', ');
    slots.push(`  ${prefix}_status (*${m.suffix})(${params});`);
    const self = `static_cast<${m.isConst ? 'const ' : ''}${box}*>(self)->value`;
    const call = `${self}.${m.member}(${m.params.map((p) => p.arg).join(', ')})`;
    fns.push(`${prefix}_status ${prefix}_${m.suffix}(${params}) noexcept {\n${nullChecks(['self', ...requiredOf(m)], prefix)}  try {\n${callAndStore(call, m.ret, prefix, '    ')}\n  } catch (...) {\n    return ${prefix}_status_of_current_exception();\n  }\n}`);
    entries.push(`${prefix}_${m.suffix}`);
  }
  const creates: string[] = [];
  const createDefs: string[] = [];
  if (!model.abstract) {
    for (const c of model.constructors) {
      const name = `${prefix}_${c.suffix}`;
      const s = `${prefix}_status ${name}(${[`${prefix}* out`, ...c.params.map((p) => p.decl)].join(', ')})`;
      creates.push(`/* Makes a ${X} with one reference; drop it with out->vtable->release(out->self). */\n${s};`);
      createDefs.push(`extern "C" ${s} {\n${nullChecks(['out', ...c.params.flatMap((p) => (p.required ? [p.required] : []))], prefix)}  out->vtable = nullptr;\n  out->self = nullptr;\n  try {\n    out->self = new ${box}(${c.params.map((p) => p.arg).join(', ')});\n    out->vtable = &${prefix}_vtable_instance;\n    return ${P}_OK;\n  } catch (...) {\n    return ${prefix}_status_of_current_exception();\n  }\n}`);
    }
  }
  const guard = guardOf(headerName);
  const header = `/* C interface of the C++ class ${X} as a table of function pointers (generated by
 * FFI Lens): an object is { vtable, self }; call obj.vtable->method(obj.self, ...).
 * self is opaque and reference-counted (retain/release). No C++ exception crosses it. */
#ifndef ${guard}
#define ${guard}

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

${statusEnum(prefix, `a ${X} object`)}
typedef struct ${prefix}_vtable {
${slots.join('\n')}
} ${prefix}_vtable;

typedef struct ${prefix} {
  const ${prefix}_vtable* vtable;
  void* self;
} ${prefix};

${creates.join('\n')}

${skippedNote(model)}#ifdef __cplusplus
}
#endif

#endif /* ${guard} */
`;
  const impl = `// Implementation of ${headerName} (generated by FFI Lens): every entry of the table
// catches every exception, so none unwinds into C.
${includeClass}#include "${headerName}"

#include <atomic>
#include <utility>
${IMPL_INCLUDES}
${errorSupport(prefix)}
namespace {
// The object C holds through \`self\`: the C++ value and its reference count.
struct ${box} {
  std::atomic<long> refs{1};
  ${Q} value;
  template <class... Args>
  explicit ${box}(Args&&... args) : value(std::forward<Args>(args)...) {}
};

void ${prefix}_retain(void* self) noexcept {
  if (self) static_cast<${box}*>(self)->refs.fetch_add(1, std::memory_order_relaxed);
}

void ${prefix}_release(void* self) noexcept {
  auto* box = static_cast<${box}*>(self);
  if (box && box->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete box;
}

${fns.join('\n\n')}

const ${prefix}_vtable ${prefix}_vtable_instance = {
${entries.map((e) => `  ${e},`).join('\n')}
};
}  // namespace

${createDefs.join('\n\n')}
`;
  return { headerName, header, implName, impl };
}
