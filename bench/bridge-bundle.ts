import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * esbuild options that build telemetry-bridge/main.ts as esbuild.mjs does, for the benches (and the crash test) that
 * run the bridge as its own process from a bundle in a temp dir; startBridgeProcess below starts one.
 */
export function bridgeBundleOptions(root: string): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // zeromq is a native addon loaded from node_modules at run time (only when a config names the zmq dispatcher).
    external: ['vscode', 'zeromq'],
    // jsonc-parser's UMD build has require() calls esbuild cannot follow (the bridge reads JSONC rules files).
    alias: { 'jsonc-parser': join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
    minify: !process.env.BENCH_BRIDGE_NODE_ARGS,
    logLevel: 'warning',
    define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
  };
}

/**
 * Runs a bench server bundle as its own process (node flags from BENCH_BRIDGE_NODE_ARGS, pinned with taskset to
 * BENCH_PIN_BRIDGE's CPU when set, stdout copied to stderr with BENCH_BRIDGE_STDOUT) and resolves with its ready line:
 * the first JSON line it prints (node flags such as --trace-gc may print before it).
 */
export function startBridgeProcess<R>(argv: string[]): Promise<{ child: ChildProcess; ready: R }> {
  const nodeArgs = (process.env.BENCH_BRIDGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const pin = process.env.BENCH_PIN_BRIDGE;
  const child = pin
    ? spawn('taskset', ['-c', pin, process.execPath, ...nodeArgs, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, [...nodeArgs, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l, i, all) => i < all.length - 1 && l.startsWith('{'));
      if (line) resolve({ child, ready: JSON.parse(line) as R });
      if (process.env.BENCH_BRIDGE_STDOUT) process.stderr.write(d);
    });
    child.once('exit', (code) => reject(new Error(`${argv[0]} exited (${code})`)));
  });
}
