#!/usr/bin/env node
'use strict';
let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('fleetkit: the CLI is not built yet. Run `npm run build` first.\n');
    process.exit(1);
  }
  throw err;
}
cli.runCli();
