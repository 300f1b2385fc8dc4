// The format strings of Py_BuildValue and PyArg_ParseTuple: which variadic
// argument each unit consumes and what it does with it. An unknown unit makes
// the whole format unknown (undefined): the caller then says nothing.

/** One variadic argument of Py_BuildValue: `N` steals it, `O`/`S` take a new reference of their own. */
export interface BuildValueArg {
  readonly kind: 'steal' | 'borrow' | 'other';
  /** The unit's index in the format string (for the `N` <-> `O` fix), or -1 for a unit's extra argument. */
  readonly at: number;
}

export function buildValueArgs(format: string): BuildValueArg[] | undefined {
  const out: BuildValueArg[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if ('()[]{}:, \t'.includes(c)) continue;
    if ('szyuU'.includes(c)) {
      out.push({ kind: 'other', at: i });
      if (format[i + 1] === '#') {
        out.push({ kind: 'other', at: -1 });
        i++;
      }
    } else if ('ibhlBHIkLKncCdfDp'.includes(c)) {
      out.push({ kind: 'other', at: i });
    } else if (c === 'O' && format[i + 1] === '&') {
      out.push({ kind: 'other', at: i }, { kind: 'other', at: -1 });
      i++;
    } else if (c === 'O' || c === 'S') {
      out.push({ kind: 'borrow', at: i });
    } else if (c === 'N') {
      out.push({ kind: 'steal', at: i });
    } else {
      return undefined;
    }
  }
  return out;
}

/** Per variadic argument of PyArg_ParseTuple: `object` receives a borrowed reference, `unknown` anything else (a converter's result). */
export type ParseArg = 'object' | 'other' | 'unknown';

export function parseTupleArgs(format: string): ParseArg[] | undefined {
  const out: ParseArg[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === ':' || c === ';') break;
    if ('|$()'.includes(c)) continue;
    if ('szy'.includes(c)) {
      out.push('other');
      if (format[i + 1] === '*') i++;
      else if (format[i + 1] === '#') {
        out.push('other');
        i++;
      }
    } else if (c === 'e' && (format[i + 1] === 's' || format[i + 1] === 't')) {
      out.push('other', 'other');
      i++;
      if (format[i + 1] === '#') {
        out.push('other');
        i++;
      }
    } else if (c === 'w' && format[i + 1] === '*') {
      out.push('other');
      i++;
    } else if ('bBhHiIlkLKncCfdDp'.includes(c)) {
      out.push('other');
    } else if (c === 'O' && format[i + 1] === '!') {
      out.push('other', 'object');
      i++;
    } else if (c === 'O' && format[i + 1] === '&') {
      out.push('other', 'unknown');
      i++;
    } else if ('OSYU'.includes(c)) {
      out.push('object');
    } else {
      return undefined;
    }
  }
  return out;
}
