/** Stage `choose`: the family with the best mean CV ROC-AUC (never the test part), with its refit pipeline. */
import type { Json } from '../../core/types';
import { FittedPipeline, type PathParams, type PipelineSpec } from '../../preprocess/pipeline';
import { decodeArtefact } from '../artefact-codec';
import { defineStage } from '../stage';
import type { SearchArtefact } from './search';

/** One family's best candidate. */
export interface FamilyBest {
  readonly family: string;
  readonly params: PathParams;
  readonly cvRocAuc: number;
  readonly cvRocAucStd: number;
  readonly foldScores: number[];
}

/** The choose stage's artefact. */
export interface ChosenModel extends FamilyBest {
  readonly spec: PipelineSpec;
  /** The chosen pipeline fitted on the training part. */
  readonly fitted: FittedPipeline;
  /** Every searched family's best, in search order. */
  readonly families: FamilyBest[];
  /** Families whose best is within one fold-std of the chosen one (statistically tied on this data). */
  readonly tied: string[];
}

/** The best candidate of every family of a search, in search order. */
export function familyBests(search: SearchArtefact): FamilyBest[] {
  return search.families.map((f) => {
    const best = f.table[f.bestIndex]!;
    return { family: f.family, params: best.params, cvRocAuc: best.meanScore, cvRocAucStd: best.stdScore, foldScores: best.foldScores };
  });
}

/** Stage `choose`. */
export const chooseStage = defineStage<{ search: SearchArtefact }, ChosenModel>({
  name: 'choose',
  description: 'the family with the best mean CV ROC-AUC and its best candidate, refit on the training part',
  deps: ['search'],
  module: __filename,
  settings: () => null,
  compute: ({ search }) => {
    const bests = familyBests(search);
    let chosen = -1;
    search.families.forEach((f, i) => {
      const score = bests[i]!.cvRocAuc;
      if (f.bestFitted !== null && Number.isFinite(score) && (chosen === -1 || score > bests[chosen]!.cvRocAuc)) chosen = i;
    });
    if (chosen === -1) throw new Error('every candidate of every family failed; see the search table');
    const best = bests[chosen]!;
    const tied = bests.filter((b, i) => i !== chosen && best.cvRocAuc - b.cvRocAuc < best.cvRocAucStd).map((b) => b.family);
    return { ...best, spec: search.families[chosen]!.bestSpec, fitted: search.families[chosen]!.bestFitted!, families: bests, tied };
  },
  decode: (json) => {
    const a = decodeArtefact<ChosenModel & { fitted: Json }>(json);
    return { ...a, fitted: FittedPipeline.load(a.fitted as never) } as never;
  },
});
