/**
 * Stage `evaluate`: every family's best on the held-out test part (reported after the choice, never used for
 * it), the chosen model's test metrics, and its decision threshold, chosen on out-of-fold predictions of the
 * training part (each customer scored by a model that did not see it) to maximise F1.
 */
import type { ModelTable } from '../../data/model-table';
import { classificationSummary, predictAt } from '../../metrics/classification';
import { brierScore, logLoss } from '../../metrics/probability';
import { rocAuc, rocCurve } from '../../metrics/roc';
import { chooseThreshold } from '../../metrics/threshold';
import { crossValPredict } from '../../selection/cross-val';
import { defineStage } from '../stage';
import type { ChosenModel } from './choose';
import type { SearchArtefact } from './search';
import { splitParts, type SplitArtefact } from './split';

/** Confusion counts with precision, recall, F1 and accuracy at one threshold. */
export type ClassificationSummary = ReturnType<typeof classificationSummary>;

/** One family's best on the test part. */
export interface FamilyTest {
  readonly family: string;
  readonly cvRocAuc: number;
  readonly testRocAuc: number;
  /** P(drop) of each test customer, in the split's test order. */
  readonly testProba: Float64Array;
  readonly roc: { fpr: Float64Array; tpr: Float64Array };
}

/** The evaluate stage's artefact. */
export interface EvaluationArtefact {
  readonly families: FamilyTest[];
  readonly chosen: {
    readonly family: string;
    readonly testRocAuc: number;
    readonly testLogLoss: number;
    readonly testBrier: number;
    readonly at05: ClassificationSummary;
    /** The F1-maximising threshold on out-of-fold predictions of the training part, and the F1 there. */
    readonly threshold: number;
    readonly outOfFoldF1: number;
    readonly atThreshold: ClassificationSummary;
  };
}

/** Stage `evaluate`. */
export const evaluateStage = defineStage<{ merge: ModelTable; split: SplitArtefact; search: SearchArtefact; choose: ChosenModel }, EvaluationArtefact>({
  name: 'evaluate',
  description: "every family's best on the test part (ROC curves), the chosen model's test metrics and its F1 threshold from out-of-fold training predictions",
  deps: ['merge', 'split', 'search', 'choose'],
  module: __filename,
  settings: () => null,
  compute: ({ merge, split, search, choose }) => {
    const { trainFrame, testFrame, yTrain, yTest } = splitParts(merge, split);
    const families: FamilyTest[] = [];
    for (const f of search.families) {
      if (f.bestFitted === null) continue;
      const testProba = f.bestFitted.predictProba(testFrame);
      const c = rocCurve(yTest, testProba);
      families.push({ family: f.family, cvRocAuc: f.table[f.bestIndex]!.meanScore, testRocAuc: rocAuc(yTest, testProba), testProba, roc: { fpr: Float64Array.from(c.fpr), tpr: Float64Array.from(c.tpr) } });
    }
    const chosenTest = families.find((f) => f.family === choose.family)!;
    const p = chosenTest.testProba;
    const oof = crossValPredict(choose.spec, trainFrame, yTrain, search.folds);
    const pick = chooseThreshold(yTrain, oof, { goal: 'max-f1' });
    return {
      families,
      chosen: {
        family: choose.family,
        testRocAuc: chosenTest.testRocAuc,
        testLogLoss: logLoss(yTest, p),
        testBrier: brierScore(yTest, p),
        at05: classificationSummary(yTest, predictAt(p, 0.5)),
        threshold: pick.threshold,
        outOfFoldF1: pick.f1,
        atThreshold: classificationSummary(yTest, predictAt(p, pick.threshold)),
      },
    };
  },
});
