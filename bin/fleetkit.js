#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write('fleetkit: the CLI is not built yet. Run `npm run build` first.\n');
  process.exit(1);
}
require(bundle).runCli();
