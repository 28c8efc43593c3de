/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution
 * for tree ensembles", Algorithm 2: the polynomial-time recursion with EXTEND / UNWIND) for the library's
 * decision tree and random forest, in probability space.
 *
 * A tree's output is its leaf's P(y = 1); a forest's is the mean of its trees (its `predictProba`). "Missing"
 * features follow both branches in proportion to the training cover (the weighted row counts of the nodes,
 * bootstrap counts included), so for every row `expectedValue + Σ_j values[row, j] = predictProba(row)`,
 * with expectedValue the cover-weighted mean leaf value (the training mean of the output).
 * Cost: O(leaves · depth²) per row and tree.
 */
import type { Matrix } from '../core/types';
import { LEAF, type TreeNodes } from '../models/cart';
import type { FittedDecisionTree } from '../models/tree';
import type { FittedRandomForest } from '../models/forest';
import type { ShapExplanation } from './shap-types';

/** What {@link treeShap} explains: a fitted tree or forest (anything with `tree` or `trees` of {@link TreeNodes}). */
export type TreeModel = FittedDecisionTree | FittedRandomForest | { readonly tree: TreeNodes } | { readonly trees: readonly TreeNodes[] };

/** TreeSHAP values of rows: `values` (nRows × nFeatures) and the base value, in probability space. */
export interface TreeShapResult extends ShapExplanation {
  outputSpace: 'probability';
}

/**
 * Exact path-dependent TreeSHAP of `fitted` on the rows of X: per row, `expectedValue + Σ values = predictProba`.
 * `featureNames` defaults to `x0, x1, ...`; `data` of the result is X.
 * @example const { values, expectedValue } = treeShap(forest, Xtest)
 */
export function treeShap(fitted: TreeModel, X: Matrix, featureNames?: readonly string[]): TreeShapResult {
  const trees = 'trees' in fitted ? fitted.trees : [fitted.tree];
  if (trees.length === 0) throw new Error('treeShap: the model has no trees');
  const p = trees[0]!.nFeatures;
  if (X.nCols !== p) throw new Error(`treeShap: X has ${X.nCols} columns, the model was fitted on ${p}`);
  if (featureNames && featureNames.length !== p) throw new Error(`treeShap: ${featureNames.length} feature names for ${p} features`);
  const n = X.nRows;
  const values = new Float64Array(n * p);
  const scale = 1 / trees.length;
  let expectedValue = 0;
  for (const tree of trees) {
    expectedValue += treeExpectedValue(tree) * scale;
    const explainer = new PathExplainer(tree, scale);
    for (let i = 0; i < n; i++) explainer.explainRow(X.data, i * p, values, i * p);
  }
  return {
    values: { nRows: n, nCols: p, data: values },
    expectedValue,
    featureNames: featureNames ? [...featureNames] : Array.from({ length: p }, (_, j) => `x${j}`),
    data: X,
    outputSpace: 'probability',
  };
}

/** The cover-weighted mean leaf value of one tree (its path-dependent E[f(X)]). */
export function treeExpectedValue(tree: TreeNodes): number {
  const go = (k: number): number => {
    if (tree.feature[k] === LEAF) return tree.value[k]!;
    const l = tree.left[k]!;
    const r = tree.right[k]!;
    const w = tree.nodeSampleWeight[k]!;
    return (tree.nodeSampleWeight[l]! / w) * go(l) + (tree.nodeSampleWeight[r]! / w) * go(r);
  };
  return go(0);
}

/**
 * Algorithm 2 on one tree, with the paths of all recursion levels in one preallocated buffer (a level's path
 * starts right after its parent's, as in the reference implementation).
 */
class PathExplainer {
  private readonly feat: Int32Array;
  private readonly zero: Float64Array;
  private readonly one: Float64Array;
  private readonly pw: Float64Array;
  private x: Float64Array = new Float64Array(0);
  private xOffset = 0;
  private phi: Float64Array = new Float64Array(0);
  private phiOffset = 0;

