// Finds a C compiler and the Python headers of ONE interpreter, so that what is
// compiled is also what runs: `/usr/bin/python3` with its own `python3-config`
// (a `python3` earlier on PATH, e.g. pyenv's, may be a different version).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PythonToolchain {
  readonly cc: string;
  readonly python: string;
  readonly includeFlags: readonly string[];
  readonly version: string;
}

let found: PythonToolchain | null | undefined;

export function pythonHeaders(): PythonToolchain | undefined {
  if (found !== undefined) return found ?? undefined;
  found = null;
  const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
  const cc = ['/usr/bin/gcc', '/usr/bin/cc', '/usr/bin/clang'].find((p) => existsSync(p));
  if (!python || !cc) return undefined;
  const r = spawnSync(python, ['-c', 'import sysconfig, sys; print(sysconfig.get_paths()["include"]); print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const [include, version] = r.stdout.trim().split('\n');
  if (!include || !version || !existsSync(`${include}/Python.h`)) return undefined;
  found = { cc, python, includeFlags: [`-I${include}`], version };
  return found;
}
