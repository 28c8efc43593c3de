/**
 * Stage `search`: every registered family's candidates on the same stratified folds of the training part,
 * scored by ROC-AUC, each family's best refit on the whole training part (in the worker pool, overlapping the
 * next family's CV fits), and the ml-logistic baseline on the same folds.
 */
import type { Json } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import { startProgress } from '../../io/progress';
import { hasClassifier } from '../../models/index';
import { studyPipelineSpec } from '../../preprocess/study';
import { FittedPipeline, type PipelineSpec } from '../../preprocess/pipeline';
import { searchCandidates, type CandidateResult } from '../../selection/search';
import { stratifiedKFold, type Fold } from '../../selection/split';
import { runStudySearch, studySearchSpace, type StudyFamily } from '../../selection/study-space';
import type { Distribution } from '../../selection/distributions';
import { decodeArtefact } from '../artefact-codec';
import { defineStage } from '../stage';
import { splitParts, type SplitArtefact } from './split';

/** One family's search. */
export interface FamilySearchArtefact {
  readonly family: StudyFamily;
  /** The distributions its candidates were drawn from (notebook 06 shows them). */
  readonly distributions: { [path: string]: Distribution };
  /** Every candidate, in candidate order (scikit-learn's cv_results_). */
  readonly table: CandidateResult[];
  readonly bestIndex: number;
  readonly bestSpec: PipelineSpec;
  /** The best candidate refit on the training part (null when every candidate failed). */
  readonly bestFitted: FittedPipeline | null;
  /** Wall time of its CV fits (ms) and the worker threads they ran on. */
  readonly elapsedMs: number;
  readonly workers: number;
}

/** The search stage's artefact. */
export interface SearchArtefact {
  readonly folds: Fold[];
  readonly nCandidates: number;
  readonly families: FamilySearchArtefact[];
  /** Families asked for that lib/models does not register. */
  readonly skipped: string[];
  /** The ml-logistic-regression package, as a plain npm user would call it, on the same folds. */
  readonly baseline: CandidateResult;
}

/** Stage `search`. */
export const searchStage = defineStage<{ merge: ModelTable; split: SplitArtefact }, SearchArtefact>({
  name: 'search',
  description: 'randomized search of every family (candidates × stratified folds, ROC-AUC), each best refit on the training part, the ml-logistic baseline',
  deps: ['merge', 'split'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, nCandidates: c.search.nCandidates, nSplits: c.search.nSplits, families: [...c.search.families] }),
  compute: async ({ merge, split }, { config, progress: progressOptions, log }) => {
    const { trainFrame, yTrain } = splitParts(merge, split);
    const wanted = config.search.families;
    const families = wanted.filter((f) => hasClassifier(f));
    const skipped = wanted.filter((f) => !hasClassifier(f));
    if (families.length === 0) throw new Error(`no model family of ${wanted.join(', ')} is registered in lib/models`);
    if (skipped.length > 0) log(`search: skipping ${skipped.join(', ')} (not registered in lib/models)`);
    const { nCandidates, nSplits, parallel } = config.search;
    const folds = stratifiedKFold(yTrain, { nSplits, shuffle: true, seed: config.seed });
    const spaces = studySearchSpace({ families, nCandidates, seed: config.seed });
    const total = families.length * nCandidates * nSplits;
    const progress = startProgress('search', total, progressOptions);
    let finishedFamilies = 0;
    const searches = await runStudySearch(trainFrame, yTrain, {
      spaces,
      folds,
      parallel,
      onProgress: (done, all) => {
        progress.update(finishedFamilies * nCandidates * nSplits + done);
        if (done === all) finishedFamilies++;
      },
    });
    progress.done(`${total} fits`);
    const baseline = await searchCandidates(studyPipelineSpec({ kind: 'ml-logistic', params: {} }), [{ 'prep.scaler': 'standard' }], trainFrame, yTrain, { folds, parallel: 0, refit: false });
    return {
      folds,
      nCandidates,
      families: searches.map((s) => ({
        family: s.family,
        distributions: s.distributions,
        table: s.result.table,
        bestIndex: s.result.best.index,
        bestSpec: s.result.bestSpec,
        bestFitted: s.result.bestPipeline ?? null,
        elapsedMs: s.result.elapsedMs,
        workers: s.result.workers,
      })),
      skipped: [...skipped],
      baseline: baseline.best,
    };
  },
  decode: (json) => {
    const a = decodeArtefact<SearchArtefact & { families: Array<{ bestFitted: Json }> }>(json);
    return { ...a, families: a.families.map((f) => ({ ...f, bestFitted: f.bestFitted === null ? null : FittedPipeline.load(f.bestFitted as never) })) } as never;
  },
});
