import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { EDITOR_RESULTS_ENV, EDITOR_TESTS_ENTRY_ENV, type EditorTestReport } from '../../editor/results';
import { copyLogs, resultsDirFor, Screenshots } from './artifacts';
import { launchBrowser } from './browser';
import { addExitCleanup } from './processes';
import { installExtensions, prepareDirs, startCodeServer, type CodeServer } from './code-server';
import { FIXTURE_WORKSPACE } from './paths';
import { ensureEditorTests, ensureFleetkitVsix } from './vsix';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Names test-results/<suite>/ (kebab-case). */
  readonly suite: string;
  /** Folder the workbench opens; default test/e2e/fixtures/workspace. */
  readonly workspace?: string;
  /** User settings merged over BASE_SETTINGS (e.g. `fleetkit.simulator.url`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for code-server and so the extension host (never secrets you need to keep). */
  readonly env?: Readonly<Record<string, string>>;
  /** Also install the in-editor test runner; it runs test/editor/suites at start-up. */
  readonly editorTests?: boolean;
  /** More VSIX files to install next to Fleetkit. */
  readonly extraVsix?: readonly string[];
}

/**
 * One code-server + one Chromium with Fleetkit installed, the workbench open on a folder.
 * Start with `startSession` (or `useSession` in a mocha `describe`), always `dispose()`.
 */
export class E2ESession {
  private readonly shots: Screenshots;
  private readonly consoleLog: string;
  private disposed = false;

  private constructor(
    readonly options: SessionOptions,
    /** test-results/<suite>/ */
    readonly resultsDir: string,
    /** Temp dir with user-data, extensions, browser profile (deleted on dispose). */
    readonly tmpDir: string,
    readonly server: CodeServer,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly workbench: Workbench,
    readonly workspace: string,
    private readonly unregisterCleanup: () => void,
  ) {
    this.shots = new Screenshots(resultsDir);
    this.consoleLog = join(tmpDir, 'browser-console.log');
    this.attachConsole(page);
  }

