import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createLogger, memorySink } from '../../../../core/log/logger';
import { spawnJsonReady, type JsonReadyOptions } from '../../../../client/process/spawn-json-ready';

interface Ready {
  port: number;
  secret: string;
}

const parseReady = (line: string): Ready => {
  const v = JSON.parse(line) as Partial<Ready>;
  if (typeof v.port !== 'number' || typeof v.secret !== 'string') throw new Error('not a ready line');
  return { port: v.port, secret: v.secret };
};

/** Runs `script` in a node child through the helper; the logger writes to memory. */
function run(script: string, options: Partial<JsonReadyOptions<Ready>> = {}) {
  const sink = memorySink();
  const log = createLogger({ sink });
  const started = spawnJsonReady(process.execPath, ['-e', script], log, { parse: parseReady, what: 'The test child', ...options });
  return { sink, log, started };
}

const READY = JSON.stringify({ port: 4242, secret: 'sekrit-value-0123456789' });

describe('spawnJsonReady', () => {
  it('resolves with the parsed ready line, logs stderr, and stop() ends the child', async () => {
    const { sink, started } = run(`console.error('warming up'); console.log('not json'); console.log(${JSON.stringify(READY)}); setInterval(() => {}, 1000);`);
    const proc = await started;
    assert.deepEqual(proc.ready, { port: 4242, secret: 'sekrit-value-0123456789' });
    await proc.stop();
    assert.ok(proc.child.exitCode !== null || proc.child.signalCode !== null, 'the child has exited');
    if (!proc.child.stderr!.closed) await once(proc.child.stderr!, 'close');
    assert.ok(
      sink.lines.some((l) => l.level === 'info' && l.line === 'warming up'),
      JSON.stringify(sink.lines),
    );
  });

  it('holds stderr until onReady taught the logger the secret, so the secret never reaches the log', async () => {
    const script = `console.error('client secret is sekrit-value-0123456789'); console.log(${JSON.stringify(READY)});`;
    const { sink, log, started } = run(script, { holdStderrUntilReady: true, onReady: (r) => log.addSecret(r.secret) });
    const proc = await started;
    await proc.exited;
    if (!proc.child.stderr!.closed) await once(proc.child.stderr!, 'close');
    const all = sink.lines.map((l) => l.line).join('\n');
    assert.match(all, /client secret is /, 'the held line was logged after ready');
    assert.doesNotMatch(all, /sekrit-value/);
  });

  it('fails on a JSON line the parser rejects, or with onUnexpectedLine "warn" logs it and waits for the real one', async () => {
    const script = `console.log('{"hello":1}'); setTimeout(() => console.log(${JSON.stringify(READY)}), 50); setTimeout(() => {}, 5000);`;
    await assert.rejects(run(script).started, /The test child printed an unexpected line: not a ready line/);
    const { sink, started } = run(script, { onUnexpectedLine: 'warn' });
    const proc = await started;
    assert.equal(proc.ready.port, 4242);
    assert.ok(
      sink.lines.some((l) => l.level === 'warn' && l.line === 'Ignoring unexpected output from the test child: not a ready line'),
      JSON.stringify(sink.lines),
    );
    await proc.stop();
  });

  it('rejects when the child exits before it is ready', async () => {
    await assert.rejects(run('process.exit(3)').started, /^Error: The test child exited \(code 3\) before it was ready\./);
  });

  it('rejects when the program cannot be started', async () => {
    const log = createLogger({ sink: memorySink() });
    await assert.rejects(
      spawnJsonReady('/nonexistent/fleetkit-node', [], log, { parse: parseReady, what: 'The test child' }),
      /Could not start the test child: spawn \/nonexistent\/fleetkit-node ENOENT/,
    );
  });

  it('on timeout kills the child and reports the last 10 stderr lines (held ones too)', async () => {
    const script = `for (let i = 1; i <= 12; i++) console.error('line ' + i); setInterval(() => {}, 1000);`;
    const err: unknown = await run(script, { timeoutMs: 4000, holdStderrUntilReady: true }).started.catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /^The test child did not report ready within 4 s\.\nline 3\n/);
    assert.match(err.message, /line 12$/);
    assert.doesNotMatch(err.message, /line 2\n/);
  });
});
