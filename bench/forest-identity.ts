/**
 * Identity check for speed work on the CART core: fits forests and trees on the study's real data (through
 * the study pipeline) and on seeded synthetic data over a spread of settings (maxFeatures, depths, class
 * weights, min samples, bootstrap), and prints the SHA-256 of each fitted model's JSON. A change that is
 * meant to be speed only must leave every line unchanged:
 *
 *   npx tsx bench/forest-identity.ts > /tmp/before.txt   # on the old code
 *   npx tsx bench/forest-identity.ts | diff /tmp/before.txt -
 */
import { createHash } from 'node:crypto';
import { Random } from '../lib/core/random';
import { takeFrameRows, takeLabels, type Labels, type Matrix } from '../lib/core/types';
import { RandomForestClassifier, type RandomForestParams } from '../lib/models/forest';
import { DecisionTreeClassifier } from '../lib/models/tree';
import { Pipeline } from '../lib/preprocess/pipeline';
import { studyPipelineSpec } from '../lib/preprocess/study';
import { trainTestSplit } from '../lib/selection/split';
import { loadBenchData } from './study-data';

const sha = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Continuous, rounded (ties), ordinal, binary and a 40-distinct column: every split path of cart.ts. */
function synthetic(n: number, seed: number): { X: Matrix; y: Labels } {
  const rng = new Random(seed);
  const p = 12;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < 4; j++) data[o + j] = rng.normal();
    for (let j = 4; j < 6; j++) data[o + j] = Math.round(rng.normal() * 10) / 10;
    data[o + 6] = rng.int(5);
    data[o + 7] = rng.int(3);
    data[o + 8] = rng.int(2);
    data[o + 9] = rng.int(2);
    data[o + 10] = rng.int(40);
    data[o + 11] = rng.int(100);
    const logit = data[o]! - 0.5 * data[o + 4]! + 0.4 * data[o + 6]! - 1 + (data[o + 8]! === 1 ? 0.7 : -0.3) + 0.02 * data[o + 10]!;
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X: { nRows: n, nCols: p, data }, y };
}

async function main(): Promise<void> {
  const data = await loadBenchData();
  const split = trainTestSplit(data.y, { testSize: 0.25, seed: 42 });
  const frame = takeFrameRows(data.frame, split.train);
  const y = takeLabels(data.y, split.train);
  const real: Partial<RandomForestParams>[] = [
    { nEstimators: 30, maxFeatures: 'sqrt', maxDepth: null, minSamplesLeaf: 1 },
    { nEstimators: 20, maxFeatures: null, maxDepth: 8, minSamplesLeaf: 3 },
    { nEstimators: 20, maxFeatures: null, maxDepth: null, minSamplesLeaf: 1, classWeight: 'balanced' },
    { nEstimators: 20, maxFeatures: 'sqrt', maxDepth: 12, minSamplesLeaf: 5, criterion: 'entropy' },
  ];
  for (const params of real) {
    const fitted = new Pipeline(studyPipelineSpec({ kind: 'forest', params: { ...params, seed: 42 } })).fit(frame, y);
    console.log(`real forest ${JSON.stringify(params)} ${sha(fitted.toJSON())}`);
  }
  const tree = new Pipeline(studyPipelineSpec({ kind: 'tree', params: { seed: 42, maxDepth: null } })).fit(frame, y);
  console.log(`real tree ${sha(tree.toJSON())}`);

  for (const n of [300, 1500]) {
    const { X, y: ys } = synthetic(n, n);
    const settings: Partial<RandomForestParams>[] = [];
    for (const maxFeatures of ['sqrt', null, 'log2', 0.5, 3] as const) {
      for (const classWeight of [null, 'balanced', { '0': 1, '1': 2.7 }] as const) {
        settings.push({ nEstimators: 8, maxFeatures, classWeight, maxDepth: null, minSamplesLeaf: 1 });
        settings.push({ nEstimators: 8, maxFeatures, classWeight, maxDepth: 6, minSamplesLeaf: 4, minSamplesSplit: 10, criterion: 'entropy' });
      }
    }
    settings.push({ nEstimators: 8, maxFeatures: null, bootstrap: false, maxDepth: 10 });
    settings.push({ nEstimators: 8, maxFeatures: 'sqrt', bootstrap: false, classWeight: 'balanced', criterion: 'entropy' });
    for (const params of settings) {
      const fitted = new RandomForestClassifier({ ...params, seed: 7 }).fit(X, ys);
      console.log(`synthetic n=${n} ${JSON.stringify(params)} ${sha(fitted.toJSON())}`);
    }
    for (const maxFeatures of [null, 'sqrt'] as const) {
      const fitted = new DecisionTreeClassifier({ maxFeatures, seed: 3, classWeight: 'balanced' }).fit(X, ys);
      console.log(`synthetic tree n=${n} ${String(maxFeatures)} ${sha(fitted.toJSON())}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
