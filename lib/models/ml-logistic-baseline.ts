/**
 * The `ml-logistic-regression` npm package (mljs, v2.0.0) as a baseline in the model comparison: a thin
 * wrapper, kept to show what the ready-made JavaScript package gives next to the project's own
 * {@link LogisticRegression}.
 *
 * What the package is (read from node_modules/ml-logistic-regression/lib/logreg.js): one-vs-all, each class
 * fitted by fixed-step batch gradient ascent, w += learningRate * X'(y - sigmoid(Xw)), for exactly numSteps
 * steps. It has no intercept (add a constant column yourself if wanted), no penalty, no class weights, no
 * convergence test and no probabilities: `predict` returns class indices only.
 *
 * Score for AUC: the package's binary model number 0 is trained on the target "class != 0", i.e. y = 1, and
 * its `testScores(X)` is sigmoid(X w0); that is reachable on the fitted object, so predictProba returns it
 * (an uncalibrated P(y = 1)-like score). The package's `predict` (argmin over its two one-vs-all scores)
 * usually agrees with thresholding this score at 0.5 but not always, because the two models are fitted
 * separately.
 *
 * Speed: ml-matrix products per step; 1000 steps on 1000 x 17 take ~1-2 s, so the default here is 1000
 * steps instead of the package's 50000 (~100 s).
 */
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../core/types';
import { checkFitInput, checkKind, checkPredictInput, readNumber, readNumberArray, thresholdProba } from './linalg';

/** Hyperparameters of {@link MlLogisticBaseline}: the package's own options. */
export type MlLogisticBaselineParams = {
  /** Gradient steps (the package's numSteps; its default 50000 is impractically slow). Default 1000. */
  numSteps: number;
  /** Step size (the package's learningRate). Default 5e-4. */
  learningRate: number;
};

const DEFAULTS: MlLogisticBaselineParams = { numSteps: 1000, learningRate: 5e-4 };
const KIND = 'ml-logistic';

/** The parts of ml-matrix and ml-logistic-regression used here (the packages ship no types we rely on). */
interface MlMatrix { to2DArray(): number[][] }
interface MlMatrixStatic {
  new (rows: number[][]): MlMatrix;
  columnVector(values: number[]): MlMatrix;
}
interface MlTwoClass { weights: MlMatrix; testScores(X: MlMatrix): number[] }
interface MlLogisticModel {
  classifiers: MlTwoClass[];
  train(X: MlMatrix, y: MlMatrix): void;
  predict(X: MlMatrix): number[];
}
interface MlLogisticStatic {
  new (options: { numSteps: number; learningRate: number }): MlLogisticModel;
  load(json: unknown): MlLogisticModel;
}

function packages(): { LR: MlLogisticStatic; MatrixClass: MlMatrixStatic } {
  const LR = require('ml-logistic-regression') as MlLogisticStatic;
  const mm = require('ml-matrix') as { Matrix: MlMatrixStatic };
  return { LR, MatrixClass: mm.Matrix };
}

function toMl(X: Matrix, MatrixClass: MlMatrixStatic): MlMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < X.nRows; i++) rows.push(Array.from(X.data.subarray(i * X.nCols, (i + 1) * X.nCols)));
  return new MatrixClass(rows);
}

/**
 * ml-logistic-regression as a classifier of the project (baseline only; see the file comment).
 * @example new MlLogisticBaseline({numSteps: 2000}).fit(X, y).predictProba(Xtest)
 */
export class MlLogisticBaseline implements Classifier<MlLogisticBaselineParams> {
  /** Registry kind. */
  readonly kind = KIND;
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<MlLogisticBaselineParams>;

  constructor(params: Partial<MlLogisticBaselineParams> = {}) {
    this.params = Object.freeze({ ...DEFAULTS, ...params });
    if (!(Number.isInteger(this.params.numSteps) && this.params.numSteps >= 1)) {
      throw new Error(`MlLogisticBaseline: numSteps must be a positive integer, got ${this.params.numSteps}`);
    }
    if (!(this.params.learningRate > 0)) throw new Error(`MlLogisticBaseline: learningRate must be positive, got ${this.params.learningRate}`);
  }

