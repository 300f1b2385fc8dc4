// Entry point of the bundle `dist/ffi-lens.js`: the CLI, and through it the server.
import { runCli } from './cli/main.ts';

void runCli(process.argv.slice(2)).then((code) => {
  // -1: the language server runs until its client closes the connection.
  if (code >= 0) process.exitCode = code;
});
