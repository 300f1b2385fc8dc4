// Action: rust-layout-assertions — on a `repr(C)`/`repr(transparent)` struct or
// union (or a `repr(C)`/integer-repr enum), adds compile-time assertions of its
// size, alignment and every field's `offset_of!` as FFI Lens lays them out for the
// configured targets. Targets with the same figures share one block; when the
// figures differ, each block is guarded by `#[cfg(...)]` on the target's
// architecture and OS, so the code still compiles everywhere and a layout change
// breaks the build where it matters.
import type { RustAdt } from '../lower/rust/items.ts';
import { hasGuaranteedLayout } from '../lower/rust/to-model.ts';
import type { RustFileAnalysis } from '../ide/rust-file.ts';
import type { Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import type { Action, ActionDef } from './types.ts';

/** `#[cfg]` predicate for a target of FFI Lens's list. */
export function cfgOf(target: Target): string {
  const [arch = '', , os = ''] = target.triple.split('-');
  const rustArch = arch === 'i686' ? 'x86' : arch.startsWith('armv7') ? 'arm' : arch;
  const rustOs = target.triple.includes('windows') ? 'windows' : os;
  return `all(target_arch = "${rustArch}", target_os = "${rustOs}")`;
}

/** The assertion lines for one target, or undefined when the layout is unknown there. */
function assertions(rust: RustFileAnalysis, target: Target, adt: RustAdt): string[] | undefined {
  const other = rust.crate(target).adts.find((a) => a.nameSpan.start === adt.nameSpan.start);
  const id = other && rust.model(target).declOf.get(other);
  if (id === undefined) return undefined;
  const engine = rust.engine(target);
  const decl = rust.model(target).table.get(id);
  const info = decl.decl === 'enum' ? engine.typeInfo({ kind: 'enum', id }) : engine.record(id);
  if (isUnknown(info)) return undefined;
  const name = adt.name;
  const lines = [
    `assert!(core::mem::size_of::<${name}>() == ${info.size});`,
    `assert!(core::mem::align_of::<${name}>() == ${info.align});`,
  ];
  // Offsets of a struct's or union's own fields (an enum's variants are not reachable by offset_of! on stable).
  if (adt.kind !== 'enum' && decl.decl === 'record') {
    const layout = engine.record(id);
    if (!isUnknown(layout)) {
      for (const f of layout.fields) if (f.depth === 0) lines.push(`assert!(core::mem::offset_of!(${name}, ${f.path}) == ${f.offsetBits / 8});`);
    }
  }
  return lines;
}

export const rustLayoutAssertions: ActionDef = {
  id: 'rust-layout-assertions',
  summary: 'Add compile-time size/align/offset_of! assertions for the configured targets to a repr(C) type.',
  run(ctx) {
    const rust = ctx.rust;
    const primary = ctx.config.targets[0];
    if (!rust || !primary) return [];
    const adt = rust.crate(primary).adts.find((a) => a.start <= ctx.start && ctx.end <= a.span.end);
    if (!adt || !hasGuaranteedLayout(adt) || adt.generics.length) return [];
    const groups = new Map<string, { lines: string[]; targets: Target[] }>();
    for (const t of ctx.config.targets) {
      const lines = assertions(rust, t, adt);
      if (!lines) continue;
      const key = lines.join('\n');
      const g = groups.get(key) ?? { lines, targets: [] };
      g.targets.push(t);
      groups.set(key, g);
    }
    if (!groups.size) return [];
    const lineStart = rust.text.lastIndexOf('\n', adt.start - 1) + 1;
    const indent = /^[ \t]*/.exec(rust.text.slice(lineStart, adt.start))![0];
    const blocks: string[] = [];
    for (const g of groups.values()) {
      const names = g.targets.map((t) => t.triple).join(', ');
      const guard = groups.size === 1 ? [] : [`${indent}#[cfg(${g.targets.length === 1 ? cfgOf(g.targets[0]!) : `any(${g.targets.map(cfgOf).join(', ')})`})]`];
      blocks.push(
        `${indent}// Layout of \`${adt.name}\` on ${names} (FFI Lens).`,
        ...guard,
        `${indent}const _: () = {`,
        ...g.lines.map((l) => `${indent}    ${l}`),
        `${indent}};`,
      );
    }
    const action: Action = {
      id: 'rust-layout-assertions', title: `Add layout assertions for \`${adt.name}\` (${ctx.config.targets.length} target${ctx.config.targets.length === 1 ? '' : 's'})`, kind: 'refactor',
      edits: [{ start: adt.span.end, end: adt.span.end, text: `\n${blocks.join('\n')}` }],
    };
    return [action];
  },
};
