// Action: cpp-generate-handle-api — with the cursor on a C++ class, generate a C
// API in the opaque-handle pattern: a C header (`typedef struct X X;`,
// x_create/x_destroy, one function per public method with a status return and
// out-parameters) and its C++ implementation, whose wrappers catch every
// exception. From a header both are new files beside it; from a source file
// the header is a new file and the implementation is appended to the file.
import { cApiModel, handleApi, type GeneratedApi } from '../cpp/c-api.ts';
import { baseName, classAt, isHeaderPath } from '../cpp/class-at.ts';
import { cppFileModel } from '../cpp/file-model.ts';
import type { Action, ActionContext, ActionDef } from './types.ts';

/** Shared by the two generators: the class at the cursor, its API, and the action that writes it. */
export function generatedApiAction(ctx: ActionContext, id: string, title: (cls: string) => string,
  generate: typeof handleApi): Action[] {
  if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
  const model = cppFileModel(ctx.file.tree, ctx.file.text);
  const cls = classAt(model, ctx.start, ctx.end);
  if (!cls) return [];
  const api = cApiModel(cls);
  if (typeof api === 'string') return [];
  const name = baseName(ctx.file.path);
  const header = isHeaderPath(name);
  const out: GeneratedApi = generate(api, header ? `#include "${name}"\n` : '');
  const end = ctx.file.text.length;
  return [{
    id, title: title(cls.name), kind: 'source',
    edits: header ? [] : [{ start: end, end, text: `${ctx.file.text.endsWith('\n') ? '' : '\n'}\n${out.impl}` }],
    newFiles: header ? [{ path: out.headerName, text: out.header }, { path: out.implName, text: out.impl }] : [{ path: out.headerName, text: out.header }],
  }];
}

export const cppGenerateHandleApi: ActionDef = {
  id: 'cpp-generate-handle-api',
  summary: 'Generate a C API (opaque handle, status returns, exceptions caught) for a C++ class.',
  run: (ctx) => generatedApiAction(ctx, 'cpp-generate-handle-api', (c) => `Generate a C API for \`${c}\` (opaque handle)`, handleApi),
};
