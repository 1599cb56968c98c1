#!/usr/bin/env node
// The threadgraph CLI. Runs the compiled build (npm run build) when it is newer than every source
// file, else the TypeScript sources through tsx, so it works straight after `npm install` and a
// build left behind by an older checkout is never run against newer statements.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'src', 'cli', 'index.js');

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

const sources = path.join(root, 'src');
if (fs.existsSync(compiled) && (!fs.existsSync(sources) || fs.statSync(compiled).mtimeMs >= newest(sources))) {
  require(compiled).main();
} else {
  require('tsx/cjs');
  require(path.join(root, 'src', 'cli', 'index.ts')).main();
}
