/** The settings of the segmentation step, apart from its code so that settings can be passed around cheaply. */

/** Folds and calibration settings of the segmentation step (lib/study/config.ts holds the study's). */
export interface SegmentationSettings {
  /** Seed of every fold split. */
  readonly seed: number;
  /** Folds of the out-of-fold scoring and of the outer calibration check. */
  readonly nSplits: number;
  /** Inner folds of the nested calibration check. */
  readonly calibrationInnerSplits: number;
  /** The fall of the out-of-fold Brier score a calibrator must bring to be adopted. */
  readonly calibrationMinImprovement: number;
}

/** Default {@link SegmentationSettings}: seed 42, 5 folds, 5 inner folds, a Brier fall of 0.001. */
export const DEFAULT_SEGMENTATION_SETTINGS: SegmentationSettings = { seed: 42, nSplits: 5, calibrationInnerSplits: 5, calibrationMinImprovement: 0.001 };
