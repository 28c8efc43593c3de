import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { StudyError } from '../../lib/core/errors';
import { loadMarketData } from '../../lib/data/load';
import { prepareStudyData } from '../../lib/data/prepare';
import { studyPipelineSpec } from '../../lib/preprocess/study';
import { fitModelFile } from '../../lib/study/model';
import '../../lib/models/index';
import { parseModelFile, readModelFile, serializeModelFile } from '../../lib/model-file';
import { editFile, smallModel, syntheticDir, tempDir } from '../score/fixtures';

const codeOf = (f: () => unknown): [string, string | undefined] => {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof StudyError, String(error));
    return [error.code, error.path];
  }
  throw new Error('expected an error');
};

test('every library error carries a code (and the file where there is one), and no library message asks for npm start', () => {
  const dir = syntheticDir(60, 3);
  editFile(dir, 'market_file.csv', (text) => text.replace(/\n(\d+),/, '\nabc,'));
  assert.deepEqual(codeOf(() => loadMarketData({ dataDir: dir })), ['DATA_VALIDATION', 'market_file.csv']);
  const empty = tempDir('no-data-');
  assert.deepEqual(codeOf(() => loadMarketData({ dataDir: empty })), ['DATA_NOT_FOUND', 'market_file.csv']);
  const missing = path.join(empty, 'model.json');
  const [code, where] = codeOf(() => readModelFile(missing));
  assert.deepEqual([code, where], ['MODEL_FILE', missing]);
  const model = smallModel(syntheticDir(120, 5));
  const text = serializeModelFile(model);
  assert.equal(codeOf(() => parseModelFile(text.replace('"schemaVersion": 1', '"schemaVersion": 99')))[0], 'MODEL_SCHEMA_VERSION');
  assert.equal(codeOf(() => parseModelFile(text.replace(/"rows": \d+/, '"rows": 1')))[0], 'MODEL_CHECKSUM');
  assert.equal(codeOf(() => parseModelFile('{'))[0], 'MODEL_FILE');
  const lib = path.resolve(__dirname, '../../lib');
  const asks: string[] = [];
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const f = path.join(d, e.name);
    if (e.isDirectory()) walk(f);
    else if (f.endsWith('.ts')) fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => { if (/(Error|throw)[^\n]*npm (start|run)/.test(line)) asks.push(`${path.relative(lib, f)}:${i + 1}`); });
  });
  walk(lib);
  assert.deepEqual(asks, []);
});

test('a k-NN model file says which personal data it holds; a logistic one holds none', () => {
  const { table } = prepareStudyData({ dataDir: syntheticDir(80, 9) });
  const knn = fitModelFile(table, { spec: studyPipelineSpec({ kind: 'knn', params: { k: 3 } }) }).file;
  assert.equal(knn.personalData?.trainingRows, table.ids.length);
  assert.ok(knn.personalData?.fields.includes('pagesPerVisit') && knn.personalData.fields.includes('target'));
  assert.equal(fitModelFile(table).file.personalData, null);
  assert.equal(parseModelFile(serializeModelFile(knn)).file.personalData?.trainingRows, table.ids.length, 'sealed by the checksum');
});