  static async start(options: SessionOptions): Promise<E2ESession> {
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string, since: number): number => {
      const now = Date.now();
      phases.push(`${what} ${((now - since) / 1000).toFixed(1)}s`);
      return now;
    };
    const resultsDir = resultsDirFor(options.suite);
    const tmpDir = mkdtempSync(join(tmpdir(), `fleetkit-e2e-${options.suite}-`));
    const removeTmp = (): void => {
      if (!process.env.FLEETKIT_E2E_KEEP) rmSync(tmpDir, { recursive: true, force: true });
    };
    const unregisterCleanup = addExitCleanup(removeTmp);
    const workspace = options.workspace ?? FIXTURE_WORKSPACE;
    const env: Record<string, string> = { ...(options.env ?? {}) };
    let t = t0;
    const vsixes = [await ensureFleetkitVsix(), ...(options.extraVsix ?? [])];
    t = mark('vsix', t);
    if (options.editorTests) {
      const built = await ensureEditorTests();
      t = mark('editor-tests build', t);
      vsixes.push(built.runnerVsix);
      env[EDITOR_TESTS_ENTRY_ENV] = built.entry;
      env[EDITOR_RESULTS_ENV] = join(tmpDir, 'editor-results.json');
    }
    const dirs = prepareDirs(tmpDir, options.settings);
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    try {
      await installExtensions(dirs, vsixes, join(tmpDir, 'install-extensions.log'));
      t = mark('install', t);
      server = await startCodeServer({ dirs, workspace, logFile: join(tmpDir, 'code-server.log'), env });
      t = mark('code-server', t);
      context = await launchBrowser(join(tmpDir, 'chromium-profile'));
      const page = context.pages()[0] ?? (await context.newPage());
      t = mark('chromium', t);
      const session = new E2ESession(options, resultsDir, tmpDir, server, context, page, new Workbench(page), workspace, unregisterCleanup);
      await session.openWorkbench();
      mark('workbench', t);
      console.error(`      [e2e] ${options.suite} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (${phases.join(', ')})`);
      return session;
    } catch (err) {
      // Keep what explains the failure, then leave nothing running.
      appendFileSync(join(tmpDir, 'start-error.txt'), `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      copyLogs(tmpDir, join(resultsDir, 'logs'));
      await context?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      removeTmp();
      unregisterCleanup();
      throw err;
    }
  }

  /**
   * A session on a code-server started by someone else (e.g. `npm start`, see npm-start.ts): only Chromium is launched
   * here, on `server.folderUrl(workspace)`. `dispose()` closes the browser and calls `server.stop()`; `tmpDir` (logs are
   * collected from it on failure) is removed unless FLEETKIT_E2E_KEEP is set.
   */
  static async attach(options: SessionOptions & { workspace: string }, server: CodeServer, tmpDir: string): Promise<E2ESession> {
    const t0 = Date.now();
    const resultsDir = resultsDirFor(options.suite);
    const unregisterCleanup = addExitCleanup(() => {
      if (!process.env.FLEETKIT_E2E_KEEP) rmSync(tmpDir, { recursive: true, force: true });
    });
    let context: BrowserContext | undefined;
    try {
      context = await launchBrowser(join(tmpDir, 'chromium-profile'));
      const page = context.pages()[0] ?? (await context.newPage());
      const session = new E2ESession(options, resultsDir, tmpDir, server, context, page, new Workbench(page), options.workspace, unregisterCleanup);
      await session.openWorkbench();
      console.error(`      [e2e] ${options.suite} attached in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      return session;
    } catch (err) {
      appendFileSync(join(tmpDir, 'start-error.txt'), `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      copyLogs(tmpDir, join(resultsDir, 'logs'));
      await context?.close().catch(() => undefined);
      unregisterCleanup();
      throw err;
    }
  }

  private attachConsole(page: Page): void {
    page.on('console', (m) => appendFileSync(this.consoleLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => appendFileSync(this.consoleLog, `[pageerror] ${e.stack ?? e.message}\n`));
  }

  /** Navigates to the workbench on the session's folder and waits for it. */
  async openWorkbench(): Promise<void> {
    await this.page.goto(this.server.folderUrl(this.workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.workbench.waitReady();
  }

  /** Reloads the page (same browser profile: secrets and state survive) and waits for the workbench. */
  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.workbench.waitReady();
  }

  /** Screenshot of the current step: test-results/<suite>/NN-<step>.png (of `page`, default the workbench). */
  step(name: string, page: Page = this.page): Promise<string> {
    return this.shots.take(page, name);
  }

  get screenshots(): readonly string[] {
    return this.shots.taken;
  }

  /** VS Code's log folder for this session (user-data/logs/<timestamp>/). */
  logsDir(): string {
    const root = join(this.server.dirs.userDataDir, 'logs');
    const sessions = existsSync(root) ? readdirSync(root).sort() : [];
    if (!sessions.length) throw new Error(`no VS Code logs under ${root}`);
    return join(root, sessions[sessions.length - 1]);
  }

  /**
   * The text an extension's LogOutputChannel wrote to disk (logs/<ts>/exthostN/<extensionId>/<channel>.log),
   * e.g. `extensionLog('Fleetkit')`. Reads from disk, so it works whether or not the Output panel shows it.
   */
  extensionLog(channel = 'Fleetkit', extensionId = 'fleetkit.fleetkit'): string {
    const dir = this.logsDir();
    const texts: string[] = [];
    for (const host of readdirSync(dir).filter((d) => d.startsWith('exthost'))) {
      const file = join(dir, host, extensionId, `${channel}.log`);
      if (existsSync(file)) texts.push(readFileSync(file, 'utf8'));
    }
    return texts.join('');
  }

  /** Waits for the in-editor test runner's report (sessions started with `editorTests: true`). */
  async editorTestReport(timeoutMs = 180_000): Promise<EditorTestReport> {
    const file = this.options.editorTests ? join(this.tmpDir, 'editor-results.json') : undefined;
    if (!file) throw new Error('this session was started without editorTests: true');
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`the in-editor test runner wrote no report within ${timeoutMs} ms (see the extension host log)`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return JSON.parse(readFileSync(file, 'utf8')) as EditorTestReport;
  }

  /** A failure screenshot plus every log (code-server, extension host, browser console) in test-results/<suite>/logs/. */
  async captureFailure(testTitle: string): Promise<void> {
    await this.shots.take(this.page, `FAILED ${testTitle}`).catch(() => undefined);
    this.collectLogs();
  }

  collectLogs(): string[] {
    const dest = join(this.resultsDir, 'logs');
    const copied = copyLogs(this.tmpDir, dest);
    writeFileSync(
      join(dest, 'README.txt'),
      'Logs of a failed E2E session: code-server.log, user-data/logs/*/exthost*/ (extension host and output channels), browser-console.log.\n',
    );
    return copied;
  }

  async dispose(options: { failed?: boolean } = {}): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (options.failed) this.collectLogs();
    await this.context.close().catch(() => undefined);
    await this.server.stop();
    this.unregisterCleanup();
    if (!process.env.FLEETKIT_E2E_KEEP) rmSync(this.tmpDir, { recursive: true, force: true });
    else console.error(`[e2e] kept ${this.tmpDir}`);
  }
}

export const startSession = (options: SessionOptions): Promise<E2ESession> => E2ESession.start(options);

/**
 * Mocha wiring for a `describe`: starts one session before its tests, screenshots + logs after a failed
 * test, tears down after. Returns a getter for the session.
 *
 *   describe('vehicles tree', function () {
 *     const session = useSession({ suite: 'vehicles' });
 *     it('lists the fleet', async () => { const wb = session().workbench; … });
 *   });
 */
export function useSession(options: SessionOptions): () => E2ESession {
  let session: E2ESession | undefined;
  let failed = false;
  before(async function () {
    this.timeout(300_000);
    session = await E2ESession.start(options);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      await session?.captureFailure(this.currentTest.title);
    }
  });
  after(async function () {
    this.timeout(60_000);
    await session?.dispose({ failed });
  });
  return () => {
    if (!session) throw new Error(`the E2E session "${options.suite}" did not start (see the before-all hook's error)`);
    return session;
  };
}
