// The "FFI Lens: Layout Report": every record of a file in a pahole-like text
// (members with offset and size, holes, cacheline boundaries, totals), for the
// primary target, with a note where other targets disagree; with `allTargets`, each
// other target whose layout of a record differs gets that record's full body too.
// Pure: data in, text out.
import type { FieldView, HoleView, LayoutsResult, TargetRecordView, WireRecord } from './protocol.ts';

const DECL_WIDTH = 40;

function bytesOrBits(bits: number): string {
  return bits % 8 === 0 ? `${bits / 8}` : `${Math.floor(bits / 8)}:${bits % 8}`;
}

/** An amount: bytes when whole, else bits (`13 bits`). */
function amount(bits: number): string {
  return bits % 8 === 0 ? `${bits / 8}` : `${bits} bits`;
}

/** `/*   offset   size *\/` as pahole writes it; bit-fields as `byte:bit` and a width in bits. */
function position(f: FieldView): string {
  if (f.bitfield) return `/* ${bytesOrBits(f.offsetBits).padStart(6)} ${`${f.sizeBits}b`.padStart(5)} */`;
  return `/* ${String(f.offsetBits / 8).padStart(6)} ${String(f.sizeBits / 8).padStart(5)} */`;
}

function holeLine(h: HoleView, indent: string): string {
  const bits = h.endBits - h.startBits;
  const amount = bits % 8 === 0 ? `${bits / 8} byte${bits === 8 ? '' : 's'}` : `${bits} bit${bits === 1 ? '' : 's'}`;
  return h.tail ? `${indent}/* padding: ${amount} */` : `${indent}/* XXX ${amount} hole, try to pack */`;
}

function recordBody(record: WireRecord, t: TargetRecordView): string[] {
  // An untagged record named by a typedef is headed by that name, as pahole does.
  const out: string[] = [`${record.kind} ${record.name} {`];
  if (t.unknown !== undefined || t.size === undefined) {
    out.push(`\t/* layout unknown: ${t.unknown ?? 'no size'} */`, '};');
    return out;
  }
  const cacheline = t.cachelineBytes * 8;
  let nextBoundary = cacheline;
  const interior = t.holes.filter((h) => !h.tail);
  const events: Array<{ at: number; order: number; lines: string[] }> = [];
  t.fields.forEach((f, i) => {
    const indent = '\t'.repeat(f.depth + 1);
    const decl = `${indent}${f.declaration};`;
    const pad = Math.max(1, DECL_WIDTH - decl.replace(/\t/g, '        ').length);
    events.push({ at: f.offsetBits, order: i, lines: [`${decl}${' '.repeat(pad)}${position(f)}${f.differs ? ' /* differs on other targets */' : ''}`] });
  });
  for (const h of interior) events.push({ at: h.startBits, order: Number.MAX_SAFE_INTEGER, lines: ['', holeLine(h, '\t'), ''] });
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const e of events) {
    while (e.at >= nextBoundary && e.order !== Number.MAX_SAFE_INTEGER) {
      // As pahole: a member that starts past the boundary says how far past it is.
      const ago = e.at > nextBoundary ? ` was ${bytesOrBits(e.at - nextBoundary)} bytes ago` : '';
      out.push(`\t/* --- cacheline ${nextBoundary / cacheline} boundary (${nextBoundary / 8} bytes)${ago} --- */`);
      nextBoundary += cacheline;
    }
    out.push(...e.lines);
  }
  const direct = t.fields.filter((f) => f.depth === 0);
  const sumMembers = record.kind === 'union' ? Math.max(0, ...direct.map((f) => f.sizeBits)) : direct.reduce((n, f) => n + f.sizeBits, 0);
  const sumHoles = interior.reduce((n, h) => n + h.endBits - h.startBits, 0);
  const tail = t.holes.filter((h) => h.tail).reduce((n, h) => n + h.endBits - h.startBits, 0);
  const lines = Math.ceil(t.size / t.cachelineBytes);
  const last = t.size % t.cachelineBytes;
  out.push('');
  out.push(`\t/* size: ${t.size}, align: ${t.align}, cachelines: ${lines}, members: ${direct.length} */`);
  out.push(`\t/* sum members: ${amount(sumMembers)}, holes: ${interior.length}, sum holes: ${amount(sumHoles)} */`);
  if (tail) out.push(`\t/* padding: ${amount(tail)} */`);
  if (last) out.push(`\t/* last cacheline: ${last} bytes */`);
  if (t.truncated) out.push(`\t/* ${t.truncated} nested member entries not listed */`);
  out.push('};');
  return out;
}

/** Differences of the other targets from the primary one, one line. */
function otherTargets(record: WireRecord): string | undefined {
  const [primary, ...rest] = record.targets;
  if (!primary || rest.length === 0) return undefined;
  const differing = rest.filter((t) => t.differs || t.fields.some((f) => f.differs));
  if (differing.length === 0) return `/* same layout on ${record.targets.map((t) => t.label).join(', ')} */`;
  const parts = differing.map((t) => {
    if (t.unknown !== undefined) return `${t.label}: unknown`;
    const moved = t.fields.filter((f) => f.differs && f.depth === 0).map((f) => `${f.path}@${bytesOrBits(f.offsetBits)}`);
    return `${t.label}: size ${t.size}, align ${t.align}${moved.length ? ` (${moved.slice(0, 6).join(', ')}${moved.length > 6 ? ', …' : ''})` : ''}`;
  });
  return `/* differs on ${parts.join('; ')} */`;
}

export interface ReportOptions {
  /** Also the full layout on every other configured target where a record's layout differs. */
  readonly allTargets?: boolean;
}

export function layoutReport(result: LayoutsResult, fileName: string, options: ReportOptions = {}): string {
  const primary = result.primary ?? 'no target';
  const targets = [...new Set(result.records.flatMap((r) => r.targets.map((t) => t.target)))];
  const out = [`/* FFI Lens layout report: ${fileName} */`, `/* target: ${primary} */`];
  if (options.allTargets) out.push(`/* every target: ${targets.join(', ')} (records whose layout differs are listed per target) */`);
  out.push('');
  if (result.records.length === 0) out.push('/* no records with a body in this file */');
  for (const record of result.records) {
    const t = record.targets.find((x) => x.target === primary) ?? record.targets[0];
    if (!t) continue;
    out.push(`/* ${fileName}:${record.line + 1} */`);
    if (t.target !== primary) out.push(`/* not seen by ${primary}; shown for ${t.target} */`);
    out.push(...recordBody(record, t));
    const others = otherTargets(record);
    if (others) out.push(others);
    if (options.allTargets) {
      for (const other of record.targets) {
        if (other === t || !(other.differs || other.fields.some((f) => f.differs))) continue;
        out.push('', `/* on ${other.target} (${other.label}) */`, ...recordBody(record, other));
      }
    }
    out.push('');
  }
  return out.join('\n');
}
