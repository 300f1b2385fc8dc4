// `#[cfg(...)]` predicates evaluated for one target, as rustc would with no
// `--cfg`/`--features` given: an item cfg'd out is not compiled, so nothing is
// reported about it. Predicates this does not know (features, `test`, `doc`,
// `target_has_atomic`, ...) are false, which leaves items out rather than
// reporting code that rustc may never see.

export type CfgFacts = ReadonlyMap<string, ReadonlySet<string> | true>;

/** The cfg facts of a target triple (`x86_64-unknown-linux-gnu`, `x86_64-pc-windows-msvc`, ...). */
export function cfgFactsOf(triple: string): CfgFacts {
  const [arch = '', , os = '', env = ''] = triple.split('-');
  const windows = triple.includes('windows');
  const archName = arch === 'i686' ? 'x86' : arch.startsWith('armv7') ? 'arm' : arch;
  const width = ['x86_64', 'aarch64', 'powerpc64', 'riscv64gc'].includes(arch) ? '64' : '32';
  const facts = new Map<string, ReadonlySet<string> | true>([
    ['target_arch', new Set([archName])],
    ['target_os', new Set([windows ? 'windows' : os])],
    ['target_family', new Set([windows ? 'windows' : 'unix'])],
    ['target_env', new Set([windows ? 'msvc' : env.replace(/eabihf?$/, '')])],
    ['target_pointer_width', new Set([width])],
    ['target_endian', new Set([arch === 'powerpc' ? 'big' : 'little'])],
    ['target_vendor', new Set([windows ? 'pc' : 'unknown'])],
    ['panic', new Set(['unwind'])],
    // rustc without -O compiles with debug assertions.
    ['debug_assertions', true],
  ]);
  facts.set(windows ? 'windows' : 'unix', true);
  return facts;
}

/** Evaluates the text inside `cfg( ... )`. */
export function evalCfg(predicate: string, facts: CfgFacts): boolean {
  const tokens = predicate.match(/"[^"]*"|[A-Za-z_][A-Za-z0-9_]*|[(),=]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const one = (): boolean => {
    const name = tokens[i++];
    if (name === undefined) return false;
    if (peek() === '(' && (name === 'any' || name === 'all' || name === 'not')) {
      i++;
      const values: boolean[] = [];
      while (peek() !== undefined && peek() !== ')') {
        values.push(one());
        if (peek() === ',') i++;
      }
      i++;
      if (name === 'not') return !(values[0] ?? false);
      return name === 'any' ? values.some(Boolean) : values.every(Boolean);
    }
    if (peek() === '=') {
      i++;
      const raw = tokens[i++] ?? '';
      const value = raw.replace(/^"|"$/g, '');
      const known = facts.get(name);
      return known !== undefined && known !== true && known.has(value);
    }
    return facts.get(name) === true;
  };
  return one();
}
