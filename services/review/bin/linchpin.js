#!/usr/bin/env node
// `npx linchpin`: review's CLI for analysts (src/cli). A committed shim, so that npm links the workspace's bin at
// install time, before the build has made dist/.
'use strict';
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('linchpin: review is not built yet: run `npx nx build review` (or `npm run build`) first\n');
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
