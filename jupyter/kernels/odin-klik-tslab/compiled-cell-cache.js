// Loaded by launch.js in the headless report build, after cell-only-compile.js.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// Keeps tslab's compiled cells between report builds, so a rebuild of unchanged notebooks skips TypeScript.
// In a fresh kernel tslab's TypeScript parses the ES2022 and @types/node declarations and lib/'s sources and
// type-checks each cell: about 2 s of CPU per notebook, most of a notebook's build once the study's stages
// are computed. What tslab makes of a cell (its JavaScript, the declarations carried to the next cell, whether
// it awaits at top level, its last expression) depends only on the cell's source, the declarations of the
// cells before it, the types it imports (lib/, node_modules) and tslab's compiler; the cache key is a hash of
// all of them. A cell is still executed in its kernel on every build; only its compilation is reused. Cells
// with diagnostics are never stored, so a type error is reported on every build; a cell that misses the cache
// starts tslab's compiler then (with the same result as if it had compiled every cell before it, since a
// conversion is a function of the previous declarations and the source). TSLAB_CELL_CACHE=0 turns it off.

/** Files whose content can change what tslab makes of a cell, besides the cells themselves. */
function typeInputs(projectRoot) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(projectRoot, 'lib'));
  // The lock file pins every package whose typings a cell can import (danfojs-node, @types/node) and tslab.
  files.push(path.join(projectRoot, 'package-lock.json'));
  files.push(path.join(projectRoot, 'node_modules', 'tslab', 'package.json'));
  files.push(path.join(projectRoot, 'node_modules', '@tslab', 'typescript-for-tslab', 'package.json'));
  files.push(path.join(__dirname, 'cell-only-compile.js'), __filename);
  return files;
}

/** Hash of everything but the cells that a compiled cell depends on. */
function typeInputsKey(projectRoot) {
  const hash = crypto.createHash('sha256');
  hash.update(`${process.version}\0${projectRoot}\0`);
  for (const file of typeInputs(projectRoot)) {
    hash.update(path.relative(projectRoot, file));
    hash.update('\0');
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : 'absent');
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The cache folder of this project state: node_modules/.cache/odin-klik-tslab-cells/<key>/, or <key>/ under
 * TSLAB_CELL_CACHE_DIR when set (the tests use their own).
 */
function cellCacheDir(projectRoot) {
  const root = process.env.TSLAB_CELL_CACHE_DIR || path.join(projectRoot, 'node_modules', '.cache', 'odin-klik-tslab-cells');
  return path.join(root, typeInputsKey(projectRoot));
}

function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, 'utf8');
  fs.renameSync(temporary, file);
}

/**
 * A converter with tslab's interface that answers `convert` from the cache and creates tslab's own converter
 * only when it has to (a miss, or completion and inspection in an interactive session).
 */
