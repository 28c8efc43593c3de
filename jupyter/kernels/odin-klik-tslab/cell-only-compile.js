// Loaded by launch.js in the headless report build.
'use strict';
const path = require('path');
const Module = require('module');

// Makes tslab compile only the notebook cells, with lib/ loaded by Node through tsx.
// By default tslab's TypeScript type-checks every lib/ module a cell imports and emits each of them with
// declarations (which makes its checker resolve all of lib/) in each of the nine fresh kernels: 6-11 s per
// kernel, most of a notebook's build. Here the lib/ files are left out of the files tslab checks and emits,
// and the cells' `require('./lib/...')` is served by Node with tsx's CommonJS hook (esbuild, no type check).
// lib/ is already checked strictly by `tsc` and under tslab's own compiler by scripts/tslab-check.ts (both
// in `npm test`); a cell is still type-checked against lib's types, so a type error in a cell fails it.
// Interactive kernels keep tslab's own loading: it re-emits a lib file that changes while the kernel runs,
// which Node's module cache would not. TSLAB_CHECK_LIB=1 restores tslab's way in a build too.
/**
 * Patches this process's module loader: tslab's TypeScript (loaded after this call) gets a builder whose
 * dependency lists leave out lib/, and `.ts` files load through tsx's CommonJS hook.
 * @param {string} projectRoot the folder holding lib/ and node_modules/
 */
function installCellOnlyCompile(projectRoot) {
  const libDir = path.join(projectRoot, 'lib') + path.sep;
  const inLib = (fileName) => path.resolve(fileName).startsWith(libDir);
  require(path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cjs', 'api', 'index.cjs')).register();
  const withoutLib = (builder) => new Proxy(builder, {
    get(target, key) {
      const value = target[key];
      if (key === 'getAllDependencies') return (sourceFile) => value.call(target, sourceFile).filter((file) => !inLib(file));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const load = Module._load;
  let proxied = null;
  Module._load = function loadWithCellOnlyCompile(request, parent, isMain) {
    const loaded = load.call(this, request, parent, isMain);
    if (request !== '@tslab/typescript-for-tslab') return loaded;
    proxied ??= new Proxy(loaded, {
      get(target, key) {
        if (key !== 'createWatchCompilerHost') return target[key];
        return (...args) => {
          const host = target.createWatchCompilerHost(...args);
          // tslab assigns afterProgramCreate to capture its builder; hand it one that does not list lib/.
          let capture = host.afterProgramCreate;
          Object.defineProperty(host, 'afterProgramCreate', {
            configurable: true,
            get: () => capture && ((builder) => capture(withoutLib(builder))),
            set: (fn) => { capture = fn; },
          });
          return host;
        };
      },
    });
    return proxied;
  };
}

module.exports = { installCellOnlyCompile };
