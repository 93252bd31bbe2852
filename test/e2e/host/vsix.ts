import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildEditorTests, type EditorTestsBuild } from '../../editor/build';
import { REPO_ROOT } from './paths';

let fleetkitVsix: Promise<string> | undefined;
let editorTests: Promise<EditorTestsBuild> | undefined;

export function fleetkitVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * `npm run package` once per test process → fleetkit-<version>.vsix in the repo root.
 * FLEETKIT_E2E_VSIX=<path> uses a VSIX built elsewhere instead (handy while iterating on a suite).
 */
export function ensureFleetkitVsix(): Promise<string> {
  fleetkitVsix ??= (async () => {
    const preset = process.env.FLEETKIT_E2E_VSIX;
    if (preset) {
      if (!existsSync(preset)) throw new Error(`FLEETKIT_E2E_VSIX=${preset} does not exist`);
      return preset;
    }
    const out = join(REPO_ROOT, `fleetkit-${fleetkitVersion()}.vsix`);
    try {
      await promisify(execFile)('npm', ['run', 'package'], { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`npm run package failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    if (!existsSync(out)) throw new Error(`npm run package did not produce ${out}`);
    return out;
  })();
  return fleetkitVsix;
}

/** The in-editor suites and the runner extension, built once per test process into a temp dir removed on exit. */
export function ensureEditorTests(): Promise<EditorTestsBuild> {
  editorTests ??= buildEditorTests().then((built) => {
    process.once('exit', () => rmSync(built.outDir, { recursive: true, force: true }));
    return built;
  });
  return editorTests;
}
