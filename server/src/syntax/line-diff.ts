// Line differences between two texts, as the hunks tree-sitter's incremental parse needs
// (`Tree.edit`): offsets in UTF-16 code units and rows/columns of both texts. Lines are compared
// whole (a line is its text up to and including '\n', so a CRLF line ends in "\r\n"): equal
// leading and trailing lines are skipped, lines that occur on one side only are taken out (they
// can match nothing, GNU diff does the same), and Myers' O(ND) greedy algorithm matches the rest.
// The hunks need not be minimal (tree-sitter only reuses less), but they must be exact: applying
// them to the old text gives the new one (`applyHunks`, tested).

export interface Point {
  readonly row: number;
  readonly column: number;
}

export interface Hunk {
  /** In the old text: [oldStart, oldEnd). */
  readonly oldStart: number;
  readonly oldEnd: number;
  /** In the new text: [newStart, newEnd). */
  readonly newStart: number;
  readonly newEnd: number;
  readonly oldStartPoint: Point;
  readonly oldEndPoint: Point;
  readonly newStartPoint: Point;
  readonly newEndPoint: Point;
}

interface Lines {
  /** Start offset of each line, and the text's length last. */
  readonly starts: number[];
  readonly ids: Int32Array;
}

function linesOf(text: string, intern: Map<string, number>): Lines {
  const starts: number[] = [];
  const ids: number[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    // V8 hashes the line natively (cheaper than hashing it character by character here).
    const line = text.slice(at, end);
    let id = intern.get(line);
    if (id === undefined) intern.set(line, (id = intern.size));
    starts.push(at);
    ids.push(id);
    at = end;
  }
  starts.push(text.length);
  return { starts, ids: Int32Array.from(ids) };
}

/** The row and column (UTF-16 units) of the start of line `line`, or of the text's end when `line` is the line count. */
function pointOf(text: string, lines: Lines, line: number): Point {
  const count = lines.starts.length - 1;
  if (line < count) return { row: line, column: 0 };
  const lastStart = text.lastIndexOf('\n') + 1;
  // A text ending in '\n' ends at column 0 of the row after its last line.
  return { row: lastStart === text.length ? count : count - 1, column: text.length - lastStart };
}

/**
 * Myers' greedy forward search for the shortest edit script of `a` -> `b`; the matched index
 * pairs, in order. Undefined when more than `maxD` lines must be inserted or deleted.
 */
function myers(a: Int32Array, b: Int32Array, maxD: number): Array<[number, number]> | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(maxD, n + m);
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d]: v[-d-1 .. d+1] before step d (what step d reads), at index k + d + 1.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const t = trace[d]!;
    const k = x - y;
    const at = (kk: number) => t[kk + d + 1]!;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}

/**
 * The hunks that turn `before` into `after`, in text order and never touching each other, or
 * undefined when the lines found on both sides need more than `maxChangedLines` insertions plus
 * deletions to match (lines found on one side only are set aside first), or the inserted text (what must be
 * parsed again) is more than `maxInsertedFraction` of `after`.
 */
export function lineHunks(before: string, after: string, maxChangedLines = 4000, maxInsertedFraction = 1): Hunk[] | undefined {
  const intern = new Map<string, number>();
  const a = linesOf(before, intern);
  const b = linesOf(after, intern);
  const na = a.ids.length;
  const nb = b.ids.length;
  let prefix = 0;
  while (prefix < na && prefix < nb && a.ids[prefix] === b.ids[prefix]) prefix++;
  let suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix && a.ids[na - 1 - suffix] === b.ids[nb - 1 - suffix]) suffix++;
  // The middle lines that occur on both sides; the others are deleted or inserted whatever happens.
  const inA = new Uint8Array(intern.size);
  const inB = new Uint8Array(intern.size);
  for (let i = prefix; i < na - suffix; i++) inA[a.ids[i]!] = 1;
  for (let j = prefix; j < nb - suffix; j++) inB[b.ids[j]!] = 1;
  const keptA: number[] = [];
  const keptB: number[] = [];
  for (let i = prefix; i < na - suffix; i++) if (inB[a.ids[i]!]) keptA.push(i);
  for (let j = prefix; j < nb - suffix; j++) if (inA[b.ids[j]!]) keptB.push(j);
  const idsA = new Int32Array(keptA.length);
  for (let x = 0; x < keptA.length; x++) idsA[x] = a.ids[keptA[x]!]!;
  const idsB = new Int32Array(keptB.length);
  for (let y = 0; y < keptB.length; y++) idsB[y] = b.ids[keptB[y]!]!;
  const middle = myers(idsA, idsB, maxChangedLines);
  if (!middle) return undefined;
  // Every matched line pair in order, with sentinels before the first line and after the last.
  const matches: Array<[number, number]> = [[prefix - 1, prefix - 1]];
  for (const [x, y] of middle) matches.push([keptA[x]!, keptB[y]!]);
  matches.push([na - suffix, nb - suffix]);
  const hunks: Hunk[] = [];
  let inserted = 0;
  for (let h = 1; h < matches.length; h++) {
    const [pa, pb] = matches[h - 1]!;
    const [qa, qb] = matches[h]!;
    if (qa === pa + 1 && qb === pb + 1) continue;
    const oldStart = a.starts[pa + 1]!;
    const oldEnd = a.starts[qa]!;
    const newStart = b.starts[pb + 1]!;
    const newEnd = b.starts[qb]!;
    inserted += newEnd - newStart;
    hunks.push({
      oldStart, oldEnd, newStart, newEnd,
      oldStartPoint: pointOf(before, a, pa + 1), oldEndPoint: pointOf(before, a, qa),
      newStartPoint: pointOf(after, b, pb + 1), newEndPoint: pointOf(after, b, qb),
    });
  }
  if (inserted > maxInsertedFraction * after.length) return undefined;
  return hunks;
}

/** `before` with the hunks applied (what `after` must equal): for tests. */
export function applyHunks(before: string, after: string, hunks: readonly Hunk[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const h of hunks) {
    parts.push(before.slice(at, h.oldStart), after.slice(h.newStart, h.newEnd));
    at = h.oldEnd;
  }
  parts.push(before.slice(at));
  return parts.join('');
}
