/**
 * Random forest benchmark: a 100-tree forest on 1000 x 17 seeded synthetic data (10 continuous, 4 ordinal,
 * 3 binary columns, a nonlinear target), fitted by this library's RandomForestClassifier, by ml-random-forest
 * 2.1.0 and by scikit-learn 1.2.1 (bench/forest_peer.py, n_jobs=1 and -1) in one run. Prints the median wall
 * time of a fit (and this process's CPU time: the machine is shared, wall times move with its load), the
 * ratios, and each model's test ROC-AUC on 500 held-out rows, so speed is not bought with quality.
 *
 *   npx tsx bench/forest.ts                     # everything (ml-random-forest with 100 trees: slow)
 *   npx tsx bench/forest.ts --ml-trees 25       # ml-random-forest with fewer trees (its time scaled to 100)
 *   npx tsx bench/forest.ts --repeats 5 --skip-peer --skip-ml
 *   npx tsx bench/forest.ts --shap-recursive    # also time the published TreeSHAP recursion (slow)
 *
 * Last: TreeSHAP on 1296 rows x 100 trees of depth 10 (the study's table size), with its additivity gap.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RandomForestClassifier as MlRandomForest } from 'ml-random-forest';
import { Random } from '../lib/core/random';
import { matrixToRows, type Labels, type Matrix } from '../lib/core/types';
import { rocAuc } from '../lib/metrics/roc';
import { RandomForestClassifier } from '../lib/models/forest';
import { treeShap, treeShapRecursive } from '../lib/explain/tree-shap';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Seeded data shaped like the study's table: continuous, ordinal and binary columns. */
function makeData(n: number, seed: number): { X: Matrix; y: Labels } {
  const rng = new Random(seed);
  const p = 17;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < 10; j++) data[o + j] = Math.round(rng.normal() * 1000) / 100;
    for (let j = 10; j < 14; j++) data[o + j] = rng.int(5);
    for (let j = 14; j < 17; j++) data[o + j] = rng.int(2);
    const x = data.subarray(o, o + p);
    const logit = 0.25 * x[0]! - 0.2 * x[1]! + 0.15 * Math.abs(x[2]!) - 0.3 + 0.3 * x[10]! - 0.6 + 0.8 * x[14]! - 0.4
      + (x[3]! > 0 && x[15]! === 1 ? 0.8 : -0.2);
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X: { nRows: n, nCols: p, data }, y };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Timing { wall: number; cpu: number; auc: number }

function timeTs(X: Matrix, y: Labels, Xt: Matrix, yt: Labels, nEstimators: number, maxFeatures: 'sqrt' | null, repeats: number): Timing {
  // One warm-up fit (JIT), then the median of `repeats` timed fits with different seeds.
  const warm = new RandomForestClassifier({ nEstimators, maxFeatures, seed: 42 }).fit(X, y);
  const auc = rocAuc(yt, warm.predictProba(Xt));
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 1; r <= repeats; r++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    new RandomForestClassifier({ nEstimators, maxFeatures, seed: 42 + r }).fit(X, y);
    walls.push((performance.now() - t0) / 1000);
    cpus.push((cpuMs() - c0) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus), auc };
}

function timeMl(X: Matrix, y: Labels, Xt: Matrix, yt: Labels, nEstimators: number): Timing {
  const rows = matrixToRows(X);
  const labels = Array.from(y);
  // Bootstrap rows like sklearn; all features for every tree (its default maxFeatures 1.0, without
  // replacement): ml-random-forest draws features per tree, so per-tree sqrt sampling would weaken it badly.
  const model = new MlRandomForest({ nEstimators, seed: 42, useSampleBagging: true, replacement: false, maxFeatures: 1.0, noOOB: true });
  const c0 = cpuMs();
  const t0 = performance.now();
  model.train(rows, labels);
  const wall = (performance.now() - t0) / 1000;
  const cpu = (cpuMs() - c0) / 1000;
  // Its predictProbability drops tree 0 (docs/toolchain): count the class-1 votes of all trees instead.
  const votes = (model as unknown as { predictionValues(x: number[][]): { to2DArray(): number[][] } }).predictionValues(matrixToRows(Xt)).to2DArray();
  const proba = votes.map((r) => r.reduce((s, v) => s + v, 0) / r.length);
  return { wall, cpu, auc: rocAuc(yt, proba) };
}

interface PeerRun { maxFeatures: string | null; nJobs: number; wallSeconds: number; cpuSeconds: number; testAuc: number }