function cachingConverter(createReal, options, dir) {
  let real = null;
  const theReal = () => (real ??= createReal(options));
  const kind = JSON.stringify(options ?? {});
  return {
    convert(prevDecl, src) {
      const key = crypto.createHash('sha256').update(`${kind}\0${prevDecl}\0${src}`).digest('hex');
      const file = path.join(dir, `${key}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // Not compiled before (or an unreadable entry): compile it now.
      }
      const converted = theReal().convert(prevDecl, src);
      const storable = converted.diagnostics.length === 0 && !converted.sideOutputs;
      if (storable) {
        try {
          fs.mkdirSync(dir, { recursive: true });
          writeAtomically(file, JSON.stringify(converted));
        } catch {
          // A cache that cannot be written only costs time.
        }
      }
      return converted;
    },
    inspect: (...args) => theReal().inspect(...args),
    complete: (...args) => theReal().complete(...args),
    addModule: (...args) => theReal().addModule(...args),
    close: () => real?.close(),
  };
}

/**
 * Puts a stand-in for tslab's TypeScript (@tslab/typescript-for-tslab) in Node's module cache that loads the
 * real one on first use. tslab requires it at start (0.4 s of CPU in every kernel) but, when every cell of a
 * notebook is served from the cache, never calls it. What tslab does with it at load time, setting
 * `ts.sys.useCaseSensitiveFileNames`, is recorded and applied to the real one when it loads.
 * @param {string} projectRoot the folder holding node_modules/
 */
function deferTypeScript(projectRoot) {
  const Module = require('module');
  const tslabDir = path.join(projectRoot, 'node_modules', 'tslab');
  const file = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] });
  if (require.cache[file]) return;
  let real = null;
  const sysSettings = {};
  const load = () => {
    if (!real) {
      delete require.cache[file];
      real = require(file);
      Object.assign(real.sys, sysSettings);
      if (process.env.TSLAB_TRACE_TYPESCRIPT === '1') process.stderr.write('tslab kernel: TypeScript loaded\n');
    }
    return real;
  };
  const sys = new Proxy({}, {
    get: (_, key) => load().sys[key],
    set: (_, key, value) => {
      if (real) real.sys[key] = value;
      else sysSettings[key] = value;
      return true;
    },
  });
  // What the stand-in answers before TypeScript is loaded. __esModule: __importStar then returns the module
  // as it is (no copy of its keys, which would load it). version: tslab's public module (what a cell imports
  // as `tslab`) reads ts.version at load; the fork's package version is the TypeScript version it carries
  // (5.0.4 both).
  const early = {
    __esModule: true,
    sys,
    version: JSON.parse(fs.readFileSync(require.resolve('@tslab/typescript-for-tslab/package.json', { paths: [tslabDir] }), 'utf8')).version,
  };
  const answeredEarly = (key) => !real && Object.prototype.hasOwnProperty.call(early, key);
  const forward = (trap) => (_, ...args) => Reflect[trap](load(), ...args);
  const stand = new Proxy({}, {
    get: (_, key) => (key === '__esModule' ? true : answeredEarly(key) ? early[key] : load()[key]),
    set: forward('set'),
    has: forward('has'),
    ownKeys: forward('ownKeys'),
    getOwnPropertyDescriptor: (_, key) => {
      if (answeredEarly(key)) return { value: early[key], writable: key !== '__esModule', enumerable: key !== '__esModule', configurable: true };
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
  const module = new Module(file, null);
  module.filename = file;
  module.loaded = true;
  module.exports = stand;
  require.cache[file] = module;
}

/**
 * Makes tslab's converters (created after this call) consult the compiled-cell cache of this project state.
 * @param {string} projectRoot the folder holding lib/ and node_modules/
 */
function installCompiledCellCache(projectRoot) {
  deferTypeScript(projectRoot);
  const dir = cellCacheDir(projectRoot);
  // Entries of other project states are left from earlier code; the cache keeps only the current one.
  const parent = path.dirname(dir);
  if (!fs.existsSync(dir) && fs.existsSync(parent)) {
    for (const name of fs.readdirSync(parent)) {
      if (name !== path.basename(dir)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
  // tslab reads a cell's directives (/** @node */, @browser, @jsx, @module) from the JSDoc comments before its
  // code with TypeScript's scanner; a cell without any `/*` has none, and its metadata is {} without loading
  // TypeScript (deferTypeScript).
  const metadataModule = require(path.join(projectRoot, 'node_modules', 'tslab', 'dist', 'metadata.js'));
  const readMetadata = metadataModule.getCodeMetadata;
  metadataModule.getCodeMetadata = (src) => (src.includes('/*') ? readMetadata(src) : {});
  const converterModule = require(path.join(projectRoot, 'node_modules', 'tslab', 'dist', 'converter.js'));
  const createReal = converterModule.createConverter;
  converterModule.createConverter = (options) => cachingConverter(createReal, options, dir);
}

module.exports = { installCompiledCellCache, cellCacheDir };
