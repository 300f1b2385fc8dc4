// Inlay hints: `new` / `borrowed` after a CPython API call, from the same
// ownership table the reference analysis uses, and `stolen` after an argument
// a call steals. Shown only when `ffiLens.inlayHints.ownership` is on, and
// only in C files that use the Python API.
import type { TreeCursor } from 'web-tree-sitter';
import { usesPythonApi } from '../cpython/index.ts';
import { returnOwnership, STEALING } from '../cpython/ownership.ts';
import type { InlayHint, InlayHintContext, InlayHintProvider } from './registry.ts';

export const cpythonOwnershipHints: InlayHintProvider = {
  id: 'cpython-ownership',
  run(ctx: InlayHintContext): InlayHint[] {
    const tree = ctx.file.tree;
    if (!ctx.config.inlayHints.ownership || ctx.file.language !== 'c' || !tree || !usesPythonApi(ctx.file.text)) return [];
    const out: InlayHint[] = [];
    const cursor = tree.walk();
    try {
      visit(cursor, ctx, out);
    } finally {
      cursor.delete();
    }
    return out;
  },
};

function visit(c: TreeCursor, ctx: InlayHintContext, out: InlayHint[]): void {
  // Subtrees wholly outside the requested range are skipped.
  if (c.endIndex < ctx.start || c.startIndex > ctx.end) return;
  const stolen: InlayHint[] = [];
  if (c.nodeType === 'call_expression') hintCall(c, ctx, out, stolen);
  if (c.gotoFirstChild()) {
    do visit(c, ctx, out);
    while (c.gotoNextSibling());
    c.gotoParent();
  }
  // After the argument's own hints: `Py_NewRef(x) new stolen` reads in order.
  out.push(...stolen);
}

function hintCall(c: TreeCursor, ctx: InlayHintContext, out: InlayHint[], stolen: InlayHint[]): void {
  const node = c.currentNode;
  const fn = node.childForFieldName('function');
  if (!fn || fn.type !== 'identifier') return;
  const name = fn.text;
  const own = name === 'Py_NewRef' || name === 'Py_XNewRef' ? 'new' : returnOwnership(name);
  if (own && node.endIndex >= ctx.start && node.endIndex <= ctx.end) {
    out.push({ offset: node.endIndex, label: own, paddingLeft: true,
      tooltip: own === 'new' ? `\`${name}\` returns a new reference: release it, return it or hand it to a stealing call` : `\`${name}\` returns a borrowed reference: add one with Py_NewRef before storing or returning it` });
  }
  const steal = STEALING.get(name);
  const args = node.childForFieldName('arguments');
  if (!steal || !args) return;
  const list = args.namedChildren;
  for (const i of steal.args) {
    const a = list[i];
    if (!a || a.endIndex < ctx.start || a.endIndex > ctx.end) continue;
    stolen.push({ offset: a.endIndex, label: 'stolen', paddingLeft: true,
      tooltip: `\`${name}\` steals this reference${steal.onSuccessOnly ? ' (only when it succeeds)' : ''}` });
  }
}
