#!/usr/bin/env node
// Starts the project's own tslab (node_modules/tslab) as a Jupyter kernel, with the project root as the
// working folder. tslab sets TypeScript's rootDir to its working folder, so a kernel started in notebooks/
// could not import ../lib; from the root, notebook cells import './lib/...' and read root-relative paths.
// Jupyter runs this file through kernel.json; no global `tslab install` is needed (it needs IPython).
'use strict';
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..', '..', '..');
const tslabMain = path.join(projectRoot, 'node_modules', 'tslab', 'dist', 'main.js');
if (!fs.existsSync(tslabMain)) {
  console.error(`tslab kernel: ${tslabMain} not found; run \`npm ci\` in ${projectRoot} first.`);
  process.exit(1);
}

// In the headless report build (scripts/run-notebooks.ts sets REPORT_BUILD=1) tslab compiles only the cells
// and Node loads lib/ (see cell-only-compile.js for why); TSLAB_CHECK_LIB=1 keeps tslab's own way.
// Such a build also reuses what tslab compiled of an unchanged cell in an earlier build (compiled-cell-cache.js;
// TSLAB_CELL_CACHE=0 compiles every cell again).
if (process.env.REPORT_BUILD === '1' && process.env.TSLAB_CHECK_LIB !== '1') {
  require('./cell-only-compile').installCellOnlyCompile(projectRoot);
  if (process.env.TSLAB_CELL_CACHE !== '0') require('./compiled-cell-cache').installCompiledCellCache(projectRoot);
}

process.chdir(projectRoot);
require(tslabMain).main();
