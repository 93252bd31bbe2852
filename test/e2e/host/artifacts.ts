import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Page } from 'playwright-core';
import { TEST_RESULTS_DIR } from './paths';

/** test-results/<suite>/, emptied when a session starts so no stale screenshot survives. */
export function resultsDirFor(suite: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(suite)) throw new Error(`suite name "${suite}" must be kebab-case (it names a folder)`);
  const dir = join(TEST_RESULTS_DIR, suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'step';

/** Numbered screenshots: test-results/<suite>/01-open-workbench.png, 02-…  */
export class Screenshots {
  private count = 0;
  readonly taken: string[] = [];

  constructor(private readonly dir: string) {}

  async take(page: Page, step: string): Promise<string> {
    this.count += 1;
    const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${slug(step)}.png`);
    await page.screenshot({ path: file, fullPage: false, animations: 'disabled', timeout: 15_000 });
    this.taken.push(file);
    return file;
  }
}

/** Folders of a session's temp dir that hold no logs worth keeping. */
const SKIP = new Set(['chromium-profile', 'extensions', 'node_modules', 'CachedExtensionVSIXs', 'History']);

/** Ready files (npm start's, the bridge's) carry a feed token: they stay out of test-results. */
const NEVER_COPIED = /ready\.json$/;

/** Copies every log file under `from` into `to`, keeping the folder structure. */
export function copyLogs(from: string, to: string): string[] {
  const copied: string[] = [];
  if (!existsSync(from)) return copied;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (!SKIP.has(name)) walk(p);
      } else if (/\.(log|txt|json)$/.test(name) && !NEVER_COPIED.test(name) && st.size < 20 * 1024 * 1024) {
        const dest = join(to, relative(from, p));
        mkdirSync(join(dest, '..'), { recursive: true });
        cpSync(p, dest);
        copied.push(dest);
      }
    }
  };
  walk(from);
  return copied;
}
