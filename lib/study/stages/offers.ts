/**
 * Stage `offers`: the last mile — every customer's top reasons (exact SHAP where the model allows, a linear
 * surrogate for kernel models, with its agreement with the explain stage's KernelSHAP), the personal offer of
 * largest expected net value they may receive, the category it features, the campaign under the budget and
 * the seeded bootstrap intervals of what it is expected to keep.
 */
import type { Json } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import { offersStudy, type OffersStudy } from '../../offers/study';
import { defineStage } from '../stage';
import type { CalibrationArtefact } from './calibrate';
import type { ChosenModel } from './choose';
import type { ExplanationArtefact } from './explain';
import type { SegmentationStudy } from '../../segment/study';
import { splitParts, type SplitArtefact } from './split';

/** Stage `offers`. */
export const offersStage = defineStage<{ merge: ModelTable; split: SplitArtefact; choose: ChosenModel; explain: ExplanationArtefact; calibrate: CalibrationArtefact; segment: SegmentationStudy }, OffersStudy>({
  name: 'offers',
  description: 'reasons per customer, the personal offer and category of each, the campaign under the budget with bootstrap intervals',
  deps: ['merge', 'split', 'choose', 'explain', 'calibrate', 'segment'],
  module: __filename,
  // The whole catalogue is in the key: an edited offer recomputes this stage (and nothing before it).
  settings: (c) => JSON.parse(JSON.stringify({ seed: c.seed, offers: c.offers, catalogue: c.catalogue, horizonMonths: c.economics.horizonMonths ?? 3 })) as Json,
  compute: ({ merge, split, choose, explain, calibrate, segment }, { config }) => {
    const parts = splitParts(merge, split);
    return offersStudy({
      // Reasons explain the deployed pipeline (the model file's: calibrated as adopted), which scoring runs.
      pipeline: calibrate.deployed,
      trainFrame: parts.trainFrame,
      ids: merge.ids,
      frame: merge.features,
      profit: merge.profit,
      dropProbability: segment.input.dropProbability,
      segment: segment.segmentation.assignment,
      reference: { shap: explain.shap, frame: explain.frame, pipeline: choose.fitted },
      catalogue: config.catalogue,
      horizonMonths: config.economics.horizonMonths ?? 3,
      settings: config.offers,
      seed: config.seed,
    });
  },
});
