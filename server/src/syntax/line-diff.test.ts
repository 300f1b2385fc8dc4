// The hunks of lineHunks must be exact (applied to the old text they give the new one), in order,
// with rows and columns that are those of both texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyHunks, lineHunks, type Point } from './line-diff.ts';

function pointAt(text: string, offset: number): Point {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

function check(before: string, after: string): number {
  const hunks = lineHunks(before, after);
  assert.ok(hunks, 'no limit reached');
  assert.equal(applyHunks(before, after, hunks), after);
  let lastOld = -1;
  let lastNew = -1;
  for (const h of hunks) {
    assert.ok(h.oldStart > lastOld && h.newStart > lastNew || (lastOld < 0 && lastNew < 0), 'hunks in order, not touching');
    assert.ok(h.oldStart <= h.oldEnd && h.newStart <= h.newEnd && (h.oldEnd > h.oldStart || h.newEnd > h.newStart));
    // The text between hunks is the same on both sides, so a hunk starts as far into both.
    assert.equal(h.oldStart - (lastOld < 0 ? 0 : lastOld), h.newStart - (lastNew < 0 ? 0 : lastNew));
    assert.deepEqual(h.oldStartPoint, pointAt(before, h.oldStart));
    assert.deepEqual(h.oldEndPoint, pointAt(before, h.oldEnd));
    assert.deepEqual(h.newStartPoint, pointAt(after, h.newStart));
    assert.deepEqual(h.newEndPoint, pointAt(after, h.newEnd));
    lastOld = h.oldEnd;
    lastNew = h.newEnd;
  }
  return hunks.length;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lineHunks', () => {
  it('equal texts have no hunk; empty texts', () => {
    assert.equal(check('a\nb\n', 'a\nb\n'), 0);
    assert.equal(check('', ''), 0);
    assert.equal(check('', 'x\n'), 1);
    assert.equal(check('x\n', ''), 1);
  });

  it('edits at the start, the end, without a final newline, adjacent and CRLF lines, surrogate pairs', () => {
    assert.equal(check('a\nb\nc\n', 'z\nb\nc\n'), 1);
    assert.equal(check('a\nb\nc\n', 'a\nb\nz\n'), 1);
    assert.equal(check('a\nb\nc', 'a\nb\ncd'), 1);
    assert.equal(check('a\nb\nc', 'a\nb\nc\n'), 1);
    assert.equal(check('a\nb\nc\nd\n', 'a\nB\nC\nd\n'), 1);
    assert.equal(check('a\r\nb\r\nc\r\n', 'a\r\nb\nc\r\n'), 1);
    assert.equal(check('s = "é";\nt = "😀";\nu;\n', 's = "é";\nt = "😀😀";\nu;\n'), 1);
    assert.equal(check('one\ntwo\nthree\nfour\nfive\n', 'one\n2\nthree\nfour\n5\n'), 2);
  });

  it('random line edits on random texts (seeded)', () => {
    const next = random(7);
    const words = ['int a;', 'struct s { int x; };', '', '#if X', 'é', '😀 z', 'a\r', 'long b;'];
    for (let round = 0; round < 500; round++) {
      const lines = Array.from({ length: Math.floor(next() * 30) }, () => words[Math.floor(next() * words.length)]!);
      const edited = [...lines];
      for (let e = Math.floor(next() * 6); e > 0; e--) {
        const at = Math.floor(next() * (edited.length + 1));
        const op = next();
        if (op < 0.4) edited.splice(at, 1);
        else if (op < 0.8) edited.splice(at, 0, words[Math.floor(next() * words.length)]!);
        else edited[at] = (edited[at] ?? '') + 'x';
      }
      const tail = () => (next() < 0.5 ? '\n' : '');
      check(lines.join('\n') + tail(), edited.join('\n') + tail());
    }
  });

  it('gives up past its limits', () => {
    // The same 50 lines reversed: matching them takes 98 insertions and deletions.
    const lines = Array.from({ length: 50 }, (_, i) => `line${i}\n`);
    const a = lines.join('');
    const b = [...lines].reverse().join('');
    assert.equal(lineHunks(a, b, 97), undefined);
    assert.equal(check(a, b), 2);
    assert.equal(lineHunks('x\n', 'y\nz\n', 1000, 0.5), undefined);
    assert.ok(lineHunks('x\n', 'x\nz\n', 1000, 0.5));
  });
});
