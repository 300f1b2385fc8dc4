// The class a cursor is on (in its head or body), for the generators.
import type { CppClass, CppFileModel } from './file-model.ts';

export function classAt(model: CppFileModel, start: number, end: number): CppClass | undefined {
  let best: CppClass | undefined;
  for (const c of model.classes.values()) {
    if (c.node.startIndex <= start && end <= c.node.endIndex && (!best || c.node.startIndex >= best.node.startIndex)) best = c;
  }
  return best;
}

/** The last path component of a file path or URI, decoded. */
export function baseName(path: string): string {
  const last = path.split(/[\\/]/).pop() ?? path;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function isHeaderPath(path: string): boolean {
  return /\.(h|hh|hpp|hxx|h\+\+|inl|ipp)$/i.test(path);
}
