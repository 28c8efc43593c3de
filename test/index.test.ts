import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
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

test('package.json maps the package name to the typed source and the built JavaScript', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8'));
  const main = pkg.exports['.'];
  assert.equal(main.types, './lib/index.ts');
  assert.equal(main.require, './dist/lib/index.js');
  assert.match(pkg.scripts.build, /tsc -p tsconfig\.build\.json/);
  assert.match(pkg.scripts.example, /build/);
  assert.match(pkg.scripts.start, /scripts\/study\.ts --notebooks/);
});
