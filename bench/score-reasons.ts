/**
 * `npm run bench:score:reasons` (also the last part of `npm run bench:score`): the scoring command's time with
 * and without `--reasons` (reasons, personal offers, categories, expected values) on the same files in the
 * same run, for a logistic model file (LinearSHAP reasons) and the study's model file (models/model.json, when
 * `npm start` wrote it: the chosen SVC with its calibration, linear-surrogate reasons). Issue 10's goal: with
 * reasons ≤ 2× without, at 10^6 customers. Each run is its own child process on the built library (dist/).
 *
 * Options: --sizes 10000,1000000 (default 10^5 and 10^6).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareStudyData } from '../lib/data/prepare';
import { BENCH_OUT, BENCH_ROOT, syntheticDataFor } from './synthetic-data';
import { writeModelFile } from '../lib/model-file';
import '../lib/models/index';
import { fitModelFile } from '../lib/study/model';

const root = BENCH_ROOT;
const outDir = BENCH_OUT;

function run(model: string, data: string, out: string, reasons: boolean): { scored: number; ms: number; peakRssMb: number } {
  const dist = path.join(root, 'dist', 'lib', 'index.js');
  if (!fs.existsSync(dist)) throw new Error('dist/lib/index.js is missing: run `npm run build` first');
  const code = `
    const lib = require(${JSON.stringify(dist)});
    const t0 = process.hrtime.bigint();
    lib.scoreCustomers({ model: ${JSON.stringify(model)}, data: ${JSON.stringify(data)}, out: ${JSON.stringify(out)}, reasons: ${reasons} }).then((s) => {
      console.log(JSON.stringify({ scored: s.scored, ms: Number(process.hrtime.bigint() - t0) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
    });`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', maxBuffer: 1 << 20, cwd: root });
  if (r.status !== 0) throw new Error(`scoring failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1]! : '100000,1000000').split(',').map(Number);
fs.mkdirSync(outDir, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reasons-'));
try {
  const models: { name: string; file: string }[] = [];
  const logistic = path.join(work, 'logistic.json');
  writeModelFile(logistic, fitModelFile(prepareStudyData({ dataDir: syntheticDataFor(1300, 99).dir }).table, { sourceKind: 'synthetic', offers: true }).file);
  models.push({ name: 'logistic (LinearSHAP)', file: logistic });
  const study = path.join(root, 'models', 'model.json');
  if (fs.existsSync(study) && JSON.parse(fs.readFileSync(study, 'utf8')).offers) models.push({ name: 'study model (surrogate)', file: study });
  else console.log('models/model.json with an offers part not found (run npm start): the study model is skipped');
  console.log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  console.log('customers   model                       plain s   reasons s   ratio   peak MB (plain / reasons)');
  for (const n of sizes) {
    const data = syntheticDataFor(n, 20261206).dir;
    for (const m of models) {
      const plain = run(m.file, data, path.join(work, 'plain.csv'), false);
      const withReasons = run(m.file, data, path.join(work, 'reasons.csv'), true);
      console.log(`${String(n).padStart(9)}   ${m.name.padEnd(26)} ${(plain.ms / 1000).toFixed(2).padStart(8)}   ${(withReasons.ms / 1000).toFixed(2).padStart(9)}   ${(withReasons.ms / plain.ms).toFixed(2).padStart(5)}   ${plain.peakRssMb.toFixed(0)} / ${withReasons.peakRssMb.toFixed(0)}`);
    }
  }
  console.log(`load average at end: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
