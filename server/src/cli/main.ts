// The command line: `ffi-lens layout`, `ffi-lens check`, `ffi-lens lsp --stdio`.
// A thin adapter over ide/, as the LSP server is; it never imports lsp/ code
// except to start the server.
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { DEFAULT_CONFIG, knownTargetNames, parseSettings, resolveTargets } from '../ide/analysis.ts';
import { DEFAULT_TARGET, TARGETS } from '../layout/targets.ts';
import type { Target } from '../layout/types.ts';
import { LANGUAGES } from '../syntax/parser.ts';
import { checkCommand } from './check-command.ts';
import { collectFiles, type InputFile } from './files.ts';
import { layoutCommand } from './layout-command.ts';
import { includeOptions, type IncludeOptions } from './include-options.ts';

class UsageError extends Error {}

function targetsFrom(target: string | undefined, all: boolean): Target[] {
  if (all) return [...TARGETS];
  if (!target) return [DEFAULT_TARGET];
  const { targets, unknown } = resolveTargets(target.split(',').map((s) => s.trim()).filter(Boolean));
  if (unknown.length) throw new UsageError(`unknown target ${unknown.map((u) => `"${u}"`).join(', ')}; known targets: ${knownTargetNames().join(', ')}`);
  return targets;
}

function inputs(paths: string[]): InputFile[] {
  const { files, missing } = collectFiles(paths, new Set(LANGUAGES));
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return files;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface IncludeFlags {
  include?: string[];
  define?: string[];
  undefine?: string[];
  compileCommands?: string;
}

/** -I/-D/-U/--compile-commands on a command (the preprocessor's settings). */
function withIncludeFlags(c: Command): Command {
  return c
    .option('-I, --include <dir>', 'add a directory to the #include search path (repeatable)', collect)
    .option('-D, --define <name[=value]>', 'define a macro (repeatable)', collect)
    .option('-U, --undefine <name>', 'undefine a macro (repeatable)', collect)
    .option('--compile-commands <path>', 'read each file\'s -I/-D/-U/-include/--target flags from this compile_commands.json (or a folder holding it, or its build/)');
}

function includeFrom(opts: IncludeFlags): IncludeOptions | undefined {
  const r = includeOptions(opts);
  if (r && 'problem' in r) throw new UsageError(r.problem);
  return r;
}

/** Writes to stdout, waiting when the pipe is full so large outputs never pile up in memory. */
const out = async (s: string): Promise<void> => {
  if (!process.stdout.write(s)) await once(process.stdout, 'drain');
};
const err = (s: string) => process.stderr.write(s);

export async function runCli(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command('ffi-lens')
    .description('ABI layouts and FFI checks for C, C++, Rust and CPython extensions')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void out(s), writeErr: err });

  withIncludeFlags(program.command('layout'))
    .description('print the layout of every record in the given C files and folders')
    .option('-t, --target <triple>', `target triple(s), comma-separated (default ${DEFAULT_TARGET.triple})`)
    .option('--all-targets', 'lay out for every supported target')
    .option('--all-records', 'list the records of included headers too, each with the file and line defining it')
    .option('--json', 'print JSON')
    .argument('<paths...>')
    .action(async (paths: string[], opts: IncludeFlags & { target?: string; allTargets?: boolean; json?: boolean; allRecords?: boolean }) => {
      const targets = targetsFrom(opts.target, !!opts.allTargets);
      const include = includeFrom(opts);
      code = await layoutCommand(inputs(paths), {
        targets, json: !!opts.json, allTargets: !!opts.allTargets, allRecords: !!opts.allRecords,
        ...(include ? { include } : {}), fileTargetWins: !opts.target && !opts.allTargets,
      }, out);
    });

  withIncludeFlags(program.command('check'))
    .description('run every diagnostic on files and folders; exit 1 when errors are reported')
    .option('-t, --target <triple>', 'target triple(s), comma-separated; the first is primary')
    .option('--json', 'print JSON')
    .option('--sarif', 'print SARIF 2.1.0')
    .option('--fix', 'apply each diagnostic\'s preferred fix in place')
    .option('--python <version>', 'the CPython the extensions are built for, e.g. 3.13 (default: the installed headers\' version, else 3.12)')
    .argument('<paths...>')
    .action(async (paths: string[], opts: IncludeFlags & { target?: string; json?: boolean; sarif?: boolean; fix?: boolean; python?: string }) => {
      if (opts.json && opts.sarif) throw new UsageError('--json and --sarif are exclusive');
      let config = opts.target ? { ...DEFAULT_CONFIG, targets: targetsFrom(opts.target, false) } : DEFAULT_CONFIG;
      if (opts.python !== undefined) {
        const parsed = parseSettings({ python: { version: opts.python } }, config);
        if (parsed.problems.length) throw new UsageError(parsed.problems.join('; ').replace('ffiLens.python.version', '--python'));
        config = parsed.config;
      }
      const format = opts.json ? 'json' : opts.sarif ? 'sarif' : 'text';
      const include = includeFrom(opts);
      code = await checkCommand(inputs(paths), { format, fix: !!opts.fix, config, explicitTarget: !!opts.target, ...(include ? { include } : {}) }, out, err);
    });

  program.command('lsp')
    .description('run the language server')
    .addOption(new Option('--stdio', 'talk LSP over stdin/stdout (the only transport)').default(true))
    // Language clients (vscode-languageclient among them) append the editor's process id.
    .option('--clientProcessId <pid>', 'the editor process; accepted for compatibility with language clients')
    // The VS Code client forks the bundle with Node's IPC channel (TransportKind.ipc).
    .option('--node-ipc', 'talk LSP over the IPC channel of a parent Node process')
    .action(async (opts: { nodeIpc?: boolean }) => {
      const { startServer } = await import('../lsp/server.ts');
      if (opts.nodeIpc && process.send) {
        startServer('ipc');
        // The editor going away (channel closed) is the end of the session.
        process.on('disconnect', () => process.exit(0));
      } else {
        startServer({ input: process.stdin, output: process.stdout });
        // The client closing our stdin is the end of the session, whatever else it said.
        process.stdin.on('end', () => process.exit(0));
      }
      code = -1;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof UsageError) {
      err(`ffi-lens: ${e.message}\n`);
      return 2;
    }
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) return ce.exitCode ?? 2;
    err(`ffi-lens: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 3;
  }
  return code;
}
