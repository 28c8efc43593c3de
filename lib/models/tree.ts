/**
 * A decision tree classifier with scikit-learn's hyperparameters and growth rule (its `DecisionTreeClassifier`
 * for binary targets), on the shared CART core (lib/models/cart.ts). Probabilities are the leaf's weighted
 * class-1 fraction, like sklearn's `predict_proba`; importances are the mean decrease in impurity.
 */
import type { Classifier, FittedClassifier, FittedJson, Json, Labels, Matrix } from '../core/types';
import { Random } from '../core/random';
import {
  CartWorkspace, accumulateTreeProba, applyTree, growTree, rankFeatures, resolveMaxFeatures, resolveMinSamples,
  treeFromJson, treeImportances, treeToJson, type Criterion, type TreeNodes,
} from './cart';
import { checkClassWeight, checkFitInput, checkKind, checkPredictInput, classWeights, thresholdProba, type ClassWeight } from './linalg';

export type { TreeNodes } from './cart';

/** Hyperparameters of {@link DecisionTreeClassifier} (scikit-learn's names in camelCase, same defaults). */
export type DecisionTreeParams = {
  /** Split quality: 'gini' (default) or 'entropy'. */
  criterion: Criterion;
  /** Deepest level (root = 0); null = grow until pure or limited by the sample counts. Default null. */
  maxDepth: number | null;
  /** A node with fewer rows is a leaf (a whole count >= 2, or a fraction of the rows). Default 2. */
  minSamplesSplit: number;
  /** Each child keeps at least this many rows (a count >= 1, or a fraction of the rows). Default 1. */
  minSamplesLeaf: number;
  /** Features drawn per split: null = all (default), 'sqrt', 'log2', a count, or a fraction. */
  maxFeatures: null | 'sqrt' | 'log2' | number;
  /** null (default), 'balanced' (n / (2 n_c)) or explicit {"0": w0, "1": w1}. */
  classWeight: ClassWeight;
  /** Seed of the feature draws (they decide ties between equally good splits, and the features when maxFeatures < p). Default 0. */
  seed: number;
};

const DEFAULTS: DecisionTreeParams = {
  criterion: 'gini', maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null, classWeight: null, seed: 0,
};

const KIND = 'tree';

/** Checks the hyperparameters that do not depend on the data. */
export function validateTreeParams(p: Readonly<DecisionTreeParams>, who: string): void {
  if (p.criterion !== 'gini' && p.criterion !== 'entropy') throw new Error(`${who}: criterion must be 'gini' or 'entropy', got ${JSON.stringify(p.criterion)}`);
  if (p.maxDepth !== null && !(Number.isInteger(p.maxDepth) && p.maxDepth >= 1)) {
    throw new Error(`${who}: maxDepth must be null or a whole number >= 1, got ${JSON.stringify(p.maxDepth)}`);
  }
  resolveMinSamples(p.minSamplesSplit, 1000, 2, 'minSamplesSplit', who);
  resolveMinSamples(p.minSamplesLeaf, 1000, 1, 'minSamplesLeaf', who);
  resolveMaxFeatures(p.maxFeatures, 1000, who);
  checkClassWeight(p.classWeight, who);
  if (!Number.isInteger(p.seed)) throw new Error(`${who}: seed must be a whole number, got ${JSON.stringify(p.seed)}`);
}

/**
 * CART decision tree for a binary target (scikit-learn's DecisionTreeClassifier; see lib/models/cart.ts for
 * what matches it exactly).
 * @example new DecisionTreeClassifier({maxDepth: 4, minSamplesLeaf: 5}).fit(X, y).predictProba(Xtest)
 */
export class DecisionTreeClassifier implements Classifier<DecisionTreeParams> {
  /** Registry kind. */
  readonly kind = KIND;
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<DecisionTreeParams>;

  constructor(params: Partial<DecisionTreeParams> = {}) {
    this.params = Object.freeze({ ...DEFAULTS, ...params });
    validateTreeParams(this.params, 'DecisionTreeClassifier');
  }

