#!/usr/bin/env node
// Stops `npm start`, `npm test` and `npm run bench` at once on a Node.js older than package.json's
// `engines.node`, with the version needed, instead of a native addon's crash later on.
'use strict';
const { engines } = require('../package.json');
const minimum = /^>=\s*(\d+)\.(\d+)/.exec(engines.node);
const [major, minor] = process.versions.node.split('.').map(Number);
if (minimum && (major < +minimum[1] || (major === +minimum[1] && minor < +minimum[2]))) {
  process.stderr.write(
    `Linchpin needs Node.js ${engines.node} (24 LTS recommended); this is Node.js ${process.versions.node}.\n` +
      'Install Node.js 24, or run `source scripts/node24.sh` to put it first on PATH in this shell.\n',
  );
  process.exit(1);
}
