// Entry point of the bundle `dist/ffi-lens.js`: the CLI, and through it the server.
import { runCli } from './cli/main.ts';
import { runIndexWorkerIfAsked } from './index/worker.ts';

// The same bundle is the server's index worker (index/worker.ts).
if (!runIndexWorkerIfAsked()) startCli();

function startCli(): void {
// `ffi-lens layout big.c | head`: the reader went away; stop quietly as other CLIs do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

void runCli(process.argv.slice(2)).then((code) => {
  // -1: the language server runs until its client closes the connection.
  if (code >= 0) process.exitCode = code;
});
}
