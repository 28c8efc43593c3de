/**
 * The segmentation step of the study in one call, so notebooks 08 and 09 show the same numbers: every
 * customer's drop probability out of fold (scored by a model that did not see them), calibrated when
 * nested cross-validation says it lowers the Brier score, then segments, their profiles and
 * recommendations, and the expected-value targeting curve.
 */
import type { Frame, Labels } from '../core/types';
import { takeFrameRows, takeLabels } from '../core/types';
import type { ModelTable } from '../data/model-table';
import { compareCalibration, type CalibrationComparison, type CalibrationMethod, type FitPredict } from '../models/calibrated';
import { Pipeline, type PipelineSpec } from '../preprocess/pipeline';
import { stratifiedKFold } from '../selection/split';
import { profileSegment, type SegmentProfile } from './profile';
import { recommendForSegment, type SegmentRecommendation } from './recommend';
import { segmentCustomers, segmentMask, type SegmentInput, type Segmentation, type SegmentThresholds, type ThresholdQuantiles } from './rules';
import { DEFAULT_SEGMENTATION_SETTINGS, type SegmentationSettings } from './settings';
import { expectedValueCurve, type ExpectedValueCurve, type OfferEconomics } from './targeting';

export { DEFAULT_SEGMENTATION_SETTINGS, type SegmentationSettings } from './settings';

/** A fit-and-predict callback for a pipeline spec on a frame (for {@link compareCalibration}). */
export function pipelineFitPredict(spec: PipelineSpec, frame: Frame, y: Labels): FitPredict {
  return (train, test) => new Pipeline(spec).fit(takeFrameRows(frame, train), takeLabels(y, train)).predictProba(takeFrameRows(frame, test));
}

/**
 * Whether calibrating the pipeline's probabilities helps, judged on out-of-fold predictions of `frame`
 * (nested: each calibrator is fitted on inner folds of each outer training fold), with the study's folds,
 * seed and adoption margin (the study's calibrate stage runs it on the training part).
 * @example checkCalibration(spec, trainFrame, yTrain, { ...DEFAULT_SEGMENTATION_SETTINGS, seed: 7 }).choice
 */
export function checkCalibration(spec: PipelineSpec, frame: Frame, y: Labels, settings: SegmentationSettings = DEFAULT_SEGMENTATION_SETTINGS): CalibrationComparison {
  const folds = stratifiedKFold(y, { nSplits: settings.nSplits, shuffle: true, seed: settings.seed });
  return compareCalibration(pipelineFitPredict(spec, frame, y), y, {
    folds,
    seed: settings.seed,
    innerSplits: settings.calibrationInnerSplits,
    minImprovement: settings.calibrationMinImprovement,
  });
}

/** Options of {@link segmentationStudy}. */
export interface SegmentationStudyOptions {
  /** Seed of the folds (default 42). */
  seed?: number;
  /** Folds of the out-of-fold scoring (default 5). */
  nSplits?: number;
  /** The calibration check's other settings (default {@link DEFAULT_SEGMENTATION_SETTINGS}). */
  settings?: Partial<SegmentationSettings>;
  /** 'auto' (default): calibrate with the method that lowers the out-of-fold Brier score, if any. */
  calibration?: 'auto' | 'none' | CalibrationMethod;
  /** The offer's economics for the expected-value curve (the study's: DEFAULT_OFFER_ECONOMICS in lib/study/config.ts). */
  economics: OfferEconomics;
  /** Threshold overrides and quantile levels of the default segment rules. */
  thresholds?: Partial<SegmentThresholds>;
  quantiles?: Partial<ThresholdQuantiles>;
}

/** Everything the segmentation step produces. */
export interface SegmentationStudy {
  /** Raw and calibrated out-of-fold probabilities with their Brier scores, and the method 'auto' picked. */
  calibration: CalibrationComparison;
  /** The calibration applied to `input.dropProbability`. */
  applied: CalibrationMethod | 'none';
  /** The customers with their (out-of-fold, possibly calibrated) drop probability. */
  input: SegmentInput;
  segmentation: Segmentation;
  profiles: SegmentProfile[];
  recommendations: SegmentRecommendation[];
  expectedValue: ExpectedValueCurve;
}

/**
 * Runs the segmentation step on all customers of the table with the chosen pipeline.
 * @example segmentationStudy(table, chosenSpec, { economics: { offerCost: 0.5, retentionShare: 0.3, horizonMonths: 3 } })
 */
export function segmentationStudy(table: ModelTable, spec: PipelineSpec, options: SegmentationStudyOptions): SegmentationStudy {
  const calibration = checkCalibration(spec, table.features, table.target, {
    ...DEFAULT_SEGMENTATION_SETTINGS,
    ...options.settings,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.nSplits !== undefined ? { nSplits: options.nSplits } : {}),
  });
  const wanted = options.calibration ?? 'auto';
  const applied: CalibrationMethod | 'none' = wanted === 'auto' ? calibration.choice : wanted;
  const dropProbability = applied === 'none' ? calibration.oof.raw : calibration.oof[applied];
  const input: SegmentInput = { ids: table.ids, dropProbability, profit: table.profit, features: table.features };
  const segmentation = segmentCustomers(input, {
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.quantiles ? { quantiles: options.quantiles } : {}),
  });
  const profiles = segmentation.summaries
    .filter((s) => s.size > 0 && s.size < table.ids.length)
    .map((s) => profileSegment(input, segmentMask(segmentation, s.name), { name: s.name }));
  const expectedValue = expectedValueCurve(dropProbability, table.profit, options.economics);
  const threshold = expectedValue.best.threshold;
  const recommendations = profiles.map((p) => {
    let targeted = 0;
    segmentation.assignment.forEach((name, i) => { if (name === p.name && dropProbability[i]! >= threshold) targeted++; });
    return recommendForSegment(p, { targeting: { threshold, targeted } });
  });
  return { calibration, applied, input, segmentation, profiles, recommendations, expectedValue };
}
