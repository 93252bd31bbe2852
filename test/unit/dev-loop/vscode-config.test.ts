/** The F5 loop: the launch configurations and tasks agree with the code they start. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';

const ROOT = join(__dirname, '../../..');
const jsonc = (p: string) => parse(readFileSync(join(ROOT, p), 'utf8')) as Record<string, unknown>;

describe('one tsconfig per target', () => {
  const options = (p: string): { types?: string[]; lib?: string[] } => {
    const own = (jsonc(p) as { compilerOptions?: { types?: string[]; lib?: string[] } }).compilerOptions ?? {};
    const base = (jsonc('tsconfig.base.json') as { compilerOptions: { types: string[]; lib: string[] } }).compilerOptions;
    return { types: own.types ?? base.types, lib: own.lib ?? base.lib };
  };

  it('production code type-checks without mocha globals, and only the webview has the DOM', () => {
    for (const p of ['tsconfig.json', 'client/tsconfig.json', 'server/tsconfig.json', 'client/telemetry/ui/tsconfig.json', 'client/ui/webview/tsconfig.json']) {
      assert.ok(!options(p).types?.includes('mocha'), `${p} has no mocha globals`);
    }
    for (const p of ['tsconfig.json', 'client/tsconfig.json', 'server/tsconfig.json']) {
      assert.ok(!options(p).lib?.some((l) => l.startsWith('DOM')), `${p} has no DOM`);
    }
    assert.deepEqual(options('client/telemetry/ui/tsconfig.json').types, [], 'the webview has no Node');
    assert.deepEqual(options('client/ui/webview/tsconfig.json').types, [], "the live pages' script has no Node");
    assert.ok(options('test/tsconfig.json').types?.includes('mocha'));
  });

  it('npm run check:types checks every target', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['check:types'];
    for (const p of ['.', 'client', 'client/telemetry/ui', 'client/ui/webview', 'server', 'test']) {
      assert.ok(script.includes(`tsc -p ${p}`), `${p} in: ${script}`);
    }
  });
});

describe('.vscode development loop', () => {
  const launch = jsonc('.vscode/launch.json') as { configurations: Array<Record<string, unknown>>; compounds: Array<{ configurations: string[] }> };
  const tasks = jsonc('.vscode/tasks.json') as { tasks: Array<{ label: string; dependsOn?: string[]; script?: string }> };
  const config = (name: string) => launch.configurations.find((c) => c.name === name);

  it('Run Extension builds with the watch task, which runs the npm watch script and tsc', () => {
    assert.equal(config('Run Extension')?.preLaunchTask, 'watch');
    const watch = tasks.tasks.find((t) => t.label === 'watch');
    assert.deepEqual(watch?.dependsOn, ['watch: esbuild', 'watch: tsc']);
    const script = tasks.tasks.find((t) => t.label === 'watch: esbuild')?.script;
    assert.ok(
      script && (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[script],
      `npm run ${script} exists`,
    );
  });

  it('Attach to Language Server uses the port the extension opens the server on in debug mode', () => {
    const port = /--inspect=(\d+)/.exec(readFileSync(join(ROOT, 'client/telemetry-config/language-client.ts'), 'utf8'))?.[1];
    assert.ok(port, 'the language client starts the server with --inspect=PORT in debug mode');
    assert.equal(config('Attach to Language Server')?.port, Number(port));
    assert.deepEqual(launch.compounds[0].configurations, ['Run Extension', 'Attach to Language Server']);
  });

  it('the esbuild watch output matches the background problem matcher', () => {
    const esbuild = readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8');
    const matcher = (
      tasks.tasks.find((t) => t.label === 'watch: esbuild') as unknown as {
        problemMatcher: { background: { activeBegin: string; activeEnd: string }; pattern: Array<{ regexp: string }> };
      }
    ).problemMatcher;
    assert.match('[watch] build started', new RegExp(matcher.background.activeBegin));
    assert.match('[watch] build finished', new RegExp(matcher.background.activeEnd));
    assert.ok(esbuild.includes("'[watch] build started'") && esbuild.includes("'[watch] build finished'"));
    assert.match('✘ [ERROR] Could not resolve "x"', new RegExp(matcher.pattern[0].regexp));
    assert.match('    client/extension.ts:3:7:', new RegExp(matcher.pattern[1].regexp));
  });
});
