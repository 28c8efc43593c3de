/**
 * The hyperparameters of every model kind, declared once (scikit-learn's `_parameter_constraints`): the names
 * and the values each accepts. The registry checks a spec against them when it builds a classifier, so
 * `{kind: 'forest', params: {nEstimator: 5}}` is refused instead of fitting 100 trees, and a pipeline path
 * `model.Cc` is refused instead of being ignored.
 */
import type { ParamRule, ParamSchema } from '../core/params';

const positive: ParamRule = { type: 'number', min: 0, minExclusive: true };
const seed: ParamRule = { type: 'integer' };
const classWeight: ParamRule = { type: 'class-weight' };
const maxFeatures: readonly ParamRule[] = [{ type: 'null' }, { type: 'choice', values: ['sqrt', 'log2'] }, { type: 'number', min: 0, minExclusive: true }];
const maxDepth: readonly ParamRule[] = [{ type: 'null' }, { type: 'integer', min: 1 }];

/** Parameters of each registered model kind. */
export const CLASSIFIER_PARAMS: Readonly<Record<string, ParamSchema>> = {
  logistic: {
    penalty: { type: 'choice', values: ['l2', 'l1', 'elasticnet', 'none'] },
    C: positive,
    l1Ratio: { type: 'number', min: 0, max: 1 },
    fitIntercept: { type: 'boolean' },
    classWeight,
    tol: positive,
    maxIter: { type: 'integer', min: 1 },
  },
  knn: {
    k: { type: 'integer', min: 1 },
    weights: { type: 'choice', values: ['uniform', 'distance'] },
    metric: { type: 'choice', values: ['euclidean', 'manhattan'] },
  },
  tree: {
    criterion: { type: 'choice', values: ['gini', 'entropy'] },
    maxDepth,
    minSamplesSplit: { type: 'integer', min: 2 },
    minSamplesLeaf: { type: 'integer', min: 1 },
    maxFeatures,
    classWeight,
    seed,
  },
  forest: {
    nEstimators: { type: 'integer', min: 1 },
    criterion: { type: 'choice', values: ['gini', 'entropy'] },
    maxDepth,
    minSamplesSplit: { type: 'integer', min: 2 },
    minSamplesLeaf: { type: 'integer', min: 1 },
    maxFeatures,
    bootstrap: { type: 'boolean' },
    classWeight,
    seed,
  },
  svc: {
    kernel: { type: 'choice', values: ['linear', 'rbf', 'poly'] },
    C: positive,
    gamma: [positive, { type: 'choice', values: ['scale', 'auto'] }],
    degree: { type: 'integer', min: 1 },
    coef0: { type: 'number' },
    classWeight,
    probability: { type: 'boolean' },
    tol: positive,
    seed,
    solver: { type: 'choice', values: ['smo', 'libsvm'] },
  },
  'ml-logistic': {
    numSteps: { type: 'integer', min: 1 },
    learningRate: positive,
  },
  calibrated: {
    method: { type: 'choice', values: ['sigmoid', 'isotonic'] },
    base: { type: 'estimator' },
    cv: { type: 'integer', min: 2 },
    seed,
  },
};
