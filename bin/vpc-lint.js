#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is the esbuild bundle built by `npm run build` (run by `prepare`).
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'server', 'out', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`vpc-lint: ${path.relative(process.cwd(), bundle) || bundle} is missing; run 'npm run build' first.\n`);
  process.exitCode = 2;
} else {
  require(bundle).run();
}
