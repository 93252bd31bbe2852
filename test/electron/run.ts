// `npm run test:electron`: the same in-editor mocha suites the E2E host runs (test/editor/suites), but in
// desktop VS Code via @vscode/test-electron. It downloads VS Code into .vscode-test/ unless
// VSCODE_TEST_PATH points at an installed `code` executable, so it needs a machine that can reach
// update.code.visualstudio.com; CI here cannot, and runs the suites in code-server instead (test/e2e).
//
//   VSCODE_TEST_VERSION=1.91.0 npm run test:electron    # oldest VS Code the manifest supports
//   VSCODE_TEST_PATH=/usr/bin/code npm run test:electron
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildEditorTests } from '../editor/build';

const REPO_ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const built = await buildEditorTests(undefined, { packageRunner: false });
  const userDataDir = mkdtempSync(join(tmpdir(), 'fleetkit-electron-'));
  try {
    return await runTests({
      ...(process.env.VSCODE_TEST_PATH ? { vscodeExecutablePath: process.env.VSCODE_TEST_PATH } : { version: process.env.VSCODE_TEST_VERSION ?? 'stable' }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: built.entry,
      launchArgs: [
        join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace'),
        '--user-data-dir',
        userDataDir,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
        '--use-inmemory-secretstorage',
      ],
    });
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(built.outDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
