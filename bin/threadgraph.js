#!/usr/bin/env node
// The threadgraph CLI. Runs the compiled build (npm run build) when there is one, else the
// TypeScript sources through tsx, so it works straight after `npm install`.
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'index.js');
if (fs.existsSync(compiled)) {
  require(compiled).main();
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'src', 'cli', 'index.ts')).main();
}
