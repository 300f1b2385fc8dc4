// Padding holes of a laid-out record, computed from its direct members: the
// gaps between one member's end and the next member's start, and the tail.
import type { RecordLayout } from '../layout/types.ts';

export interface Hole {
  /** Bits from the record start. */
  readonly startBits: number;
  readonly endBits: number;
  /** Path of the member the hole follows; undefined for a hole at the very start (cannot happen in C). */
  readonly after?: string;
  readonly tail: boolean;
}

export interface PaddingSummary {
  readonly holes: readonly Hole[];
  /** Padding bits between members. */
  readonly interiorBits: number;
  readonly tailBits: number;
}

/** Holes in a struct or union; in a union only the tail beyond the largest member counts. */
export function padding(layout: RecordLayout, kind: 'struct' | 'union'): PaddingSummary {
  const direct = layout.fields.filter((f) => f.depth === 0);
  const holes: Hole[] = [];
  const sizeBits = layout.size * 8;
  if (kind === 'union') {
    const end = direct.reduce((m, f) => Math.max(m, f.offsetBits + f.sizeBits), 0);
    const widest = direct.find((f) => f.offsetBits + f.sizeBits === end);
    if (end < sizeBits) holes.push({ startBits: end, endBits: sizeBits, ...(widest ? { after: widest.path } : {}), tail: true });
    return { holes, interiorBits: 0, tailBits: sizeBits - end };
  }
  let end = 0;
  let last: string | undefined;
  let interior = 0;
  for (const f of [...direct].sort((a, b) => a.offsetBits - b.offsetBits)) {
    if (f.offsetBits > end) {
      holes.push({ startBits: end, endBits: f.offsetBits, ...(last !== undefined ? { after: last } : {}), tail: false });
      interior += f.offsetBits - end;
    }
    if (f.offsetBits + f.sizeBits >= end) {
      end = f.offsetBits + f.sizeBits;
      last = f.path;
    }
  }
  if (end < sizeBits) holes.push({ startBits: end, endBits: sizeBits, ...(last !== undefined ? { after: last } : {}), tail: true });
  return { holes, interiorBits: interior, tailBits: Math.max(0, sizeBits - end) };
}

/** "3 bytes", "5 bits", "1 byte 2 bits". */
export function formatBits(bits: number): string {
  const bytes = Math.floor(bits / 8);
  const rest = bits % 8;
  const parts: string[] = [];
  if (bytes) parts.push(`${bytes} byte${bytes === 1 ? '' : 's'}`);
  if (rest) parts.push(`${rest} bit${rest === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : '0 bytes';
}
