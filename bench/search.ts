/**
 * Search benchmark: the study's full search (5 families x 50 candidates x 5 folds = 1250 fits, ROC-AUC,
 * refit of each family's best) in this library's worker pool, and the same candidates on the same folds in
 * scikit-learn (bench/search_peer.py, GridSearchCV n_jobs=-1), in one run. Prints both wall times, the
 * ratio, and each family's best CV ROC-AUC on both sides.
 *
 *   npm run bench:search                    # everything
 *   npm run bench:search -- --workers 1     # TS pool size (0 = serial)
 *   npm run bench:search -- --families knn,tree --candidates 10 --skip-peer --keep-input
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { takeFrameRows, takeLabels } from '../lib/core/types';
import { FEATURE_KINDS, SERVICE_TYPE_ORDER } from '../lib/data/model-table';
import { hasClassifier } from '../lib/models/index';
import { trainTestSplit, stratifiedKFold } from '../lib/selection/split';
import { runStudySearch, studySearchSpace, STUDY_FAMILIES, type StudyFamily } from '../lib/selection/study-space';
import { defaultWorkerCount } from '../lib/selection/pool';
import { loadBenchData } from './study-data';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface PeerFamily { seconds: number; meanScores: (number | null)[]; bestIndex: number; bestScore: number }

async function main(): Promise<void> {
  const workers = arg('workers') !== undefined ? Number(arg('workers')) : defaultWorkerCount();
  const nCandidates = Number(arg('candidates') ?? 50);
  const wanted = (arg('families')?.split(',') ?? [...STUDY_FAMILIES]) as StudyFamily[];
  const skipPeer = process.argv.includes('--skip-peer');

  const data = await loadBenchData();
  const split = trainTestSplit(data.y, { testSize: 0.25, seed: 42 });
  const frame = takeFrameRows(data.frame, split.train);
  const y = takeLabels(data.y, split.train);
  const folds = stratifiedKFold(y, { nSplits: 5, shuffle: true, seed: 42 });
  const spaces = studySearchSpace({ nCandidates, seed: 42, families: wanted });
  console.log(`data: ${data.source}; ${data.frame.nRows} rows, search on the training part: ${frame.nRows} rows, 5 folds`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}`);

  const available = spaces.filter((s) => hasClassifier(s.family));
  const missing = spaces.filter((s) => !hasClassifier(s.family)).map((s) => s.family);
  if (missing.length) console.log(`not registered in lib/models (skipped on the TS side): ${missing.join(', ')}`);

  // ---- TypeScript side ------------------------------------------------------------------------
  const tsFamilies: Record<string, { seconds: number; best: number; bestIndex: number; meanScores: number[]; bestParams: unknown; errors: number }> = {};
  let tsSeconds = NaN;
  if (available.length) {
    console.log(`TS: ${available.length} families x ${nCandidates} candidates x 5 folds, ${workers} worker thread(s)`);
    const t0 = performance.now();
    const results = await runStudySearch(frame, y, {
      spaces: available,
      folds,
      parallel: workers,
    });
    tsSeconds = (performance.now() - t0) / 1000;
    for (const r of results) {
      const seconds = r.result.elapsedMs / 1000;
      tsFamilies[r.family] = {
        seconds,
        best: r.result.best.meanScore,
        bestIndex: r.result.best.index,
        meanScores: r.result.table.map((c) => c.meanScore),
        bestParams: r.result.best.params,
        errors: r.result.table.filter((c) => c.error).length,
      };
      const firstError = r.result.table.find((c) => c.error)?.error;
      console.log(`  TS      ${r.family.padEnd(9)} ${seconds.toFixed(2).padStart(7)} s  best CV ROC-AUC ${r.result.best.meanScore.toFixed(4)}${firstError ? `  (${tsFamilies[r.family]!.errors} failed candidates: ${firstError})` : ''}`);
    }
    console.log(`  TS total (pool start, CV fits, refits): ${tsSeconds.toFixed(2)} s`);
  }

  // ---- scikit-learn side ----------------------------------------------------------------------
  let peer: { totalSeconds: number; families: Record<string, PeerFamily>; sklearn: string } | null = null;
  if (!skipPeer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-search-'));
    const input = path.join(dir, 'input.json');
    const output = path.join(dir, 'output.json');
    const kinds: Record<string, string> = {};
    const columns: Record<string, unknown> = {};
    for (const [name, col] of Object.entries(frame.columns)) {
      kinds[name] = FEATURE_KINDS[name as keyof typeof FEATURE_KINDS] ?? 'numeric';
      columns[name] = Array.from(col as ArrayLike<number | string>);
    }
    fs.writeFileSync(input, JSON.stringify({
      columns, kinds, y: Array.from(y), foldTests: folds.map((f) => Array.from(f.test)),
      ordinalOrder: { serviceType: [...SERVICE_TYPE_ORDER] }, nJobs: -1,
      families: spaces.map((s) => ({ family: s.family, fixed: s.base.model.params, candidates: s.candidates })),
    }));
    console.log(`scikit-learn: ${spaces.length} families x ${nCandidates} candidates x 5 folds, GridSearchCV n_jobs=-1`);
    const t0 = performance.now();
    execFileSync('/usr/bin/python3', [path.join(__dirname, 'search_peer.py'), input, output], { stdio: 'inherit' });
    const wall = (performance.now() - t0) / 1000;
    peer = JSON.parse(fs.readFileSync(output, 'utf8'));
    console.log(`  sklearn total (searches incl. refits): ${peer!.totalSeconds.toFixed(2)} s (process wall incl. imports: ${wall.toFixed(2)} s)`);
    if (process.argv.includes('--keep-input')) console.log(`peer input kept: ${input}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }

  // ---- comparison -----------------------------------------------------------------------------
  console.log('\nfamily     TS s    sklearn s  ratio   TS best AUC  sklearn best AUC  diff     median |candidate diff|  max |candidate diff|');
  let tsSum = 0;
  let skSum = 0;
  for (const s of spaces) {
    const ts = tsFamilies[s.family];
    const sk = peer?.families[s.family];
    if (ts && sk) { tsSum += ts.seconds; skSum += sk.seconds; }
    let medianDiff = NaN, maxDiff = NaN;
    if (ts && sk) {
      // Per candidate (same params, same folds on both sides): the median and the largest |TS - sklearn|.
      const diffs = ts.meanScores.map((v, i) => Math.abs(v - (sk.meanScores[i] ?? NaN))).filter(Number.isFinite).sort((a, b) => a - b);
      medianDiff = diffs[Math.floor(diffs.length / 2)] ?? NaN;
      maxDiff = diffs[diffs.length - 1] ?? NaN;
    }
    const f = (v: number | undefined, d: number) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(d));
    console.log(
      `${s.family.padEnd(9)} ${f(ts?.seconds, 2).padStart(6)} ${f(sk?.seconds, 2).padStart(10)} ${f(ts && sk ? ts.seconds / sk.seconds : NaN, 3).padStart(7)}   ` +
        `${f(ts?.best, 4).padStart(9)}   ${f(sk?.bestScore, 4).padStart(14)}   ${f(ts && sk ? ts.best - sk.bestScore : NaN, 4).padStart(7)}  ${f(medianDiff, 4).padStart(8)}  ${maxDiff.toExponential(1).padStart(20)}`,
    );
  }
  if (peer && Object.keys(tsFamilies).length) {
    console.log(`\nfamilies on both sides: TS ${tsSum.toFixed(2)} s vs sklearn ${skSum.toFixed(2)} s, ratio TS/sklearn ${(tsSum / skSum).toFixed(3)}`);
    if (Object.keys(tsFamilies).length === spaces.length) {
      console.log(`whole run: TS ${tsSeconds.toFixed(2)} s vs sklearn ${peer.totalSeconds.toFixed(2)} s, ratio ${(tsSeconds / peer.totalSeconds).toFixed(3)}`);
    }
  }
  for (const [family, ts] of Object.entries(tsFamilies)) console.log(`TS best ${family}: ${JSON.stringify(ts.bestParams)}`);
  const outDir = path.join(__dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'search.json'), JSON.stringify({ date: new Date().toISOString(), workers, nCandidates, source: data.source, tsSeconds, tsFamilies, peer }, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
