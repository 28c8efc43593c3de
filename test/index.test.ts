import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import * as api from '../lib/index';

test('the public API exports every area of the library', () => {
  const expected = [
    // data and cleaning
    'loadMarketData', 'cleanMarketData', 'buildModelTable', 'prepareStudyData', 'locateData', 'writeSyntheticData', 'DataValidationError',
    // preprocessing, models, selection, metrics
    'Pipeline', 'FittedPipeline', 'studyPreprocessor', 'createClassifier', 'loadClassifier', 'trainTestSplit', 'stratifiedKFold', 'runStudySearch', 'rocAuc',
    // explain, segment
    'permutationImportanceFrame', 'segmentCustomers',
    // study, model file, score, io
    'runStudy', 'fitModelFile', 'readModelFile', 'writeModelFile', 'scoreCustomers', 'writeFileAtomic', 'tableFingerprint',
  ];
  for (const name of expected) assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
  assert.equal(typeof api.report.figures.rocCurves, 'function');
  assert.equal(typeof api.report.display.figureHtml, 'function');
  assert.equal(api.MODEL_SCHEMA_VERSION, 1);
});

test('package.json maps the package name and each area to the built declarations and JavaScript; the project compiles against the sources', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8'));
  const main = pkg.exports['.'];
  assert.equal(main.types, './dist/lib/index.d.ts');
  assert.equal(main.require, './dist/lib/index.js');
  for (const area of ['data', 'models', 'score', 'sql']) assert.equal(pkg.exports[`./${area}`].require, `./dist/lib/${area}/index.js`);
  assert.ok(pkg.files.includes('dist/lib') && pkg.bin['odin-klik-score'] === 'dist/scripts/score.js');
  assert.equal(pkg.scripts.prepack, 'npm run build');
  for (const tool of ['tslab', 'danfojs-node', 'tsx']) assert.ok(!(tool in pkg.dependencies), `${tool} is a dev dependency: the library never loads it`);
  const tsconfig = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../tsconfig.json'), 'utf8'));
  assert.deepEqual(tsconfig.compilerOptions.paths['odin-klik-activity-study'], ['./lib/index.ts']);
  assert.match(pkg.scripts.build, /tsc -p tsconfig\.build\.json/);
  assert.match(pkg.scripts.example, /build/);
  assert.match(pkg.scripts.start, /scripts\/study\.ts --notebooks/);
});

test('every export of lib/index.ts has a TSDoc comment', () => {
  const root = path.resolve(__dirname, '..');
  const entry = path.join(root, 'lib', 'index.ts');
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  // Only the symbols are needed, not a type check: without the standard and node libraries it is 3x faster.
  const program = ts.createProgram([entry], { ...options, noEmit: true, noLib: true, types: [] });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol);
  assert.ok(exports.length > 100, `the walk sees the re-exports (${exports.length})`);
  const undocumented: string[] = [];
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.getDeclarations() ?? [];
    // A description, not only tags: getDocumentationComment is the text before the first tag.
    if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') {
      const where = declarations.map((d) => {
        const file = d.getSourceFile();
        return `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(d.getStart()).line + 1}`;
      });
      undocumented.push(`${exported.name} (${where.join(', ') || 'no declaration'})`);
    }
  }
  assert.deepEqual(undocumented, [], `exports without a TSDoc comment:\n  ${undocumented.join('\n  ')}`);
});
