// One bundle per process. `vscode` stays external (the editor provides it); everything else is bundled.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node processes: extension host, language server, telemetry bridge, CLI (which also runs the simulator). */
const nodeEntries = [
  { in: 'client/extension.ts', out: 'extension' },
  { in: 'cli/main.ts', out: 'cli' },
  { in: 'telemetry-bridge/main.ts', out: 'bridge' },
  { in: 'server/main.ts', out: 'server' },
];

/** Webview scripts run in the browser sandbox of a webview. */
const webviewEntries = [
  { in: 'client/telemetry/ui/main.ts', out: 'telemetry' },
  { in: 'client/ui/webview/live-page.ts', out: 'live-page' },
];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
};

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // zeromq is a native addon loaded from node_modules at run time (only when a config names the zmq dispatcher).
    external: ['vscode', 'zeromq'],
    // These two ship UMD builds whose inner require() calls esbuild cannot follow; bundle their ESM builds instead.
    alias: {
      'vscode-json-languageservice': './node_modules/vscode-json-languageservice/lib/esm/jsonLanguageService.js',
      'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
    },
    // Optional native speed-ups of `ws`; the pure-JS fallback is what we ship.
    define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
  },
];
if (webviewEntries.length) {
  builds.push({ ...common, entryPoints: webviewEntries, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' });
}

/**
 * Data files the bundles read at run time from beside themselves: Tesla's vehicle CA bundles (the bridge reads
 * `<dir of the bundle>/tesla-vehicle-ca/*.crt`, see telemetry-bridge/certs/tesla-vehicle-cas.ts) and SQLite's
 * WebAssembly for the history (node-sqlite3-wasm loads it from its bundle's directory). The VSIX ships them.
 */
const assets = [
  { from: 'telemetry-bridge/certs/tesla-vehicle-ca', to: 'dist/tesla-vehicle-ca', suffix: '.crt' },
  { from: 'node_modules/node-sqlite3-wasm/dist', to: 'dist', suffix: '.wasm' },
];

function copyAssets() {
  for (const { from, to, suffix } of assets) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from).filter((n) => n.endsWith(suffix))) copyFileSync(join(from, name), join(to, name));
  }
}

/**
 * In watch mode each rebuild is framed by "[watch] build started/finished" and errors are printed as
 * "✘ [ERROR] message" + "    file:line:col:", which the background problem matcher in .vscode/tasks.json reads.
 */
const watchReporter = {
  name: 'watch-reporter',
  setup(build) {
    build.onStart(() => console.error('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.error('[watch] build finished');
    });
  },
};

copyAssets();
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context({ ...options, plugins: [...(options.plugins ?? []), watchReporter] });
    await ctx.watch();
  }
  console.error('[watch] esbuild is watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
