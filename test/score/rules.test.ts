import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { modelChecksum, parseModelFile, serializeModelFile, type ModelFile } from '../../lib/model-file';
import { checkScoringRules, scoringRulesOf, type ScoringRules } from '../../lib/score/rules';
import { rejectsPathFor, scoreCustomers } from '../../lib/score/scorer';
import { smallModel, syntheticDir, tempDir } from './fixtures';

const rules: ScoringRules = {
  extremeRevenueBound: 20000,
  knownCategories: [new Set(['стандарт', 'премиум']), null, new Set(['Товары для детей', 'Косметика и аксессуары'])],
};
const active = [4000, 4500, 5000];

test('unknown-category: a category the model never saw is rejected, naming the feature, the value and the known ones', () => {
  const categories = ['премиум', 'да', 'Кухонная посуда'];
  const broken = checkScoringRules(active, categories, rules);
  assert.equal(broken?.rule, 'unknown-category');
  assert.equal(broken?.reason, 'popularCategory «Кухонная посуда» was not seen in training (known: «Товары для детей», «Косметика и аксессуары»)');
});

test('unknown-category: known typos are corrected first, null means any value, and other rules come before it', () => {
  const typo = ['стандартт', 'нет', 'Косметика и аксесуары'];
  assert.equal(checkScoringRules(active, typo, rules), null, 'both typos are known values once corrected');
  assert.deepEqual(typo, ['стандарт', 'нет', 'Косметика и аксессуары'], 'corrected in place');
  assert.equal(checkScoringRules(active, ['премиум', 'что угодно', 'Товары для детей'], rules), null, 'allowMessages is not restricted');
  assert.equal(checkScoringRules([0, 4500, 5000], ['премиум', 'да', 'Кухонная посуда'], rules)?.rule, 'inactive');
  assert.equal(checkScoringRules([4000, 30000, 5000], ['премиум', 'да', 'Кухонная посуда'], rules)?.rule, 'extreme-revenue');
});

test('unknown-category end to end: customers of a category missing from the model file go to the rejects file', async () => {
  const dataDir = syntheticDir(200, 51);
  const file = smallModel(dataDir);
  const popular = file.features.find((f) => f.name === 'popularCategory')!;
  const dropped = popular.categories![0]!;
  // The same model, as if training had not seen `dropped` (a well-formed, resealed file).
  const body = JSON.parse(serializeModelFile(file)) as ModelFile;
  body.features.find((f) => f.name === 'popularCategory')!.categories = popular.categories!.slice(1);
  const { checksum: _old, ...rest } = body;
  const model = parseModelFile(JSON.stringify({ ...rest, checksum: modelChecksum(rest as ModelFile) }));
  assert.equal(scoringRulesOf(model.file).knownCategories[2]!.has(dropped), false);

  const table = prepareStudyData({ dataDir }).table;
  const ofDropped = Array.from(table.ids).filter((_, i) => table.features.columns.popularCategory![i] === dropped);
  assert.ok(ofDropped.length > 0, 'the data has customers of that category');
  const out = path.join(tempDir('unknown-category-'), 'scores.csv');
  const summary = await scoreCustomers({ model, data: dataDir, out });
  const rejects = fs.readFileSync(rejectsPathFor(out), 'utf8').trimEnd().split('\n').slice(1).filter((l) => l.split(',')[3] === 'unknown-category');
  assert.deepEqual(rejects.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b), ofDropped);
  assert.ok(rejects.every((l) => l.includes(`popularCategory «${dropped}» was not seen in training`)));
  assert.equal(summary.rejectedByRule['unknown-category'], ofDropped.length);
  assert.equal(summary.scored, table.ids.length - ofDropped.length);
});