  /** An unfitted copy with some hyperparameters replaced. */
  withParams(changes: Partial<MlLogisticBaselineParams>): MlLogisticBaseline {
    return new MlLogisticBaseline({ ...this.params, ...changes });
  }

  /** Trains the package's model (numSteps gradient steps for each of its two one-vs-all models). */
  fit(X: Matrix, y: Labels): FittedMlLogisticBaseline {
    checkFitInput(X, y, 'MlLogisticBaseline.fit');
    const { LR, MatrixClass } = packages();
    const model = new LR({ numSteps: this.params.numSteps, learningRate: this.params.learningRate });
    model.train(toMl(X, MatrixClass), MatrixClass.columnVector(Array.from(y)));
    const weights = model.classifiers.map((c) => Float64Array.from(c.weights.to2DArray()[0]!));
    return new FittedMlLogisticBaseline(this.params, X.nCols, weights[0]!, weights[1]!);
  }

  /** Restores a fitted model from its `toJSON()` output (rebuilds the package's model from the weights). */
  static load(json: FittedJson): FittedMlLogisticBaseline {
    const who = 'MlLogisticBaseline.load';
    checkKind(json.kind, KIND, who);
    const params = new MlLogisticBaseline(json.params as Partial<MlLogisticBaselineParams>).params;
    return new FittedMlLogisticBaseline(params, readNumber(json.state, 'nFeatures', who),
      readNumberArray(json.state, 'weightsClass1', who), readNumberArray(json.state, 'weightsClass0', who));
  }
}

/** The fitted package model: the weights of its two one-vs-all models (no intercept). */
export class FittedMlLogisticBaseline implements FittedClassifier<MlLogisticBaselineParams> {
  /** Registry kind. */
  readonly kind = KIND;
  private readonly model: MlLogisticModel;

  constructor(
    /** Hyperparameters. */
    readonly params: Readonly<MlLogisticBaselineParams>,
    /** Number of features. */
    readonly nFeatures: number,
    /** Weights of the package's model 0, trained on the target y = 1 (its score is sigmoid(X w)). */
    readonly weightsClass1: Float64Array,
    /** Weights of the package's model 1, trained on the target y = 0. */
    readonly weightsClass0: Float64Array,
  ) {
    const { LR } = packages();
    this.model = LR.load({
      name: 'LogisticRegression', numSteps: params.numSteps, learningRate: params.learningRate, numberClasses: 2,
      classifiers: [{ weights: [Array.from(weightsClass1)] }, { weights: [Array.from(weightsClass0)] }],
    });
  }

  /** The package's score sigmoid(X w) of its y = 1 model (uncalibrated; ranks for AUC). */
  predictProba(X: Matrix): Float64Array {
    checkPredictInput(X, this.nFeatures, 'MlLogisticBaseline.predictProba');
    const { MatrixClass } = packages();
    return Float64Array.from(this.model.classifiers[0]!.testScores(toMl(X, MatrixClass)));
  }

  /** 1 where the score >= threshold. */
  predict(X: Matrix, threshold = 0.5): Labels {
    return thresholdProba(this.predictProba(X), threshold);
  }

  /** The package's own prediction (argmin of its one-vs-all "not this class" scores), for comparison. */
  packagePredict(X: Matrix): Labels {
    checkPredictInput(X, this.nFeatures, 'MlLogisticBaseline.packagePredict');
    const { MatrixClass } = packages();
    return Uint8Array.from(this.model.predict(toMl(X, MatrixClass)));
  }

  /** Kind, params and state {nFeatures, weightsClass1, weightsClass0}. */
  toJSON(): FittedJson<MlLogisticBaselineParams> {
    return {
      kind: KIND,
      params: { ...this.params },
      state: { nFeatures: this.nFeatures, weightsClass1: Array.from(this.weightsClass1), weightsClass0: Array.from(this.weightsClass0) },
    };
  }
}