  /** An unfitted copy with some hyperparameters replaced. */
  withParams(changes: Partial<DecisionTreeParams>): DecisionTreeClassifier {
    return new DecisionTreeClassifier({ ...this.params, ...changes });
  }

  /** Grows the tree; throws when y has a single class or X has non-finite values. */
  fit(X: Matrix, y: Labels): FittedDecisionTree {
    const who = 'DecisionTreeClassifier.fit';
    checkFitInput(X, y, who);
    const p = this.params;
    const [w0, w1] = classWeights(y, p.classWeight);
    const weights = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) weights[i] = y[i] === 1 ? w1 : w0;
    const ws = new CartWorkspace(rankFeatures(X));
    const tree = growTree(ws, y, weights, {
      criterion: p.criterion,
      maxDepth: p.maxDepth ?? Infinity,
      minSamplesSplit: resolveMinSamples(p.minSamplesSplit, X.nRows, 2, 'minSamplesSplit', who),
      minSamplesLeaf: resolveMinSamples(p.minSamplesLeaf, X.nRows, 1, 'minSamplesLeaf', who),
      maxFeatures: resolveMaxFeatures(p.maxFeatures, X.nCols, who),
    }, new Random(p.seed));
    return new FittedDecisionTree(p, tree);
  }

  /** Restores a fitted tree from its `toJSON()` output. */
  static load(json: FittedJson): FittedDecisionTree {
    const who = 'DecisionTreeClassifier.load';
    checkKind(json.kind, KIND, who);
    const params = new DecisionTreeClassifier(json.params as Partial<DecisionTreeParams>).params;
    const state = json.state as Record<string, Json> | null;
    return new FittedDecisionTree(params, treeFromJson(state?.['tree'], who));
  }
}

/** A fitted decision tree: its nodes (typed arrays, readable by TreeSHAP) and predictions. */
export class FittedDecisionTree implements FittedClassifier<DecisionTreeParams> {
  /** Registry kind. */
  readonly kind = KIND;
  private importances: Float64Array | null = null;

  constructor(
    /** Hyperparameters it was fitted with. */
    readonly params: Readonly<DecisionTreeParams>,
    /** The tree's nodes. */
    readonly tree: TreeNodes,
  ) {}

  /** Number of features it was fitted on. */
  get nFeatures(): number {
    return this.tree.nFeatures;
  }

  /** P(y = 1) for each row: the weighted class-1 fraction of the row's leaf. */
  predictProba(X: Matrix): Float64Array {
    checkPredictInput(X, this.tree.nFeatures, 'DecisionTreeClassifier.predictProba');
    const out = new Float64Array(X.nRows);
    accumulateTreeProba(this.tree, X, out, 1);
    return out;
  }

  /** 1 where P(y = 1) >= threshold. */
  predict(X: Matrix, threshold = 0.5): Labels {
    return thresholdProba(this.predictProba(X), threshold);
  }

  /** Index of the leaf each row falls in (sklearn's `apply`). */
  apply(X: Matrix): Int32Array {
    checkPredictInput(X, this.tree.nFeatures, 'DecisionTreeClassifier.apply');
    return applyTree(this.tree, X);
  }

  /** Mean decrease in impurity per feature, normalised to sum 1 (sklearn's `feature_importances_`). */
  get featureImportances(): Float64Array {
    this.importances ??= treeImportances(this.tree);
    return this.importances.slice();
  }

  /** Number of leaves. */
  get nLeaves(): number {
    let c = 0;
    for (let k = 0; k < this.tree.nodeCount; k++) if (this.tree.feature[k]! < 0) c++;
    return c;
  }

  /** Depth of the deepest leaf. */
  get depth(): number {
    return this.tree.maxDepth;
  }

  /** Kind, params and state {tree}. */
  toJSON(): FittedJson<DecisionTreeParams> {
    return { kind: KIND, params: { ...this.params }, state: { tree: treeToJson(this.tree) } };
  }
}
