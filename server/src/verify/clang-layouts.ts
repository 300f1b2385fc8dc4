// clang's `-Xclang -fdump-record-layouts` text, read into records (C records
// only). Field paths follow the engine's FieldLayout scheme: members of
// anonymous members are named as members of the enclosing record, a named
// record member `m` is followed by `m.x` entries, and an unnamed bit-field is
// `(unnamed)` under its parent's path. Shared by the compiler verification and
// the differential tests.

export interface DumpField {
  readonly path: string;
  readonly offsetBits: number;
  /** Present for bit-fields, 0 for zero-width ones. */
  readonly bitWidth?: number;
}

export interface DumpRecord {
  /** `struct S`/`union U` without the keyword, or the typedef name of an untagged record. */
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly DumpField[];
}

// `   6:0-2 |     int q`, `  56:- |   unsigned int `, `  8 |   char c`
const FIELD = /^\s*(\d+)(?::(?:(\d+)-(\d+)|(-)))?\s\|\s(\s*)(.*)$/;
const SIZE = /^\s*\|\s*\[sizeof=(\d+),\s*(?:dsize=\d+,\s*)?align=(\d+)/;

/** Parses every dumped record; records without a usable name (anonymous members) are skipped. */
export function parseRecordLayouts(text: string): DumpRecord[] {
  const out: DumpRecord[] = [];
  const blocks = text.split('*** Dumping AST Record Layout');
  for (const block of blocks.slice(1)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const header = lines[0] !== undefined ? FIELD.exec(lines[0]) : null;
    if (!header) throw new Error(`unreadable record header: ${lines[0] ?? '(none)'}`);
    const title = header[6]!.trim();
    const fields: DumpField[] = [];
    // stack[d] is the path prefix for entries at depth d ('' at the top).
    const stack: string[] = [''];
    let size = -1;
    let align = -1;
    for (const line of lines.slice(1)) {
      const s = SIZE.exec(line);
      if (s) {
        size = Number(s[1]);
        align = Number(s[2]);
        break;
      }
      const m = FIELD.exec(line);
      if (!m) throw new Error(`unreadable layout line in ${title}: ${line}`);
      const indent = m[5]!.length;
      // The header sits at "| X"; members at "|   X": two spaces per level.
      const depth = (indent - 2) / 2;
      if (!Number.isInteger(depth) || depth < 0) throw new Error(`odd indentation in ${title}: ${line}`);
      const body = m[6]!;
      const cut = body.lastIndexOf(' ');
      const name = cut < 0 ? '' : body.slice(cut + 1);
      const typeText = cut < 0 ? body : body.slice(0, cut);
      const prefix = stack[depth] ?? '';
      stack.length = depth + 1;
      const byte = Number(m[1]);
      const isBitfield = m[2] !== undefined || m[4] !== undefined;
      if (isBitfield) {
        const offsetBits = byte * 8 + (m[2] !== undefined ? Number(m[2]) : 0);
        const bitWidth = m[2] !== undefined ? Number(m[3]) - Number(m[2]) + 1 : 0;
        fields.push({ path: prefix + (name === '' ? '(unnamed)' : name), offsetBits, bitWidth });
        stack.push(prefix);
        continue;
      }
      if (name === '') {
        // An anonymous struct/union member: its members belong to this level.
        if (!/\((anonymous|unnamed) at /.test(typeText)) throw new Error(`nameless non-record member in ${title}: ${line}`);
        stack.push(prefix);
        continue;
      }
      fields.push({ path: prefix + name, offsetBits: byte * 8 });
      stack.push(`${prefix}${name}.`);
    }
    if (size < 0) throw new Error(`no size line for ${title}`);
    if (title.includes('(anonymous at') || title.includes('(unnamed at')) continue;
    const name = title.replace(/^(struct|union)\s+/, '');
    out.push({ name, size, align, fields });
  }
  return out;
}
