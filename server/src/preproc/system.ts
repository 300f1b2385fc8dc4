// The host side of preprocessing: files read from disk (cached by mtime) and
// the system include directories, asked once from the installed compiler and
// never from workspace code or settings.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { FileSource } from './preprocess.ts';

/** Reads files from disk; texts are kept while their mtime and size stay the same. */
export class DiskFileSource implements FileSource {
  private readonly texts = new Map<string, { version: string; text: string } | null>();
  /** Texts of open editors win over the disk. */
  readonly overlays = new Map<string, string>();

  read(path: string): { text: string; version: string } | undefined {
    const overlay = this.overlays.get(path);
    if (overlay !== undefined) return { text: overlay, version: `open:${overlay.length}:${hash(overlay)}` };
    const cached = this.texts.get(path);
    if (cached === null) return undefined;
    let st;
    try {
      st = statSync(path);
    } catch {
      this.texts.set(path, null);
      return undefined;
    }
    if (!st.isFile()) {
      this.texts.set(path, null);
      return undefined;
    }
    const version = `${st.mtimeMs}:${st.size}`;
    if (cached && cached.version === version) return cached;
    try {
      const entry = { version, text: readFileSync(path, 'utf8') };
      this.texts.set(path, entry);
      return entry;
    } catch {
      this.texts.set(path, null);
      return undefined;
    }
  }

  /** Forgets what is known of `path` (a watched file changed), or of every file. */
  invalidate(path?: string): void {
    if (path === undefined) this.texts.clear();
    else this.texts.delete(path);
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i += Math.max(1, s.length >> 10)) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

/** The compilers asked for their search list, in order (the first that runs wins). */
const COMPILERS = ['cc', 'clang', 'gcc'];

let hostDirs: readonly string[] | undefined;

/** Parses the `#include <...> search starts here:` list of `cc -E -v`. */
export function parseSearchList(stderr: string): string[] {
  const dirs: string[] = [];
  let inList = false;
  for (const line of stderr.split('\n')) {
    if (line.startsWith('#include <...> search starts here:')) inList = true;
    else if (line.startsWith('End of search list.')) break;
    else if (inList && line.startsWith(' ')) dirs.push(line.trim().replace(/ \(framework directory\)$/, ''));
  }
  return dirs;
}

/** The host compiler's system include directories, discovered once per process (empty when no compiler runs). */
export function hostSystemDirs(): readonly string[] {
  if (hostDirs) return hostDirs;
  hostDirs = [];
  for (const cc of COMPILERS) {
    const r = spawnSync(cc, ['-E', '-v', '-x', 'c', '/dev/null'], { encoding: 'utf8', timeout: 10_000 });
    if (r.error || r.status !== 0) continue;
    hostDirs = parseSearchList(r.stderr);
    if (hostDirs.length) break;
  }
  return hostDirs;
}

/** Debian's multiarch folder names per target. */
const MULTIARCH: Readonly<Record<string, string>> = {
  'x86_64-unknown-linux-gnu': 'x86_64-linux-gnu',
  'i686-unknown-linux-gnu': 'i386-linux-gnu',
  'aarch64-unknown-linux-gnu': 'aarch64-linux-gnu',
  'armv7-unknown-linux-gnueabihf': 'arm-linux-gnueabihf',
  'powerpc-unknown-linux-gnu': 'powerpc-linux-gnu',
};

/**
 * The system directories for `triple`: the host list with its multiarch folder swapped for the
 * target's (kept only when installed), as clang does for a cross target on Debian; the host's
 * compiler-builtin folder stays (stddef.h, stdarg.h, limits.h read the target's predefined macros).
 * Windows targets get the host list without the multiarch folder: there are no MSVC headers here.
 */
export function systemDirsFor(triple: string, host: readonly string[] = hostSystemDirs()): string[] {
  const hostArch = Object.values(MULTIARCH).find((a) => host.some((d) => d.endsWith(`/${a}`)));
  const want = MULTIARCH[triple];
  if (!hostArch || hostArch === want) return [...host];
  const out: string[] = [];
  for (const d of host) {
    if (!d.endsWith(`/${hostArch}`)) {
      out.push(d);
      continue;
    }
    const swapped = want ? d.slice(0, -hostArch.length) + want : undefined;
    if (swapped && existsSync(swapped)) out.push(swapped);
  }
  return out;
}