function main(): void {
  const nEstimators = Number(arg('trees') ?? 100);
  const repeats = Number(arg('repeats') ?? 3);
  const mlTrees = Number(arg('ml-trees') ?? nEstimators);
  const skipPeer = process.argv.includes('--skip-peer');
  const skipMl = process.argv.includes('--skip-ml');
  const train = makeData(1000, 20261122);
  const test = makeData(500, 7);
  const load = os.loadavg()[0]!;
  console.log(`data: 1000 x 17 training rows (seeded synthetic), 500 test rows; ${nEstimators} trees; median of ${repeats} fits after a warm-up`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${load.toFixed(1)} at start`);

  const ts: Record<string, Timing> = {};
  for (const mf of ['sqrt', null] as const) {
    ts[String(mf)] = timeTs(train.X, train.y, test.X, test.y, nEstimators, mf, repeats);
    const t = ts[String(mf)]!;
    console.log(`  TS forest          maxFeatures=${String(mf).padEnd(4)}  wall ${t.wall.toFixed(3).padStart(7)} s  cpu ${t.cpu.toFixed(3).padStart(7)} s  test AUC ${t.auc.toFixed(4)}`);
  }

  let ml: Timing | null = null;
  if (!skipMl) {
    ml = timeMl(train.X, train.y, test.X, test.y, mlTrees);
    const scale = nEstimators / mlTrees;
    console.log(`  ml-random-forest   ${mlTrees} trees, all features  wall ${ml.wall.toFixed(3).padStart(7)} s  cpu ${ml.cpu.toFixed(3).padStart(7)} s  test AUC ${ml.auc.toFixed(4)}` +
      (scale !== 1 ? `  (x${scale} -> ${(ml.wall * scale).toFixed(2)} s for ${nEstimators} trees)` : ''));
    ml = { ...ml, wall: ml.wall * scale, cpu: ml.cpu * scale };
  }

  let peer: { runs: PeerRun[]; sklearn: string } | null = null;
  if (!skipPeer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-forest-'));
    const input = path.join(dir, 'in.json');
    const output = path.join(dir, 'out.json');
    fs.writeFileSync(input, JSON.stringify({
      nRows: train.X.nRows, nCols: train.X.nCols, X: Array.from(train.X.data), y: Array.from(train.y),
      Xtest: Array.from(test.X.data), ytest: Array.from(test.y), nEstimators, repeats, settings: [{ maxFeatures: 'sqrt' }, { maxFeatures: null }],
    }));
    execFileSync('/usr/bin/python3', [path.join(__dirname, 'forest_peer.py'), input, output], { stdio: 'inherit' });
    peer = JSON.parse(fs.readFileSync(output, 'utf8')) as { runs: PeerRun[]; sklearn: string };
    fs.rmSync(dir, { recursive: true, force: true });
    for (const r of peer.runs) {
      console.log(`  sklearn ${peer.sklearn} n_jobs=${String(r.nJobs).padEnd(2)} maxFeatures=${String(r.maxFeatures).padEnd(4)}  wall ${r.wallSeconds.toFixed(3).padStart(7)} s  cpu ${r.cpuSeconds.toFixed(3).padStart(7)} s  test AUC ${r.testAuc.toFixed(4)}`);
    }
  }

  for (const what of ['wall', 'cpu'] as const) {
    console.log(`ratios (other / TS ${what} time; > 1 means TS is faster):`);
    for (const mf of ['sqrt', null] as const) {
      const t = ts[String(mf)]!;
      const mine = what === 'wall' ? t.wall : t.cpu;
      const parts: string[] = [];
      if (peer) {
        for (const r of peer.runs.filter((q) => q.maxFeatures === mf)) {
          parts.push(`sklearn n_jobs=${r.nJobs}: ${((what === 'wall' ? r.wallSeconds : r.cpuSeconds) / mine).toFixed(2)}`);
        }
      }
      if (ml && mf === 'sqrt') parts.push(`ml-random-forest: ${((what === 'wall' ? ml.wall : ml.cpu) / mine).toFixed(1)}`);
      console.log(`  maxFeatures=${String(mf).padEnd(4)} ${parts.join('   ')}`);
    }
  }

  // TreeSHAP: 1296 rows (the study's table) x 100 trees of depth 10.
  const shapData = makeData(1296, 11);
  const shapForest = new RandomForestClassifier({ nEstimators: 100, maxDepth: 10, seed: 42 }).fit(shapData.X, shapData.y);
  const engines = process.argv.includes('--shap-recursive') ? [['leaf-wise', treeShap], ['recursive', treeShapRecursive]] as const : [['leaf-wise', treeShap]] as const;
  for (const [name, engine] of engines) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const shap = engine(shapForest, shapData.X);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    const proba = shapForest.predictProba(shapData.X);
    let gap = 0;
    for (let i = 0; i < shapData.X.nRows; i++) {
      let s = shap.expectedValue;
      for (let j = 0; j < shapData.X.nCols; j++) s += shap.values.data[i * shapData.X.nCols + j]!;
      gap = Math.max(gap, Math.abs(s - proba[i]!));
    }
    console.log(`TreeSHAP (${name}) 1296 rows x 100 trees (depth 10): wall ${wall.toFixed(3)} s  cpu ${cpu.toFixed(3)} s  largest additivity gap ${gap.toExponential(1)}`);
  }
  console.log(`load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
}

main();
