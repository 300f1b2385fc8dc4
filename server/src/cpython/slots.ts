// Where a function is registered decides its contract: a PyGetSetDef setter
// gets NULL as its value when the attribute is deleted, a tp_new/tp_init or a
// METH_KEYWORDS method gets NULL keywords when none were passed, and so on.
// Read from the static tables of the file: PyTypeObject initialisers
// (designated and positional), PyMethodDef, PyGetSetDef, PyType_Slot arrays and
// the PyNumberMethods/PySequenceMethods/PyMappingMethods suites.

/** A registration of a function: the slot (`tp_dealloc`, `setter`, `method`, ...) and, for methods, their flags. */
export interface SlotUse {
  readonly slot: string;
  readonly flags?: string;
}

/** Parameters that may be NULL under a slot's contract, and why (shown in the finding). */
export function nullableParams(use: SlotUse): ReadonlyMap<number, string> {
  switch (use.slot) {
    case 'setter':
      return new Map([[1, 'the attribute is being deleted']]);
    case 'tp_setattro': case 'tp_setattr': case 'tp_descr_set':
      return new Map([[2, 'the attribute is being deleted']]);
    case 'mp_ass_subscript': case 'sq_ass_item':
      return new Map([[2, 'the item is being deleted']]);
    case 'tp_new': case 'tp_init': case 'tp_call':
      return new Map([[2, 'no keyword arguments were passed']]);
    case 'method':
      return use.flags && /METH_KEYWORDS/.test(use.flags) && !/METH_FASTCALL/.test(use.flags) ? new Map([[2, 'no keyword arguments were passed']]) : new Map();
    default:
      return new Map();
  }
}

/** PyTypeObject's members in declaration order after `PyVarObject_HEAD_INIT(...)` (CPython 3.8+). */
const TYPE_FIELDS = ['tp_name', 'tp_basicsize', 'tp_itemsize', 'tp_dealloc', 'tp_vectorcall_offset', 'tp_getattr', 'tp_setattr', 'tp_as_async',
  'tp_repr', 'tp_as_number', 'tp_as_sequence', 'tp_as_mapping', 'tp_hash', 'tp_call', 'tp_str', 'tp_getattro', 'tp_setattro', 'tp_as_buffer',
  'tp_flags', 'tp_doc', 'tp_traverse', 'tp_clear', 'tp_richcompare', 'tp_weaklistoffset', 'tp_iter', 'tp_iternext', 'tp_methods', 'tp_members',
  'tp_getset', 'tp_base', 'tp_dict', 'tp_descr_get', 'tp_descr_set', 'tp_dictoffset', 'tp_init', 'tp_alloc', 'tp_new', 'tp_free', 'tp_is_gc'];

const TABLE = /\b(PyTypeObject|PyMethodDef|PyGetSetDef|PyType_Slot|PyNumberMethods|PySequenceMethods|PyMappingMethods|PyAsyncMethods)\s+\w+\s*(\[\s*\w*\s*\])?\s*=\s*\{/g;

/** Every function registered in a static table of `text`, by name (the first registration wins). */
export function slotUses(text: string): Map<string, SlotUse> {
  const out = new Map<string, SlotUse>();
  const add = (value: string | undefined, use: SlotUse): void => {
    const name = value === undefined ? undefined : functionName(value);
    if (name && !out.has(name)) out.set(name, use);
  };
  for (const m of text.matchAll(TABLE)) {
    const kind = m[1]!;
    const open = m.index + m[0].length - 1;
    const body = braced(text, open);
    if (body === undefined) continue;
    const items = splitTopLevel(body);
    if (kind === 'PyTypeObject' || (!m[2] && /Methods$/.test(kind))) {
      let position = 0;
      items.forEach((raw, i) => {
        // `PyVarObject_HEAD_INIT(NULL, 0)` expands to the first element and its comma: the fields follow it in order.
        const item = i === 0 ? raw.replace(/^Py(Var)?Object_HEAD_INIT\s*\((?:[^()]|\([^()]*\))*\)\s*/, '') : raw;
        if (!item) return;
        const d = /^\.\s*(\w+)\s*=\s*([\s\S]*)$/.exec(item);
        if (d) add(d[2], { slot: d[1]! });
        else if (kind === 'PyTypeObject') add(item, { slot: TYPE_FIELDS[position++] ?? '' });
      });
      continue;
    }
    for (const item of items) {
      const inner = /^\{([\s\S]*)\}$/.exec(item);
      if (!inner) continue;
      const parts = splitTopLevel(inner[1]!);
      if (kind === 'PyMethodDef') add(parts[1], { slot: 'method', flags: parts[2] ?? '' });
      else if (kind === 'PyGetSetDef') {
        add(parts[1], { slot: 'getter' });
        add(parts[2], { slot: 'setter' });
      } else if (kind === 'PyType_Slot') {
        const slot = /^Py_(\w+)$/.exec(parts[0] ?? '');
        if (slot) add(parts[1], { slot: slot[1]! });
      }
    }
  }
  return out;
}

/** `(destructor)f`, `&f`, `f`: the function named; undefined for NULL, numbers, strings and expressions. */
function functionName(value: string): string | undefined {
  const v = value.replace(/^\s*(\((?:[^()]|\([^()]*\))*\)\s*|&\s*)*/, '').trim();
  return /^[A-Za-z_]\w*$/.test(v) && v !== 'NULL' && v !== '0' ? v : undefined;
}

/** The text between the brace at `open` and its partner, or undefined when it does not close. */
function braced(text: string, open: number): string | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '\'') i = skipQuoted(text, i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 1 || text.length;
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

function skipQuoted(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q || text[i] === '\n') return i;
  }
  return text.length;
}

/** Splits at commas outside parentheses, braces and strings; comments dropped, items trimmed, empty ones left out. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '\'') {
      const end = skipQuoted(s, i);
      cur += s.slice(i, end + 1);
      i = end;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      i = end < 0 ? s.length : end + 1;
      cur += ' ';
    } else if (c === '/' && s[i + 1] === '/') {
      const end = s.indexOf('\n', i);
      i = end < 0 ? s.length : end;
      cur += ' ';
    } else if (c === '(' || c === '{' || c === '[') {
      depth++;
      cur += c;
    } else if (c === ')' || c === '}' || c === ']') {
      depth--;
      cur += c;
    } else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter((x) => x.length > 0);
}
