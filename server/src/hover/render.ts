// Layout hovers as Markdown: a summary line, the member table with padding
// rows, a byte map and the target matrix. Short records stay short: the
// matrix collapses to one line when every target agrees.
import type { DeclTable, RecordDecl } from '../base/model.ts';
import { declarationToString } from '../base/type-display.ts';
import type { FieldLayout, LayoutAnswer, RecordLayout, Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import { MAX_FLATTENED_FIELDS } from '../layout/engine.ts';
import { formatBits, padding } from './padding.ts';
import { CxxTraitsOracle } from '../layout/cxx-traits.ts';

export interface TargetLayout {
  readonly target: Target;
  readonly layout: LayoutAnswer;
  readonly table: DeclTable;
}

const SHORT_NAMES: Record<string, string> = {
  'x86_64-unknown-linux-gnu': 'x86-64',
  'i686-unknown-linux-gnu': 'i686',
  'aarch64-unknown-linux-gnu': 'aarch64',
  'x86_64-pc-windows-msvc': 'win64',
  'armv7-unknown-linux-gnueabihf': 'armv7',
  'powerpc-unknown-linux-gnu': 'ppc32be',
};

export function shortTargetName(t: Target): string {
  return SHORT_NAMES[t.triple] ?? t.triple;
}

const MAP_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MAX_MAP_BYTES = 64;
const MAX_TABLE_ROWS = 40;
/** Rows of the target matrix; differing members beyond it are counted, not listed. */
const MAX_MATRIX_ROWS = 40;
/**
 * The flattened entries a hover asks the engine for, per target: enough for the member
 * table and the target matrix. Own members are always all there (the byte map and the
 * padding need them); nested entries beyond this are never built for a hover.
 */
export const HOVER_MAX_FIELDS = 128;

function escapeMd(s: string): string {
  return s.replace(/[|\\`*_<>]/g, (c) => (c === '|' ? '\\|' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** Where a bit-field sits, spelled for the target's byte order. */
export function bitPosition(f: FieldLayout, target: Target): string {
  const byte = Math.floor(f.offsetBits / 8);
  const bit = f.offsetBits % 8;
  if (bit + f.sizeBits <= 8) {
    const mask = ((1 << f.sizeBits) - 1) << (target.endian === 'little' ? bit : 8 - bit - f.sizeBits);
    return `byte ${byte} mask 0x${mask.toString(16).padStart(2, '0')}`;
  }
  const order = target.endian === 'little' ? 'LSB-first' : 'MSB-first';
  return `bits ${f.offsetBits}–${f.offsetBits + f.sizeBits - 1} (${order})`;
}

function offsetCell(f: FieldLayout): string {
  if (f.bitfield) return `${Math.floor(f.offsetBits / 8)}:${f.offsetBits % 8}`;
  return String(f.offsetBits / 8);
}

function sizeCell(f: FieldLayout): string {
  return f.bitfield ? `${f.sizeBits} bit${f.sizeBits === 1 ? '' : 's'}` : String(f.sizeBits / 8);
}

function recordTitle(decl: RecordDecl): string {
  const key = decl.cxx?.classKey ?? decl.kind;
  if (decl.name && decl.nameFromTypedef) return `${decl.name} (${key})`;
  return `${key} ${decl.name ?? '(anonymous)'}`;
}

function fieldLabel(f: FieldLayout, table: DeclTable): string {
  // C++ rows that are not members: the vtable pointer and base subobjects (`name` is `(base B)`).
  if (f.subobject === 'vptr') return `${'  '.repeat(f.depth)}(vtable pointer)`;
  if (f.subobject) return `${'  '.repeat(f.depth)}${f.subobject === 'primary-base' ? 'primary ' : ''}${(f.name ?? '').replace(/^\(|\)$/g, '')}`;
  const name = f.path.split('.').pop() || '(unnamed)';
  return `${'  '.repeat(f.depth)}${declarationToString(f.type, name, table, f.bitfield ? f.sizeBits : undefined)}`;
}

/** One character per byte: the member's letter, `·` for padding, `*` where bit-fields share a byte. */
export function byteMap(layout: RecordLayout): { rows: string[]; legend: string[] } {
  const direct = layout.fields.filter((f) => f.depth === 0);
  const letters = new Map<FieldLayout, string>();
  direct.forEach((f, i) => letters.set(f, MAP_LETTERS[i % MAP_LETTERS.length]!));
  const shown = Math.min(layout.size, MAX_MAP_BYTES);
  const cells: string[] = [];
  for (let b = 0; b < shown; b++) {
    const lo = b * 8;
    const hi = lo + 8;
    const owners = direct.filter((f) => f.sizeBits > 0 && f.offsetBits < hi && f.offsetBits + f.sizeBits > lo);
    cells.push(owners.length === 0 ? '·' : owners.length === 1 ? letters.get(owners[0]!)! : '*');
  }
  const width = layout.size <= 8 ? 8 : 16;
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += width) {
    rows.push(`${String(i).padStart(4)} ${cells.slice(i, i + width).join('')}`);
  }
  if (layout.size > shown) rows.push(`     … ${layout.size - shown} more bytes`);
  const legend = direct.slice(0, MAP_LETTERS.length).map((f) => `${letters.get(f)}=${f.path || '(unnamed)'}`);
  return { rows, legend };
}

function summaryLine(layout: RecordLayout, kind: 'struct' | 'union'): string {
  const pad = padding(layout, kind);
  const total = pad.interiorBits + pad.tailBits;
  const parts = [`size **${layout.size}**`, `align **${layout.align}**`];
  if (total > 0) {
    const holes = pad.holes.filter((h) => !h.tail).length;
    parts.push(`padding ${formatBits(total)} (${holes} hole${holes === 1 ? '' : 's'}${pad.tailBits ? `, ${formatBits(pad.tailBits)} tail` : ''})`);
  } else {
    parts.push('no padding');
  }
  return parts.join(' · ');
}

function memberTable(layout: RecordLayout, decl: RecordDecl, primary: TargetLayout): string[] {
  const pad = padding(layout, decl.kind);
  type Row = { at: number; order: number; cells: string[] };
  const rows: Row[] = [];
  layout.fields.forEach((f, i) => {
    const where = f.bitfield ? ` ${bitPosition(f, primary.target)}` : '';
    rows.push({ at: f.offsetBits, order: i, cells: [offsetCell(f), sizeCell(f), code(fieldLabel(f, primary.table)) + (where ? ` <sub>${where}</sub>` : '')] });
  });
  for (const h of pad.holes) {
    const startByte = h.startBits / 8;
    rows.push({
      at: h.startBits,
      order: Number.MAX_SAFE_INTEGER,
      cells: [Number.isInteger(startByte) ? String(startByte) : `${Math.floor(startByte)}:${h.startBits % 8}`, (h.endBits - h.startBits) % 8 ? `${h.endBits - h.startBits} bits` : String((h.endBits - h.startBits) / 8), h.tail ? '*tail padding*' : '*padding*'],
    });
  }
  // Members come in offset order (declaration order among equals); a hole sorts after members at its start.
  const ordered = rows.sort((a, b) => a.at - b.at || a.order - b.order);
  const out = ['| offset | size | member |', '|---:|---:|:---|'];
  for (const r of ordered.slice(0, MAX_TABLE_ROWS)) out.push(`| ${r.cells.join(' | ')} |`);
  if (ordered.length > MAX_TABLE_ROWS) out.push(`| | | … ${ordered.length - MAX_TABLE_ROWS} more rows (see \`ffi-lens layout\`) |`);
  return out;
}

/** Says how many nested entries the member list leaves out, when it leaves some out. */
export function truncationLine(layout: RecordLayout): string | undefined {
  const n = layout.truncatedFields;
  if (!n) return undefined;
  const count = n >= Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : String(n);
  return `*${count} nested member entr${n === 1 ? 'y' : 'ies'} not listed* (the record nests too many to list; \`ffi-lens layout\` lists up to ${MAX_FLATTENED_FIELDS} per record)`;
}

/** The matrix of every configured target, cells that differ from the primary target in bold. */
function targetMatrix(decl: RecordDecl, all: readonly TargetLayout[]): string[] {
  const primary = all[0]!;
  if (all.length < 2) return [];
  const known = all.filter((t) => !isUnknown(t.layout));
  const primaryLayout = primary.layout as RecordLayout;
  const rowsOf = (l: RecordLayout): Map<string, string> => {
    const m = new Map<string, string>([['size', String(l.size)], ['align', String(l.align)]]);
    for (const f of l.fields) m.set(f.path || '(unnamed)', offsetCell(f));
    return m;
  };
  const primaryRows = rowsOf(primaryLayout);
  const columns = all.map((t) => (isUnknown(t.layout) ? undefined : rowsOf(t.layout)));
  const differs = columns.some((c) => !c || [...primaryRows].some(([k, v]) => c.get(k) !== v));
  const names = all.map((t) => shortTargetName(t.target)).join(', ');
  if (!differs) {
    // Entries that were not listed were not compared either.
    const partial = all.some((t) => !isUnknown(t.layout) && t.layout.truncatedFields);
    return [partial
      ? `Same size, alignment and listed member offsets on all ${all.length} targets (${names}); unlisted nested members not compared.`
      : `Same layout on all ${all.length} targets (${names}).`];
  }
  void decl;
  const out = [`| | ${all.map((t) => shortTargetName(t.target)).join(' | ')} |`, `|:---|${all.map(() => '---:').join('|')}|`];
  let rowCount = 0;
  let moreDiffering = 0;
  for (const [key, value] of primaryRows) {
    const cells = columns.map((c, i) => {
      if (!c) return i === 0 ? value : '?';
      const v = c.get(key) ?? '—';
      return v === value ? v : `**${v}**`;
    });
    const same = cells.every((c) => !c.startsWith('**'));
    if (key !== 'size' && key !== 'align' && same && rowCount > 12) continue;
    if (rowCount >= MAX_MATRIX_ROWS) {
      if (!same) moreDiffering++;
      continue;
    }
    out.push(`| ${key === 'size' || key === 'align' ? `*${key}*` : code(key)} | ${cells.join(' | ')} |`);
    rowCount++;
  }
  if (moreDiffering > 0) out.push(`| … ${moreDiffering} more differing member${moreDiffering === 1 ? '' : 's'} | ${all.map(() => '').join(' | ')} |`);
  const unknowns = all.filter((t) => isUnknown(t.layout));
  for (const u of unknowns) out.push(``, `${shortTargetName(u.target)}: ${escapeMd((u.layout as { unknown: string }).unknown)}`);
  void known;
  return [`**Targets** (bold: differs from ${shortTargetName(primary.target)})`, '', ...out];
}

/** C++: whether C may look inside the class and receive it by value, with the reason when not. */
function cxxLines(decl: RecordDecl, table: DeclTable, layout: RecordLayout): string[] {
  const t = new CxxTraitsOracle(table).traits(decl);
  if (!t) return [];
  const sizes = layout.cxx;
  // Itanium reuses a non-POD base's tail padding: a deriving class starts at dsize.
  const reuse = sizes && !sizes.empty && sizes.dsize < layout.size
    ? [`data size **${sizes.dsize}**: a class deriving from it places its own members from byte ${sizes.dsize}, inside this tail padding`, '']
    : [];
  const inside = t.standardLayout
    ? '**standard-layout**: C may look inside it'
    : `**not standard-layout** (${escapeMd(t.notStandardLayout ?? '')}): C must not look inside it`;
  const byValue = t.triviallyCopyable
    ? '**trivially copyable**: C may receive and copy it by value'
    : `**not trivially copyable** (${escapeMd(t.notTriviallyCopyable ?? '')}): C must not receive or copy it by value`;
  return [`${inside} · ${byValue}`, '', ...reuse];
}

export interface RecordHoverOptions {
  /** Show the byte map (ffiLens.hover.byteMap); on unless false. */
  readonly byteMap?: boolean;
}

export function renderRecordHover(decl: RecordDecl, all: readonly TargetLayout[], options: RecordHoverOptions = {}): string {
  const primary = all[0]!;
  const title = `**${escapeMd(recordTitle(decl))}** — ${shortTargetName(primary.target)}`;
  if (isUnknown(primary.layout)) {
    return [title, '', `Layout unknown: ${escapeMd(primary.layout.unknown)}`].join('\n');
  }
  const layout = primary.layout;
  const out = [title, '', summaryLine(layout, decl.kind), '', ...cxxLines(decl, primary.table, layout)];
  out.push(...memberTable(layout, decl, primary), '');
  const truncated = truncationLine(layout);
  if (truncated) out.push(truncated, '');
  if (layout.size > 0 && options.byteMap !== false) {
    const map = byteMap(layout);
    out.push('```ffi-layout', ...map.rows, '```', map.legend.map((l) => code(l)).join(' '), '');
  }
  out.push(...targetMatrix(decl, all));
  return out.join('\n').trimEnd();
}

export function renderFieldHover(decl: RecordDecl, field: FieldLayout, all: readonly TargetLayout[]): string {
  const primary = all[0]!;
  const layout = primary.layout as RecordLayout;
  const pad = padding(layout, decl.kind);
  const end = field.offsetBits + field.sizeBits;
  const after = field.depth === 0 ? pad.holes.find((h) => h.startBits === end && h.after === field.path) : undefined;
  const where = field.bitfield
    ? `offset ${offsetCell(field)} (${bitPosition(field, primary.target)}), width ${field.sizeBits} bits`
    : `offset **${field.offsetBits / 8}**, size **${field.sizeBits / 8}**`;
  const lines = [
    `${code(fieldLabel({ ...field, depth: 0 }, primary.table).trim())} in **${escapeMd(recordTitle(decl))}** — ${shortTargetName(primary.target)}`,
    '',
    `${where}${after ? ` · then ${formatBits(after.endBits - after.startBits)} of ${after.tail ? 'tail ' : ''}padding` : ' · no padding after'}`,
  ];
  const others = all.slice(1).filter((t) => !isUnknown(t.layout));
  const diffs: string[] = [];
  for (const t of others) {
    const f = (t.layout as RecordLayout).fields.find((g) => g.path === field.path);
    if (!f) continue;
    if (f.offsetBits !== field.offsetBits || f.sizeBits !== field.sizeBits) diffs.push(`${shortTargetName(t.target)}: ${offsetCell(f)} (${sizeCell(f)})`);
  }
  if (diffs.length) lines.push('', `Differs on ${diffs.join(', ')}`);
  return lines.join('\n');
}

/** A record written in the file that the front end did not model, with the reason it gave. */
export function renderNotModelledHover(title: string, target: Target, reason: string): string {
  return `**${escapeMd(title)}** — ${shortTargetName(target)}\n\nLayout unknown: ${escapeMd(reason)}`;
}

/** Size and alignment of a non-record type (a typedef of a scalar, an enum). */
export function renderTypeHover(title: string, all: ReadonlyArray<{ target: Target; info: { size: number; align: number } | { unknown: string } }>): string {
  const primary = all[0]!;
  const head = `**${escapeMd(title)}** — ${shortTargetName(primary.target)}`;
  if ('unknown' in primary.info) return `${head}\n\nLayout unknown: ${escapeMd(primary.info.unknown)}`;
  const p = primary.info;
  const lines = [head, '', `size **${p.size}** · align **${p.align}**`];
  const diffs = all.slice(1).filter((t) => 'unknown' in t.info || t.info.size !== p.size || t.info.align !== p.align);
  if (diffs.length) {
    lines.push('', diffs.map((t) => `${shortTargetName(t.target)}: ${'unknown' in t.info ? 'unknown' : `size ${t.info.size}, align ${t.info.align}`}`).join(' · '));
  } else if (all.length > 1) {
    lines.push('', `Same on all ${all.length} targets.`);
  }
  return lines.join('\n');
}
