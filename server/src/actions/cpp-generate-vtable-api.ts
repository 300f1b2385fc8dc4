// Action: cpp-generate-vtable-api — with the cursor on a C++ class, generate its
// C interface as a table of function pointers (a "C vtable" with retain and
// release) plus an object pairing the table with an opaque, reference-counted
// self pointer; every entry catches every exception. Files as for
// cpp-generate-handle-api.
import { vtableApi } from '../cpp/c-api.ts';
import { generatedApiAction } from './cpp-generate-handle-api.ts';
import type { ActionDef } from './types.ts';

export const cppGenerateVtableApi: ActionDef = {
  id: 'cpp-generate-vtable-api',
  summary: 'Generate a C function-pointer table (C vtable, retain/release, exceptions caught) for a C++ class.',
  run: (ctx) => generatedApiAction(ctx, 'cpp-generate-vtable-api', (c) => `Generate a C function-pointer table for \`${c}\``, vtableApi),
};
