/**
 * Stage `calibrate`: whether calibrating the chosen model's probabilities helps, decided on the training part
 * only (nested out-of-fold Brier scores of raw, Platt and isotonic; a method is adopted when it lowers the
 * Brier score by the configured margin), and the deployed pipeline: the chosen model wrapped in the adopted
 * calibration (internal stratified folds, as scikit-learn's CalibratedClassifierCV), so scoring reads
 * probabilities on the scale the segment thresholds are set on.
 */
import type { Json } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import { brierScore, logLoss } from '../../metrics/probability';
import { rocAuc } from '../../metrics/roc';
import type { CalibrationComparison } from '../../models/calibrated';
import { FittedPipeline, Pipeline } from '../../preprocess/pipeline';
import { checkCalibration } from '../../segment/study';
import { decodeArtefact } from '../artefact-codec';
import { defineStage } from '../stage';
import type { ChosenModel } from './choose';
import { splitParts, type SplitArtefact } from './split';

/** The calibrate stage's artefact. */
export interface CalibrationArtefact {
  /** The nested check on the training part (out-of-fold probabilities, Brier scores, the choice). */
  readonly check: CalibrationComparison;
  /** The pipeline the model file carries: the chosen one, wrapped in the adopted calibration. */
  readonly deployed: FittedPipeline;
  /** The deployed pipeline on the test part. */
  readonly test: { readonly rocAuc: number; readonly logLoss: number; readonly brier: number; readonly proba: Float64Array };
}

/** Stage `calibrate`. */
export const calibrateStage = defineStage<{ merge: ModelTable; split: SplitArtefact; choose: ChosenModel }, CalibrationArtefact>({
  name: 'calibrate',
  description: 'nested calibration check on the training part (raw, Platt, isotonic) and the deployed, possibly calibrated, pipeline',
  deps: ['merge', 'split', 'choose'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, segmentation: { ...c.segmentation } }),
  compute: ({ merge, split, choose }, { config }) => {
    const { trainFrame, testFrame, yTrain, yTest } = splitParts(merge, split);
    const check = checkCalibration(choose.spec, trainFrame, yTrain, { ...config.segmentation, seed: config.seed });
    const deployed =
      check.choice === 'none'
        ? choose.fitted
        : new Pipeline({ ...choose.spec, model: { kind: 'calibrated', params: { method: check.choice, base: choose.spec.model as unknown as Json, cv: config.segmentation.nSplits, seed: config.seed } } }).fit(trainFrame, yTrain);
    const proba = deployed.predictProba(testFrame);
    return { check, deployed, test: { rocAuc: rocAuc(yTest, proba), logLoss: logLoss(yTest, proba), brier: brierScore(yTest, proba), proba } };
  },
  decode: (json) => {
    const a = decodeArtefact<CalibrationArtefact & { deployed: Json }>(json);
    return { ...a, deployed: FittedPipeline.load(a.deployed as never) } as never;
  },
});
