#!/usr/bin/env node
// Starts the project's own tslab (node_modules/tslab) as a Jupyter kernel, with the project root as the
// working folder. tslab sets TypeScript's rootDir to its working folder, so a kernel started in notebooks/
// could not import ../lib; from the root, notebook cells import './lib/...' and read root-relative paths.
// Jupyter runs this file through kernel.json; no global `tslab install` is needed (it needs IPython).
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const projectRoot = path.resolve(__dirname, '..', '..', '..');
const tslabMain = path.join(projectRoot, 'node_modules', 'tslab', 'dist', 'main.js');
if (!fs.existsSync(tslabMain)) {
  console.error(`tslab kernel: ${tslabMain} not found; run \`npm ci\` in ${projectRoot} first.`);
  process.exit(1);
}

// In the headless report build (scripts/run-notebooks.ts sets REPORT_BUILD=1) tslab type-checks only the
// cells, not every lib/ module a cell imports: tslab's TypeScript would otherwise check all of lib/ again in
// each of the nine fresh kernels (5-8 s each), while lib/ is already checked strictly by `tsc` and under
// tslab's own compiler by scripts/tslab-check.ts (both in `npm test`). A type error in a cell still fails it;
// interactive kernels keep tslab's full checking.
if (process.env.REPORT_BUILD === '1' && process.env.TSLAB_CHECK_LIB !== '1') {
  const libDir = path.join(projectRoot, 'lib') + path.sep;
  const load = Module._load;
  let proxied = null;
  Module._load = function loadWithCellOnlyChecks(request, parent, isMain) {
    const loaded = load.call(this, request, parent, isMain);
    if (request !== '@tslab/typescript-for-tslab') return loaded;
    proxied ??= new Proxy(loaded, {
      get(target, key) {
        if (key !== 'getPreEmitDiagnosticsOfFiles') return target[key];
        return (program, files, ...rest) => target.getPreEmitDiagnosticsOfFiles(program, files.filter((file) => !path.resolve(file.fileName).startsWith(libDir)), ...rest);
      },
    });
    return proxied;
  };
}

process.chdir(projectRoot);
require(tslabMain).main();
