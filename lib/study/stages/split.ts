/** Stage `split`: the held-out test part (given test ids, or the seeded stratified split). */
import { takeFrameRows, takeLabels, type Frame, type Labels } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import type { Fold } from '../../selection/split';
import { studySplit } from '../settings';
import { defineStage } from '../stage';

/** The split stage's artefact: row indices of the table, and how the test part was chosen, in words. */
export interface SplitArtefact {
  readonly split: Fold;
  /** 'given test ids (FILE)' or 'stratified, test share 0.25, seed 42'. */
  readonly method: string;
  /** Share of the customers in the test part (as given, or as the given test ids make it). */
  readonly testSize: number;
}

/** The training and test parts of the table, as the model stages use them. */
export interface StudyParts {
  readonly trainFrame: Frame;
  readonly testFrame: Frame;
  readonly yTrain: Labels;
  readonly yTest: Labels;
}

/** The two parts of the table the split names. */
export function splitParts(table: ModelTable, split: SplitArtefact): StudyParts {
  return {
    trainFrame: takeFrameRows(table.features, split.split.train),
    testFrame: takeFrameRows(table.features, split.split.test),
    yTrain: takeLabels(table.target, split.split.train),
    yTest: takeLabels(table.target, split.split.test),
  };
}

/** Stage `split`. */
export const splitStage = defineStage<{ merge: ModelTable }, SplitArtefact>({
  name: 'split',
  description: 'the test part: the given test ids, or a stratified split with the seed (share 0.25)',
  deps: ['merge'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, testIds: c.testIds === null ? null : [...c.testIds], testSize: c.testSize }),
  compute: ({ merge }, { config }) => {
    const split = studySplit(merge, { seed: config.seed, testIds: config.testIds, testSize: config.testSize });
    return {
      split,
      method: config.testIds
        ? `given test ids (${config.testIdsFile ?? 'a list of ids'})`
        : `stratified, test share ${config.testSize}, seed ${config.seed}`,
      testSize: config.testIds ? split.test.length / merge.ids.length : config.testSize,
    };
  },
});
