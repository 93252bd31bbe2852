// Compiles the in-editor suites (test/editor/suites/*.test.ts), their runner (index.ts, with mocha bundled in)
// and the test-runner extension (runner/), and packages that extension as a VSIX for the E2E test host.
// Everything goes to a fresh temp dir per build, so parallel runs never share files.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const REPO_ROOT = resolve(__dirname, '..', '..');
const SRC = __dirname;

export interface EditorTestsBuild {
  readonly outDir: string;
  /** `extensionTestsPath` for @vscode/test-electron; FLEETKIT_EDITOR_TESTS_ENTRY for the runner extension. */
  readonly entry: string;
  /** Compiled suite files, e.g. `activation.test.js`. */
  readonly suiteFiles: readonly string[];
  /** The test-runner extension, installable with `--install-extension`. */
  readonly runnerVsix: string;
}

const common: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode'],
  // mocha's parallel mode (unused here) resolves worker files at run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

/** Builds into `outDir` (default: a new temp dir; the caller removes it). */
export async function buildEditorTests(
  outDir = mkdtempSync(join(tmpdir(), 'fleetkit-editor-tests-')),
  options: { packageRunner?: boolean } = {},
): Promise<EditorTestsBuild> {
  mkdirSync(join(outDir, 'suites'), { recursive: true });

  const suites = readdirSync(join(SRC, 'suites'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  if (!suites.length) throw new Error('no in-editor suites in test/editor/suites');
  await esbuild.build({ ...common, entryPoints: [join(SRC, 'index.ts')], outfile: join(outDir, 'index.js') });
  await esbuild.build({
    ...common,
    entryPoints: suites.map((f) => ({ in: join(SRC, 'suites', f), out: f.replace(/\.ts$/, '') })),
    outdir: join(outDir, 'suites'),
  });

  const runnerDir = join(outDir, 'runner');
  const runnerVsix = join(outDir, 'fleetkit-editor-tests.vsix');
  if (options.packageRunner !== false) {
    mkdirSync(runnerDir, { recursive: true });
    await esbuild.build({ ...common, entryPoints: [join(SRC, 'runner', 'extension.ts')], outfile: join(runnerDir, 'extension.js') });
    copyFileSync(join(SRC, 'runner', 'package.json'), join(runnerDir, 'package.json'));
    copyFileSync(join(REPO_ROOT, 'LICENSE'), join(runnerDir, 'LICENSE'));
    const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    try {
      await promisify(execFile)(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', runnerVsix], {
        cwd: runnerDir,
        env: { ...process.env, CI: 'true' },
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`packaging the in-editor test runner failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }
  return { outDir, entry: join(outDir, 'index.js'), suiteFiles: suites.map((f) => f.replace(/\.ts$/, '.js')), runnerVsix };
}

if (require.main === module) {
  buildEditorTests().then(
    (b) => console.error(`in-editor tests built: ${b.entry} (${b.suiteFiles.length} suite files), runner ${b.runnerVsix}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
