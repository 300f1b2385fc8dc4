// Extension-host suite: runs test/vscode/suite/ inside a VS Code desktop build
// with @vscode/test-electron + mocha, against the extension in this checkout
// (dist/ must be built: `npm run build`). The build is $VSCODE_EXECUTABLE, or the
// normal download. Where neither can be had (no network to the download host,
// as on this project's machines) it says so in one line and exits 0: the suite
// did not run and nothing claims it passed. A suite that runs and fails exits 1.
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');

let executable = process.env.VSCODE_EXECUTABLE;
if (!executable) {
  try {
    // A silent reporter: the one line below is all that is said when it fails.
    executable = await downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000, reporter: { report() {}, error() {} } });
  } catch (e) {
    const why = String(e instanceof Error ? e.message : e).split('\n')[0];
    console.log(`extension-host suite NOT RUN: no VS Code desktop build (set VSCODE_EXECUTABLE, or allow the download; download failed: ${why})`);
    process.exit(0);
  }
}

const workspace = mkdtempSync(join(tmpdir(), 'ffi-lens-vscode-'));
cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test/vscode/suite/index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { FFI_LENS_WORKSPACE: workspace },
  });
  console.log('extension-host suite passed');
} catch (e) {
  console.error(`extension-host suite FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
