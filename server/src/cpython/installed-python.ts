// The default target Python: the newest `pythonX.Y` headers installed in the
// usual include directories, else 3.12. The one place the CPython analysis
// looks at the machine; read once and cached (only when the setting is unset).
import { readdirSync } from 'node:fs';
import type { PythonVersion } from '../ide/config.ts';

export const FALLBACK_PYTHON: PythonVersion = { major: 3, minor: 12 };

let installed: PythonVersion | null | undefined;

export function installedPython(dirs: readonly string[] = ['/usr/include', '/usr/local/include']): PythonVersion | undefined {
  if (installed !== undefined) return installed ?? undefined;
  let best: PythonVersion | null = null;
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const m = /^python(\d+)\.(\d+)$/.exec(n);
      if (!m) continue;
      const v = { major: Number(m[1]), minor: Number(m[2]) };
      if (!best || v.major > best.major || (v.major === best.major && v.minor > best.minor)) best = v;
    }
  }
  installed = best;
  return best ?? undefined;
}

export function targetPython(configured: PythonVersion | undefined): PythonVersion {
  return configured ?? installedPython() ?? FALLBACK_PYTHON;
}
