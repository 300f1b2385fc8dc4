// The VS Code client: starts the bundled server over stdio and forwards the
// ffiLens.* settings. All analysis lives in the server.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'ffi-lens.js'));
  const run = { module, transport: TransportKind.stdio, args: ['lsp'] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['c', 'cpp', 'rust', 'python'].map((language) => ({ scheme: 'file', language })),
    synchronize: { configurationSection: 'ffiLens' },
    // Only a trusted workspace may have a compiler run on its files (ffiLens.verifyWithCompiler).
    initializationOptions: { trusted: workspace.isTrusted },
  };
  client = new LanguageClient('ffiLens', 'FFI Lens', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
