// Whether a class of the file is polymorphic and whether it is standard-layout
// ([class.prop]), read from the class definitions alone. A base or member type
// that is not defined in the file makes the answer unknown, unless the class's
// own members already decide it (a virtual function is enough).
import type { CppClass, CppFileModel } from './file-model.ts';
import { plainType } from './syntax.ts';

export interface ClassFacts {
  /** Declares or inherits a virtual function. undefined: depends on a base not in the file. */
  readonly polymorphic: boolean | undefined;
  readonly standardLayout: boolean | undefined;
  /** Why it is polymorphic or not standard-layout, for messages: "virtual function `area`", "a virtual base `B`". */
  readonly reasons: readonly string[];
}

/** std:: types used as members: standard-layout or not is up to the library, so they leave the answer open. */
const SCALAR = /^(?:unsigned|signed|int|long|short|char|bool|float|double|wchar_t|char(?:8|16|32)_t|size_t|std::size_t|ptrdiff_t|u?int(?:8|16|32|64|ptr|max)_t|std::u?int(?:8|16|32|64|ptr)_t)/;

const memo = new WeakMap<CppFileModel, Map<string, ClassFacts>>();

export function classFacts(model: CppFileModel, name: string): ClassFacts {
  // Memoised per file, and computed bases-first with an explicit stack: a hierarchy thousands of
  // classes deep neither recurses nor is read more than once per class.
  let known = memo.get(model);
  if (!known) memo.set(model, (known = new Map()));
  const cached = known.get(name);
  if (cached) return cached;
  const inProgress = new Set<string>();
  const stack = [name];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (known.has(top)) { stack.pop(); continue; }
    const deps = dependencies(model, top).filter((d) => !known!.has(d) && !inProgress.has(d) && model.classes.has(d));
    if (deps.length && !inProgress.has(top)) {
      inProgress.add(top);
      stack.push(...deps);
      continue;
    }
    stack.pop();
    // A dependency still in progress is a cycle (invalid C++): it reads as unknown.
    known.set(top, computeFacts(model, top, (d) => known!.get(d) ?? UNKNOWN));
    inProgress.delete(top);
  }
  return known.get(name)!;
}

const UNKNOWN: ClassFacts = { polymorphic: undefined, standardLayout: undefined, reasons: [] };

/** The classes whose facts decide this one's: its bases and the class types of its data members. */
function dependencies(model: CppFileModel, name: string): string[] {
  const cls = model.classes.get(name);
  if (!cls) return [];
  return [...cls.bases.map((b) => baseName(b.name)), ...cls.members.filter((m) => m.kind === 'data' && !m.isStatic).map((m) => baseName(plainType(m.type)))];
}

function computeFacts(model: CppFileModel, name: string, factsOf: (name: string) => ClassFacts): ClassFacts {
  const cls = model.classes.get(name);
  if (!cls) return UNKNOWN;
  const reasons: string[] = [];
  let polymorphic: boolean | undefined = false;
  let standardLayout: boolean | undefined = true;

  const virtuals = cls.members.filter((m) => m.isVirtual);
  if (virtuals.length) {
    polymorphic = true;
    standardLayout = false;
    reasons.push(`virtual ${virtuals[0]!.kind === 'destructor' ? 'destructor' : 'function'} \`${virtuals[0]!.name}\``);
  }
  const baseFacts = cls.bases.map((b) => ({ base: b, facts: factsOf(baseName(b.name)) }));
  for (const { base, facts } of baseFacts) {
    if (base.isVirtual) { standardLayout = false; reasons.push(`virtual base \`${base.name}\``); }
    if (facts.polymorphic === true && polymorphic !== true) { polymorphic = true; reasons.push(`base \`${base.name}\` is polymorphic`); }
    else if (facts.polymorphic === undefined && polymorphic === false) polymorphic = undefined;
    if (facts.standardLayout === false && standardLayout !== false) { standardLayout = false; reasons.push(`base \`${base.name}\` is not standard-layout`); }
    else if (facts.standardLayout === undefined && standardLayout === true) standardLayout = undefined;
  }
  const data = cls.members.filter((m) => m.kind === 'data' && !m.isStatic);
  const accesses = new Set(data.map((m) => m.access));
  if (accesses.size > 1) { standardLayout = false; reasons.push('data members with different access (public and private/protected)'); }
  for (const m of data) {
    if (m.isReference) { standardLayout = false; reasons.push(`reference member \`${m.name}\``); continue; }
    if (isPointerMember(m.node.text)) continue;
    const t = baseName(plainType(m.type));
    if (model.classes.has(t)) {
      const f = factsOf(t);
      if (f.standardLayout === false && standardLayout !== false) { standardLayout = false; reasons.push(`member \`${m.name}\` of non-standard-layout type \`${t}\``); }
      else if (f.standardLayout === undefined && standardLayout === true) standardLayout = undefined;
    } else if (!SCALAR.test(t) && !isEnumOrPlain(model, t) && standardLayout === true) {
      standardLayout = undefined;
    }
  }
  // Data members declared in more than one class of the hierarchy.
  const withData = [cls, ...baseFacts.map((b) => model.classes.get(baseName(b.base.name)))].filter((c): c is CppClass => !!c && hasData(c));
  if (withData.length > 1) { standardLayout = false; reasons.push('data members in both the class and a base'); }
  return { polymorphic, standardLayout, reasons };
}

function hasData(c: CppClass): boolean {
  return c.members.some((m) => m.kind === 'data' && !m.isStatic);
}

function baseName(t: string): string {
  return t.replace(/<.*$/s, '').split('::').pop() ?? t;
}

function isPointerMember(text: string): boolean {
  return /\*/.test(text.replace(/\(.*$/s, ''));
}

/** An enum or a typedef of the file is taken as plain data (it cannot add a vptr or mixed access). */
function isEnumOrPlain(model: CppFileModel, t: string): boolean {
  return new RegExp(`\\benum\\s+(class\\s+|struct\\s+)?${t.replace(/[^A-Za-z0-9_]/g, '')}\\b|\\btypedef\\b[^;]*\\b${t.replace(/[^A-Za-z0-9_]/g, '')}\\s*;`).test(model.text);
}