  constructor(private readonly tree: TreeNodes, private readonly scale: number) {
    // Level k's path starts after levels 0..k-1 (each at most k + 1 long): (D + 2)(D + 3) / 2 for depth D.
    const d = tree.maxDepth + 3;
    const size = (d * (d + 1)) / 2 + 1;
    this.feat = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }

  explainRow(x: Float64Array, xOffset: number, phi: Float64Array, phiOffset: number): void {
    this.x = x;
    this.xOffset = xOffset;
    this.phi = phi;
    this.phiOffset = phiOffset;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  /**
   * `depth`: index of the element this edge adds (the path then has depth + 1 elements, element 0 a dummy);
   * `parentStart`: where the parent's path begins in the buffer. This level's path starts at
   * parentStart + depth + 1, past the parent's (whose length was at most depth + 1 before any unwind).
   */
  private recurse(node: number, depth: number, parentStart: number, zeroFraction: number, oneFraction: number, feature: number): void {
    const { feat, zero, one, pw, tree } = this;
    const base = parentStart + depth + 1;
    for (let k = 0; k < depth; k++) {
      feat[base + k] = feat[parentStart + k]!;
      zero[base + k] = zero[parentStart + k]!;
      one[base + k] = one[parentStart + k]!;
      pw[base + k] = pw[parentStart + k]!;
    }
    // EXTEND
    feat[base + depth] = feature;
    zero[base + depth] = zeroFraction;
    one[base + depth] = oneFraction;
    pw[base + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pw[base + i + 1] += (oneFraction * pw[base + i]! * (i + 1)) / (depth + 1);
      pw[base + i] = (zeroFraction * pw[base + i]! * (depth - i)) / (depth + 1);
    }

    const split = tree.feature[node]!;
    if (split === LEAF) {
      const leafValue = tree.value[node]! * this.scale;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(base, depth, i);
        this.phi[this.phiOffset + feat[base + i]!] += w * (one[base + i]! - zero[base + i]!) * leafValue;
      }
      return;
    }

    const left = tree.left[node]!;
    const right = tree.right[node]!;
    const hot = this.x[this.xOffset + split]! <= tree.threshold[node]! ? left : right;
    const cold = hot === left ? right : left;
    const cover = tree.nodeSampleWeight[node]!;
    const hotZero = tree.nodeSampleWeight[hot]! / cover;
    const coldZero = tree.nodeSampleWeight[cold]! / cover;
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;
    // A feature already on the path: undo its earlier split and redo it here with the combined fractions.
    let pathIndex = 0;
    for (; pathIndex <= d; pathIndex++) if (feat[base + pathIndex] === split) break;
    if (pathIndex !== d + 1) {
      incomingZero = zero[base + pathIndex]!;
      incomingOne = one[base + pathIndex]!;
      this.unwind(base, d, pathIndex);
      d -= 1;
    }
    this.recurse(hot, d + 1, base, hotZero * incomingZero, incomingOne, split);
    this.recurse(cold, d + 1, base, coldZero * incomingZero, 0, split);
  }

  /** UNWIND: removes element `index` from the path of length depth + 1 at `base`. */
  private unwind(base: number, depth: number, index: number): void {
    const { feat, zero, one, pw } = this;
    const oneFraction = one[base + index]!;
    const zeroFraction = zero[base + index]!;
    let nextOnePortion = pw[base + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = pw[base + i]!;
        pw[base + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
        nextOnePortion = tmp - (pw[base + i]! * zeroFraction * (depth - i)) / (depth + 1);
      } else {
        pw[base + i] = (pw[base + i]! * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      feat[base + i] = feat[base + i + 1]!;
      zero[base + i] = zero[base + i + 1]!;
      one[base + i] = one[base + i + 1]!;
    }
  }

  /** The total weight of the path with element `index` unwound, without modifying the path. */
  private unwoundSum(base: number, depth: number, index: number): number {
    const { zero, one, pw } = this;
    const oneFraction = one[base + index]!;
    const zeroFraction = zero[base + index]!;
    let nextOnePortion = pw[base + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
        total += tmp;
        nextOnePortion = pw[base + i]! - tmp * zeroFraction * ((depth - i) / (depth + 1));
      } else if (zeroFraction !== 0) {
        total += pw[base + i]! / zeroFraction / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }
}
