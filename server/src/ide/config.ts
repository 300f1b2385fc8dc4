// The analysis configuration: what the user set (editor settings, CLI flags),
// validated once here into plain data. Parsing never throws; what it cannot
// use is named in `problems` for the caller to show.
import type { Severity } from '../diagnostics/types.ts';
import { DEFAULT_TARGET, TARGETS, findTarget } from '../layout/targets.ts';
import type { Target } from '../layout/types.ts';

export interface CheckSetting {
  readonly enabled: boolean;
  /** Overrides the diagnostic's own severity. */
  readonly severity?: Severity;
}

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

export interface AnalysisConfig {
  /** Targets in the hover matrix; the first is the primary one. */
  readonly targets: readonly Target[];
  /** Per diagnostic code; codes not named are enabled at their own severity. */
  readonly checks: Readonly<Record<string, CheckSetting>>;
  /** The CPython the extension is built for; undefined: the installed one, else 3.12. */
  readonly python?: PythonVersion;
  /** Extra include directories (ffiLens.includePaths), absolute. */
  readonly includePaths: readonly string[];
  readonly hover: { readonly byteMap: boolean };
  readonly inlayHints: { readonly ownership: boolean };
  /** Ask an installed clang to confirm layouts. Only ever honoured when `trusted`. */
  readonly verifyWithCompiler: boolean;
  /** The workspace is trusted: running a compiler on its files is allowed. */
  readonly trusted: boolean;
  /** Read the headers of the workspace's heaviest C and C++ files in idle time, before they are opened (the server's `readAhead`). */
  readonly readAhead: boolean;
}

export const DEFAULT_CONFIG: AnalysisConfig = {
  targets: [DEFAULT_TARGET, ...TARGETS.filter((t) => t !== DEFAULT_TARGET)],
  checks: {},
  includePaths: [],
  hover: { byteMap: true },
  inlayHints: { ownership: false },
  verifyWithCompiler: false,
  trusted: false,
  readAhead: true,
};

/** Resolves target names; unknown names come back in `unknown` with the list of known ones for the message. */
export function resolveTargets(names: readonly string[]): { targets: Target[]; unknown: string[] } {
  const targets: Target[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const t = findTarget(n);
    if (t) {
      if (!targets.includes(t)) targets.push(t);
    } else {
      unknown.push(n);
    }
  }
  return { targets, unknown };
}

export function knownTargetNames(): string[] {
  return TARGETS.map((t) => t.triple);
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Reads the `ffiLens` settings object as editors send it:
 * `{ target, targets, checks: { code: { enabled, severity } | boolean }, python: { version: "3.12" },
 *    includePaths, hover: { byteMap }, inlayHints: { ownership }, verifyWithCompiler, readAhead, trusted }`.
 * Missing or malformed entries keep their defaults; each malformed one is named in `problems`.
 */
export function parseSettings(settings: unknown, base: AnalysisConfig = DEFAULT_CONFIG): { config: AnalysisConfig; problems: string[] } {
  const problems: string[] = [];
  const s = record(settings) ?? {};
  let targets = base.targets;
  const names: string[] = [];
  if (typeof s.target === 'string' && s.target) names.push(s.target);
  if (Array.isArray(s.targets)) names.push(...s.targets.filter((t): t is string => typeof t === 'string'));
  if (names.length) {
    const { targets: resolved, unknown } = resolveTargets(names);
    if (unknown.length) {
      problems.push(`unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} in ffiLens settings; known targets: ${knownTargetNames().join(', ')}`);
    }
    if (resolved.length) targets = resolved;
  }
  const checks: Record<string, CheckSetting> = { ...base.checks };
  for (const [code, v] of Object.entries(record(s.checks) ?? {})) {
    if (typeof v === 'boolean') {
      checks[code] = { enabled: v };
      continue;
    }
    const c = record(v);
    if (!c) {
      problems.push(`ffiLens.checks.${code} must be true, false or { enabled, severity }`);
      continue;
    }
    const severity = typeof c.severity === 'string' && (SEVERITIES as readonly string[]).includes(c.severity) ? (c.severity as Severity) : undefined;
    if (c.severity !== undefined && !severity) problems.push(`ffiLens.checks.${code}.severity must be one of ${SEVERITIES.join(', ')}`);
    checks[code] = { enabled: c.enabled !== false, ...(severity ? { severity } : {}) };
  }
  let python = base.python;
  const pv = record(s.python)?.version;
  if (typeof pv === 'string' && pv !== '' && pv !== 'auto') {
    const m = /^(\d+)\.(\d+)$/.exec(pv.trim());
    if (m) python = { major: Number(m[1]), minor: Number(m[2]) };
    else problems.push(`ffiLens.python.version must look like "3.12", not "${pv}"`);
  }
  const includePaths = Array.isArray(s.includePaths) ? s.includePaths.filter((p): p is string => typeof p === 'string' && p !== '') : base.includePaths;
  const byteMap = record(s.hover)?.byteMap;
  const ownership = record(s.inlayHints)?.ownership;
  return {
    problems,
    config: {
      targets,
      checks,
      ...(python ? { python } : {}),
      includePaths,
      hover: { byteMap: typeof byteMap === 'boolean' ? byteMap : base.hover.byteMap },
      inlayHints: { ownership: typeof ownership === 'boolean' ? ownership : base.inlayHints.ownership },
      verifyWithCompiler: typeof s.verifyWithCompiler === 'boolean' ? s.verifyWithCompiler : base.verifyWithCompiler,
      trusted: typeof s.trusted === 'boolean' ? s.trusted : base.trusted,
      readAhead: typeof s.readAhead === 'boolean' ? s.readAhead : base.readAhead,
    },
  };
}
