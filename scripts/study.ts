#!/usr/bin/env node
/**
 * The whole study without Jupyter (see lib/study/run-study.ts): writes reports/summary.json,
 * reports/study.html and models/model.json atomically, and prints a short summary. `npm start` runs it with
 * --notebooks: after the study, the notebook reports are built (`npm run notebooks`) with the same settings:
 * the data directory, the seed and the test ids (environment variables read by lib/study/settings'
 * studySettings()), and the reports under --out DIR (`npm run notebooks -- --out DIR/reports`).
 *
 * Options: --data DIR (the four files), --seed N (default 42), --out DIR (output root; default the project),
 * --test-ids FILE (evaluate on the customers listed, one id a line), --candidates N and --folds N (a smaller
 * search), --workers N (0 = serial), --notebooks (then build the notebook reports), --quiet.
 * Exit codes: 0 done · 1 input refused (bad data: the message names file, line and column), or the
 * notebooks failed · 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runStudy } from '../lib/study/run-study';
import { notebooksCommand, readTestIds } from '../lib/study/settings';
import '../lib/models/index';
import { defaultWorkerCount } from '../lib/core/parallelism';
import { EXIT, integerOption, parseCommandLine, runCommand, stringOption } from './cli';

const USAGE = 'usage: npm start -- [--data DIR] [--seed N] [--out DIR] [--test-ids FILE] [--candidates N] [--folds N] [--workers N] [--quiet]  (npm run study -- … skips the notebooks)';

runCommand('study', async (argv) => {
  const { values } = parseCommandLine(
    argv,
    {
      data: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'test-ids': { type: 'string' },
      candidates: { type: 'string' },
      folds: { type: 'string' },
      workers: { type: 'string' },
      quiet: { type: 'boolean' },
      notebooks: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const dataDir = stringOption(values.data, 'data');
  const seed = integerOption(values.seed, 'seed');
  const outDir = stringOption(values.out, 'out');
  const testIdsFile = stringOption(values['test-ids'], 'test-ids');
  const nCandidates = integerOption(values.candidates, 'candidates', 1, 'candidates per family');
  const nSplits = integerOption(values.folds, 'folds', 2, 'cross-validation needs two folds or more');
  const parallel = integerOption(values.workers, 'workers', 0, '0 = serial');
  const quiet = values.quiet === true;
  const print = (line: string) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  };
  const result = await runStudy({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(outDir !== undefined ? { outDir } : {}),
    ...(testIdsFile !== undefined ? { testIds: readTestIds(testIdsFile), testIdsFile: path.resolve(testIdsFile) } : {}),
    search: {
      ...(nCandidates !== undefined ? { nCandidates } : {}),
      ...(nSplits !== undefined ? { nSplits } : {}),
      ...(parallel !== undefined ? { parallel } : {}),
    },
    progress: quiet ? { silent: true } : {},
    log: print,
  });
  const s = result.summary;
  print('');
  print('family     CV ROC-AUC   test ROC-AUC');
  for (const f of s.search.families) print(`${f.family.padEnd(10)} ${f.cvRocAuc.toFixed(4).padStart(10)}   ${Number.isFinite(f.testRocAuc) ? f.testRocAuc.toFixed(4) : '—'}`);
  print(`chosen: ${s.chosen.family} · top features: ${s.topFeatures.slice(0, 5).map((f) => f.feature).join(', ')}`);
  print(`segments: ${s.segments.sizes.map((x) => `${x.name} ${x.size}`).join(', ')}`);
  const read = result.stages.filter((x) => x.source === 'read').map((x) => x.stage);
  print(`stages: ${result.stages.map((x) => `${x.stage} ${x.source === 'read' ? 'read' : `${(x.ms / 1000).toFixed(1)} s`}`).join(', ')}${read.length ? ' (read: artefacts in the run folder had the same key)' : ''}`);
  print(`wrote ${result.paths.summary}, ${result.paths.html ?? '(no html)'}, ${result.paths.model}`);
  if (values.notebooks) {
    // The notebooks run with the study's settings: data directory, seed, test ids and reports folder.
    const { args, env } = notebooksCommand({
      seed: s.seed,
      jobs: defaultWorkerCount(),
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(testIdsFile !== undefined ? { testIdsFile } : {}),
      ...(outDir !== undefined ? { outDir } : {}),
      ...(nCandidates !== undefined ? { nCandidates } : {}),
      ...(nSplits !== undefined ? { nSplits } : {}),
    });
    print(`\nbuilding the notebook reports (npm ${args.join(' ')}) …`);
    const notebooks = spawnSync('npm', args, { stdio: 'inherit', env });
    if (notebooks.status !== 0) throw new Error(`the notebook reports failed (npm run notebooks exited ${notebooks.status ?? notebooks.signal})`);
  }
  return EXIT.ok;
});
