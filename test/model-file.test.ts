import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../lib/data/prepare';
import {
  MODEL_SCHEMA_VERSION, ModelFileError, checkColumnsMatchModel, modelChecksum, parseModelFile, readModelFile, serializeModelFile, writeModelFile,
  type ModelFile,
} from '../lib/model-file';
import { smallModel, syntheticDir, tempDir } from './score/fixtures';

const dir = syntheticDir(300, 11);
const model = smallModel(dir);
const { table } = prepareStudyData({ dataDir: dir });

function reseal(file: ModelFile): ModelFile {
  const { checksum: _old, ...body } = file;
  return { ...(body as ModelFile), checksum: modelChecksum(body as ModelFile) };
}

test('a model file round-trips: same bytes, same predictions, checksum verified', () => {
  const out = path.join(tempDir('model-'), 'model.json');
  writeModelFile(out, model);
  const text = fs.readFileSync(out, 'utf8');
  assert.equal(text, serializeModelFile(model));
  const loaded = readModelFile(out);
  assert.equal(loaded.file.schemaVersion, MODEL_SCHEMA_VERSION);
  assert.equal(loaded.file.checksum, model.checksum);
  assert.match(loaded.file.trainingData.fingerprint, /^sha256:[0-9a-f]{64}$/);
  assert.equal(loaded.file.trainingData.rows, table.ids.length);
  assert.equal(serializeModelFile(loaded.file), text, 'reading and writing again gives the same bytes');
  const again = smallModel(dir);
  assert.equal(serializeModelFile(again), text, 'the same data and spec give a byte-identical model file');
  assert.deepEqual(Array.from(loaded.pipeline.predictProba(table.features)), Array.from(loaded.pipeline.predictProba(table.features)));
  assert.ok(loaded.file.features.some((f) => f.name === 'popularCategory' && f.categories!.includes('Косметика и аксессуары')));
});

test('a model file of another schema version is refused with a clear message', () => {
  const text = serializeModelFile(reseal({ ...model, schemaVersion: MODEL_SCHEMA_VERSION + 1 }));
  assert.throws(() => parseModelFile(text), (e: Error) => e instanceof ModelFileError && /schema version 2, but this library reads version 1/.test(e.message));
});

test('a corrupted model file is refused: bad JSON, not a model file, checksum mismatch', () => {
  const text = serializeModelFile(model);
  assert.throws(() => parseModelFile(text.slice(0, text.length / 2)), (e: Error) => e instanceof ModelFileError && /not valid JSON/.test(e.message));
  assert.throws(() => parseModelFile('{"hello": 1}'), (e: Error) => e instanceof ModelFileError && /not a model file/.test(e.message));
  const tampered = JSON.parse(text) as ModelFile;
  tampered.cleaning = { extremeRevenueBound: 1e9 };
  assert.throws(() => parseModelFile(JSON.stringify(tampered)), (e: Error) => e instanceof ModelFileError && /checksum mismatch/.test(e.message));
  const missing = path.join(tempDir('model-'), 'absent.json');
  assert.throws(() => readModelFile(missing), (e: Error) => e instanceof ModelFileError && /does not exist/.test(e.message));
});

test('data that lacks a feature of the model is refused', () => {
  const columns = model.features.map((f) => f.name).filter((n) => n !== 'tenureDays');
  assert.throws(() => checkColumnsMatchModel(model, columns, 'table.csv'), (e: Error) => e instanceof ModelFileError && /table\.csv does not match the model: it lacks the feature tenureDays/.test(e.message));
  checkColumnsMatchModel(model, model.features.map((f) => f.name), 'table.csv');
});
