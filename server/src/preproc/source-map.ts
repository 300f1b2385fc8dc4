// From an offset in the expanded translation unit back to the file and offset
// it came from (for macro expansions: the macro's use, as compilers report it).

export interface Origin {
  /** Index into `PreprocessResult.files`. */
  readonly file: number;
  readonly offset: number;
}

export class SourceMap {
  private outs: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private files: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private offs: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private n = 0;

  /** Records that the text written from `out` on came from (`file`, `offset`). Calls come in increasing `out`. */
  add(out: number, file: number, offset: number): void {
    if (this.n === this.outs.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.outs = grow(this.outs);
      this.files = grow(this.files);
      this.offs = grow(this.offs);
    }
    this.outs[this.n] = out;
    this.files[this.n] = file;
    this.offs[this.n] = offset;
    this.n++;
  }

  /** Like `origin`, plus where that token starts in the expanded text. */
  token(out: number): (Origin & { readonly outStart: number }) | undefined {
    const o = this.origin(out);
    return o ? { ...o, outStart: this.lastOut } : undefined;
  }

  private lastOut = 0;

  /** Where the expanded text at `out` came from; the start of the token it falls in. */
  origin(out: number): Origin | undefined {
    let lo = 0;
    let hi = this.n - 1;
    if (hi < 0 || out < this.outs[0]!) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.outs[mid]! <= out) lo = mid;
      else hi = mid - 1;
    }
    this.lastOut = this.outs[lo]!;
    return { file: this.files[lo]!, offset: this.offs[lo]! };
  }

  /** Expanded offsets whose tokens came from `file` between `start` and `end` (a first and last index), for the reverse direction. */
  firstOutAt(file: number, offset: number): number | undefined {
    for (let k = 0; k < this.n; k++) if (this.files[k] === file && this.offs[k]! >= offset) return this.outs[k];
    return undefined;
  }

  get size(): number {
    return this.n;
  }
}
