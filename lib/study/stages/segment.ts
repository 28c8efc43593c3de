/**
 * Stage `segment`: every customer's drop probability out of fold (scored by a model that did not see them),
 * with the calibration the calibrate stage adopted applied inside the folds; the segments by the default rules
 * (thresholds from quantiles of the data), their profiles and recommendations, and the expected-value curve of
 * the assumed offer economics.
 */
import type { ModelTable } from '../../data/model-table';
import { segmentationStudy, type SegmentationStudy } from '../../segment/study';
import { decodeArtefact, encodeArtefact } from '../artefact-codec';
import { defineStage } from '../stage';
import type { CalibrationArtefact } from './calibrate';
import type { ChosenModel } from './choose';

/** Stage `segment`. */
export const segmentStage = defineStage<{ merge: ModelTable; choose: ChosenModel; calibrate: CalibrationArtefact }, SegmentationStudy>({
  name: 'segment',
  description: 'out-of-fold probabilities of all customers (calibrated as adopted), segments, profiles, recommendations, expected-value curve',
  deps: ['merge', 'choose', 'calibrate'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, segmentation: { ...c.segmentation }, economics: { ...c.economics } }),
  compute: ({ merge, choose, calibrate }, { config }) =>
    segmentationStudy(merge, choose.spec, { economics: config.economics, settings: { ...config.segmentation, seed: config.seed }, calibration: calibrate.check.choice }),
  // The customers' features are the modelling table's: not saved twice, reattached from the merge stage.
  encode: (study) => encodeArtefact({ ...study, input: { ...study.input, features: null } }),
  decode: async (json, read) => {
    const study = decodeArtefact<SegmentationStudy>(json);
    const table = (await read('merge')) as ModelTable;
    return { ...study, input: { ...study.input, features: table.features } };
  },
});
