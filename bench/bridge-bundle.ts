import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * esbuild options that build telemetry-bridge/main.ts as esbuild.mjs does, for the benches (and the crash test) that
 * run the bridge as its own process from a bundle in a temp dir.
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
