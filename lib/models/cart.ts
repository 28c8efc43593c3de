/**
 * The CART core shared by the decision tree and the random forest: scikit-learn 1.2.1's `BestSplitter` +
 * `DepthFirstTreeBuilder` for binary classification, on rank-coded features.
 *
 * Why ranks: every feature is sorted once per fit ({@link rankFeatures}), and each row keeps the rank of its
 * value among the feature's distinct values. A node then finds a feature's best split either by a
 * histogram over ranks (O(m + distinct) for m rows in the node: one-hot, ordinal and low-cardinality
 * columns) or by sorting the rows by rank (a radix sort, O(m + 256) per pass: continuous columns in small
 * nodes), whichever is cheaper. When most features are evaluated at every node (maxFeatures >= p/2), the
 * features with many distinct values are presorted instead: each keeps the node's rows in rank order and a
 * split stably partitions them, so evaluating such a feature is a linear scan (about 2x faster for
 * maxFeatures = null; with 'sqrt' sorting the few drawn features is cheaper than partitioning all of them).
 * A forest ranks once and reuses the ranks for all its trees, so the split search is O(m log m) or better
 * per node and feature and never re-sorts raw floats. With maxFeatures = p and integer weights (the study's
 * forests: bootstrap counts, no class weights) a node's histograms come from its sibling's by subtraction
 * (exact in integers), so only the smaller child's rows are read.
 *
 * Exactness (what matches scikit-learn where no two splits tie): candidate thresholds are the midpoints
 * `a/2 + b/2` of consecutive distinct values present in the node (sklearn's formula, including its
 * fallback to `a` when the midpoint rounds to `b`); `x <= threshold` goes left; the split maximises
 * sklearn's proxy `-(wR * impurityR + wL * impurityL)`, first best wins (strict `>`); features are drawn per
 * node without replacement with sklearn's constant-feature bookkeeping; a node is a leaf when
 * depth >= maxDepth, n < minSamplesSplit, n < 2 * minSamplesLeaf, or its impurity is 0; a split that leaves
 * fewer than minSamplesLeaf rows (counted unweighted, as sklearn counts rows with nonzero weight) on a side is
 * not considered. Impurities are gini or entropy in bits (log2, as sklearn stores them).
 * Differences: sklearn casts X to float32 and treats values within 1e-7 as equal; here values are float64
 * and compared exactly. Random draws differ (own generator), so with maxFeatures < p or bootstrap the
 * trees differ from sklearn's draw for draw, but not in distribution.
 */
import type { Labels, Matrix } from '../core/types';
import type { Random } from '../core/random';

/** Marks a leaf in {@link TreeNodes.feature}, {@link TreeNodes.left} and {@link TreeNodes.right}. */
export const LEAF = -1;

/**
 * A fitted binary classification tree as flat typed arrays (sklearn's `tree_` layout), nodes in depth-first
 * preorder (root 0, then the left subtree, then the right). TreeSHAP and the importances read it.
 */
export interface TreeNodes {
  /** Number of nodes. */
  readonly nodeCount: number;
  /** Number of features of the training matrix. */
  readonly nFeatures: number;
  /** Split feature of each internal node; {@link LEAF} for leaves. */
  readonly feature: Int32Array;
  /** Split threshold: rows with `x[feature] <= threshold` go left. NaN for leaves. */
  readonly threshold: Float64Array;
  /** Left child index, {@link LEAF} for leaves. */
  readonly left: Int32Array;
  /** Right child index, {@link LEAF} for leaves. */
  readonly right: Int32Array;
  /** Weighted class counts (sklearn's `value`): `[w0, w1]` of node k at `2k`, `2k + 1`. */
  readonly classWeights: Float64Array;
  /** P(y = 1) at each node: `w1 / (w0 + w1)`; a leaf's prediction. */
  readonly value: Float64Array;
  /** Weighted number of training rows in each node (sklearn's `weighted_n_node_samples`; TreeSHAP's cover). */
  readonly nodeSampleWeight: Float64Array;
  /** Number of distinct training rows (nonzero weight) in each node (sklearn's `n_node_samples`). */
  readonly nodeSamples: Int32Array;
  /** Impurity of each node (gini, or entropy in bits). */
  readonly impurity: Float64Array;
  /** Depth of the deepest leaf (root alone = 0). */
  readonly maxDepth: number;
}

/** Split quality measure. */
export type Criterion = 'gini' | 'entropy';

/** Resolved growth settings of one tree (counts, not fractions). */
export interface CartSettings {
  criterion: Criterion;
  /** Deepest allowed depth; Infinity for unlimited. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per split (1..p). */
  maxFeatures: number;
  /**
   * Split search: 'auto' (default) presorts when maxFeatures >= p/2, 'presorted' always, 'rank' never
   * (histogram or sort per node). All give the same tree; the choice is about speed (tests compare them).
   */
  splitSearch?: 'auto' | 'presorted' | 'rank';
  /**
   * Sibling histogram subtraction (default true): where it is exact, the larger child's rank histograms are
   * its parent's minus its sibling's. Same trees either way (tests compare); the choice is about speed.
   */
  histogramSubtraction?: boolean;
}

/**
 * The training matrix coded by rank, computed once per fit and shared by all trees of a forest.
 * `rank[f * nRows + i]` is the position of row i's value of feature f among the feature's sorted distinct
 * values `distinct[f]`.
 */
export interface FeatureRanks {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly rank: Int32Array;
  readonly distinct: Float64Array[];
  /** Largest distinct-value count over features (workspace size). */
  readonly maxDistinct: number;
}

/** Ranks every feature of X: one native sort and a binary search per value. */
export function rankFeatures(X: Matrix): FeatureRanks {
  const n = X.nRows;
  const p = X.nCols;
  const d = X.data;
  const rank = new Int32Array(n * p);
  const distinct: Float64Array[] = [];
  const column = new Float64Array(n);
  let maxDistinct = 0;
  for (let f = 0; f < p; f++) {
    for (let i = 0; i < n; i++) column[i] = d[i * p + f]!;
    const sorted = column.slice().sort();
    let u = 0;
    for (let k = 0; k < n; k++) {
      // -0 and 0 are one value (they compare equal in `x <= threshold`).
      if (k === 0 || sorted[k] !== sorted[u - 1]) sorted[u++] = sorted[k]!;
    }
    const values = sorted.slice(0, u);
    distinct.push(values);
    if (u > maxDistinct) maxDistinct = u;
    const base = f * n;
    for (let i = 0; i < n; i++) {
      const x = column[i]!;
      let lo = 0;
      let hi = u - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (values[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      rank[base + i] = lo;
    }
  }
  return { nRows: n, nFeatures: p, rank, distinct, maxDistinct };
}

/** sklearn's EPSILON in the tree builder (a node with impurity <= it is pure). */
const EPSILON = 2.220446049250313e-16;
/**
 * Features with more distinct values than this are presorted (in presorted mode); the others go by rank
 * histogram, whose cost is one pass over the node's rows plus one over the ranks in range.
 *
 * The path decides the order in which weights are summed (row by row in rank order, or per rank then
 * across ranks), so with fractional weights (balanced or explicit class weights) it can move a proxy by an
 * ulp and, on a near tie, the split: those trees keep the threshold they were fitted with, 32. With integer
 * weights every sum is exact and any path gives the same tree; there histograms go up to 64 values (and are
 * subtracted between siblings, one pass over the smaller child's rows): the study's two 41-value columns
 * then take the histogram path, maxFeatures = null fits 1.68 -> 1.58 s (50 candidates, one fold).
 */
const PRESORT_MIN_DISTINCT = 32;
/** Rank histograms of at most this many ranks scan every rank instead of tracking the rows' range. */
const SMALL_HISTOGRAM = 64;
/** {@link PRESORT_MIN_DISTINCT} for integer weights. */
const PRESORT_MIN_DISTINCT_INTEGER_WEIGHTS = 64;
/** Keys of the sort path pack (rank, position in node) as rank * 2^21 + position. */
const KEY_SHIFT = 2097152;

/** Impurity from weighted class counts (gini, or entropy in bits like sklearn). */
export function impurityOf(criterion: Criterion, w0: number, w1: number): number {
  const w = w0 + w1;
  if (w <= 0) return 0;
  if (criterion === 'gini') return 1 - (w0 * w0 + w1 * w1) / (w * w);
  let e = 0;
  if (w0 > 0) { const q = w0 / w; e -= q * Math.log2(q); }
  if (w1 > 0) { const q = w1 / w; e -= q * Math.log2(q); }
  return e;
}

/**
 * Reusable buffers for growing trees on one {@link FeatureRanks} (a forest allocates them once for all
 * its trees).
 */
export class CartWorkspace {
  readonly samples: Int32Array;
  readonly features: Int32Array;
  readonly constantFeatures: Int32Array;
  /**
   * The rank histogram, packed so the inner loop touches one array: rank r's row count at 4r and its
   * weighted class counts at 4r + 1 + c (no branch on the label; stride 4 keeps a bin in one cache line).
   */
  readonly bins: Float64Array;
  readonly keys: Float64Array;
  readonly sortedRank: Int32Array;
  readonly sortedPos: Int32Array;
  /** Radix sort buffers: digit counts, the node's ranks in row order, and the order after the low digit. */
  readonly radixCount = new Int32Array(257);
  readonly radixRank: Int32Array;
  readonly radixRank2: Int32Array;
  readonly radixPos2: Int32Array;
  readonly goLeft: Uint8Array;
  /** Per-tree row weights by class: `weight0[i]` is row i's weight if its label is 0, else 0; `weight1` likewise. */
  readonly weight0: Float64Array;
  readonly weight1: Float64Array;
  /** Features worth presorting (more than {@link PRESORT_MIN_DISTINCT} distinct values) and their count. */
  readonly presortable: Uint8Array;
  readonly nPresortable: number;
  /** The same for integer weights (more than {@link PRESORT_MIN_DISTINCT_INTEGER_WEIGHTS} distinct values). */
  readonly presortableIntegerWeights: Uint8Array;
  readonly nPresortableIntegerWeights: number;
  readonly spill: Int32Array;
  /**
   * Where a node's histograms of the features that are not presorted (with integer weights) start in one
   * node buffer (sibling subtraction), and the buffer's length.
   */
  readonly histOffset: Int32Array;
  readonly histSize: number;
  /** Number of features with a histogram in a node buffer. */
  readonly nHistFeatures: number;
  private rowBinsCache: Int32Array | null = null;
  /** Zeroed node histogram buffers of {@link histSize} for reuse. */
  readonly freeHists: Float64Array[] = [];
  private global: Int32Array | null = null;
  private nodes: NodeBuffer | null = null;
  private order: Int32Array | null = null;

  constructor(readonly ranks: FeatureRanks) {
    this.samples = new Int32Array(ranks.nRows);
    this.features = new Int32Array(ranks.nFeatures);
    this.constantFeatures = new Int32Array(ranks.nFeatures);
    this.bins = new Float64Array(4 * ranks.maxDistinct);
    this.keys = new Float64Array(ranks.nRows);
    this.sortedRank = new Int32Array(ranks.nRows);
    this.sortedPos = new Int32Array(ranks.nRows);
    this.radixRank = new Int32Array(ranks.nRows);
    this.radixRank2 = new Int32Array(ranks.nRows);
    this.radixPos2 = new Int32Array(ranks.nRows);
    this.goLeft = new Uint8Array(ranks.nRows);
    this.weight0 = new Float64Array(ranks.nRows);
    this.weight1 = new Float64Array(ranks.nRows);
    this.presortable = Uint8Array.from(ranks.distinct, (d) => (d.length > PRESORT_MIN_DISTINCT ? 1 : 0));
    this.nPresortable = this.presortable.reduce((a, b) => a + b, 0);
    this.presortableIntegerWeights = Uint8Array.from(ranks.distinct, (d) => (d.length > PRESORT_MIN_DISTINCT_INTEGER_WEIGHTS ? 1 : 0));
    this.nPresortableIntegerWeights = this.presortableIntegerWeights.reduce((a, b) => a + b, 0);
    this.spill = new Int32Array(ranks.nRows);
    this.histOffset = new Int32Array(ranks.nFeatures);
    let size = 0;
    for (let f = 0; f < ranks.nFeatures; f++) {
      this.histOffset[f] = size;
      if (!this.presortableIntegerWeights[f]) size += 4 * ranks.distinct[f]!.length;
    }
    this.histSize = size;
    this.nHistFeatures = ranks.nFeatures - this.nPresortableIntegerWeights;
  }

  /**
   * Row-major bin offsets for building node histograms: `rowBins[i * nHistFeatures + j]` is where row i
   * counts in the node buffer for the j-th feature with a histogram (histOffset + 4 * rank), so a build reads
   * each row's label, weight and bins once for all features instead of once per feature. Computed once.
   */
  rowBins(): Int32Array {
    if (!this.rowBinsCache) {
      const { nRows: n, nFeatures: p, rank } = this.ranks;
      const h = this.nHistFeatures;
      const out = new Int32Array(n * h);
      let j = 0;
      for (let f = 0; f < p; f++) {
        if (this.presortableIntegerWeights[f]) continue;
        const o0 = this.histOffset[f]!;
        for (let i = 0; i < n; i++) out[i * h + j] = o0 + (rank[f * n + i]! << 2);
        j++;
      }
      this.rowBinsCache = out;
    }
    return this.rowBinsCache;
  }

  /** Rows of each feature in rank order (`[f * nRows, (f + 1) * nRows)`), by counting sort; computed once. */
  globalOrder(): Int32Array {
    if (!this.global) {
      const { nRows: n, nFeatures: p, rank, distinct } = this.ranks;
      const out = new Int32Array(n * p);
      for (let f = 0; f < p; f++) {
        const d = distinct[f]!.length;
        const next = new Int32Array(d + 1);
        const base = f * n;
        for (let i = 0; i < n; i++) next[rank[base + i]! + 1]++;
        for (let r = 0; r < d; r++) next[r + 1] += next[r]!;
        for (let i = 0; i < n; i++) out[base + next[rank[base + i]!]!++] = i;
      }
      this.global = out;
    }
    return this.global;
  }

  /**
   * The node storage, emptied: one per workspace, so a forest's trees do not each allocate (and zero) a
   * thousand-node buffer; a finished tree gets copies of its own length.
   */
  nodeBuffer(): NodeBuffer {
    this.nodes ??= new NodeBuffer(Math.max(16, Math.min(2 * this.ranks.nRows, 1024)));
    this.nodes.count = 0;
    return this.nodes;
  }

  /** Per-tree working copy of the sorted rows (presorted mode). */
  presortedOrder(): Int32Array {
    this.order ??= new Int32Array(this.ranks.nRows * this.ranks.nFeatures);
    return this.order;
  }
}

/** Growable node storage used while building. */
class NodeBuffer {
  count = 0;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  classWeights: Float64Array;
  nodeSampleWeight: Float64Array;
  nodeSamples: Int32Array;
  impurity: Float64Array;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.classWeights = new Float64Array(2 * capacity);
    this.nodeSampleWeight = new Float64Array(capacity);
    this.nodeSamples = new Int32Array(capacity);
    this.impurity = new Float64Array(capacity);
  }

  add(w0: number, w1: number, nSamples: number, impurity: number): number {
    if (this.count === this.feature.length) this.grow();
    const k = this.count++;
    this.feature[k] = LEAF;
    this.threshold[k] = NaN;
    this.left[k] = LEAF;
    this.right[k] = LEAF;
    this.classWeights[2 * k] = w0;
    this.classWeights[2 * k + 1] = w1;
    this.nodeSampleWeight[k] = w0 + w1;
    this.nodeSamples[k] = nSamples;
    this.impurity[k] = impurity;
    return k;
  }

  private grow(): void {
    const c = this.feature.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, c);
    this.threshold = g(this.threshold, c);
    this.left = g(this.left, c);
    this.right = g(this.right, c);
    this.classWeights = g(this.classWeights, 2 * c);
    this.nodeSampleWeight = g(this.nodeSampleWeight, c);
    this.nodeSamples = g(this.nodeSamples, c);
    this.impurity = g(this.impurity, c);
  }

  finish(nFeatures: number, maxDepth: number): TreeNodes {
    const n = this.count;
    const value = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const w = this.classWeights[2 * k]! + this.classWeights[2 * k + 1]!;
      value[k] = w > 0 ? this.classWeights[2 * k + 1]! / w : 0;
    }
    return {
      nodeCount: n,
      nFeatures,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      classWeights: this.classWeights.slice(0, 2 * n),
      value,
      nodeSampleWeight: this.nodeSampleWeight.slice(0, n),
      nodeSamples: this.nodeSamples.slice(0, n),
      impurity: this.impurity.slice(0, n),
      maxDepth,
    };
  }
}

/**
 * Grows one tree. `sampleWeight[i]` is row i's weight (class weight times bootstrap count); rows with weight 0
 * are left out, as in sklearn. `rng` draws the features of each split (also used when maxFeatures = p: the
 * order of visit decides ties, as in sklearn).
 */
export function growTree(
  ws: CartWorkspace,
  y: Labels,
  sampleWeight: Float64Array,
  settings: CartSettings,
  rng: Random,
): TreeNodes {
  const { ranks } = ws;
  const n = ranks.nRows;
  const p = ranks.nFeatures;
  const rank = ranks.rank;
  const { samples, features, constantFeatures, bins, keys, sortedRank, sortedPos } = ws;
  const { criterion, minSamplesLeaf, minSamplesSplit } = settings;
  const maxDepthAllowed = settings.maxDepth;
  const maxFeatures = settings.maxFeatures;
  const gini = criterion === 'gini';

  let nSamples = 0;
  let rootW0 = 0;
  let rootW1 = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i]!;
    if (w !== 0) {
      samples[nSamples++] = i;
      if (y[i] === 1) rootW1 += w;
      else rootW0 += w;
    }
  }
  for (let f = 0; f < p; f++) features[f] = f;
  // Each row's weight split by class (the other class's entry 0): the scans add both without a branch on
  // the label. Adding +0 to a nonnegative sum leaves it unchanged, so every sum is the same number.
  const weight0 = ws.weight0;
  const weight1 = ws.weight1;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i]!;
    const positive = y[i] === 1;
    weight0[i] = positive ? 0 : w;
    weight1[i] = positive ? w : 0;
  }

  // Presorted mode when most features are evaluated at every node (maxFeatures >= p / 2): each feature
  // keeps the node's rows in rank order, so a split evaluation is a linear scan, and a split costs one
  // stable partition per feature. With few features per node, sorting just those is cheaper.
  // Only features with many distinct values are presorted; the others are cheaper by histogram.
  let integerWeights = true;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(sampleWeight[i]!)) { integerWeights = false; break; }
  }
  const presortable = integerWeights ? ws.presortableIntegerWeights : ws.presortable;
  const nPresortable = integerWeights ? ws.nPresortableIntegerWeights : ws.nPresortable;
  // Histogram or radix sort for a feature that is not presorted: the histogram when the feature has at most
  // this many distinct values per row in the node. With integer weights either gives the same sums and 1 is
  // fastest ('sqrt' candidates 0.97 -> 0.91 s against 4; 2: 0.91, 0.5: 0.95, 8: 1.06); fractional weights
  // keep 4, the rule their trees were fitted with (see PRESORT_MIN_DISTINCT on summation order).
  const histogramPerRow = integerWeights ? 1 : 4;
  const mode = settings.splitSearch ?? 'auto';
  const presorted = nPresortable > 0 && (mode === 'presorted' || (mode === 'auto' && 2 * maxFeatures >= p));
  const order = presorted ? ws.presortedOrder() : samples;
  // Sibling histogram subtraction: when every feature is evaluated at every node (maxFeatures = p) each node
  // keeps its histograms of the features that are not presorted; a split builds them for the smaller child
  // only, and the larger child's are the parent's minus the smaller's. That is exact only when every sum is
  // exact: integer weights (bootstrap counts, class weights 1), whose sums are integers far below 2^53, so
  // every bin and every running sum of the scan is the same number as when summed row by row. Other
  // weights (balanced or fractional class weights) build every node's histograms from its rows.
  const subtract = presorted && integerWeights && maxFeatures >= p && settings.histogramSubtraction !== false && ws.histSize > 0;
  const histOffset = ws.histOffset;
  const histSize = ws.histSize;
  // Node histogram buffers are recycled through the workspace (zeroed when returned), across trees too.
  const freeHists = ws.freeHists;
  const takeHist = (): Float64Array => freeHists.pop() ?? new Float64Array(histSize);
  const releaseHist = (h: Float64Array): void => {
    h.fill(0);
    freeHists.push(h);
  };
  const nHist = ws.nHistFeatures;
  const rowBins = subtract ? ws.rowBins() : null;
  // Each pending node's histograms (null: leaf-to-be, or no subtraction).
  const hstack: (Float64Array | null)[] = [];
  const goLeft = ws.goLeft;
  const spill = ws.spill;
  if (presorted) {
    const global = ws.globalOrder();
    for (let f = 0; f < p; f++) {
      if (!presortable[f]) continue;
      const ob = f * n;
      let k = 0;
      for (let q = 0; q < n; q++) {
        const s = global[ob + q]!;
        if (sampleWeight[s] !== 0) order[ob + k++] = s;
      }
    }
  }

  const nodes = ws.nodeBuffer();
  // Explicit stack of pending nodes: start, end, depth, parent, isLeft, nConstant; the impurity and class
  // weights ride along in a float stack.
  const istack: number[] = [];
  const fstack: number[] = [];
  istack.push(0, nSamples, 0, -1, 0, 0);
  hstack.push(subtract ? takeHist() : null);
  fstack.push(impurityOf(criterion, rootW0, rootW1), rootW0, rootW1);
  let deepest = 0;

  // Child impurity helpers inline in the scan; proxy as in sklearn's ClassificationCriterion.
  while (istack.length > 0) {
    const hist = hstack.pop()!;
    const nConstParent = istack.pop()!;
    const isLeft = istack.pop()!;
    const parent = istack.pop()!;
    const depth = istack.pop()!;
    const end = istack.pop()!;
    const start = istack.pop()!;
    const w1T = fstack.pop()!;
    const w0T = fstack.pop()!;
    const impurity = fstack.pop()!;
    const m = end - start;
    const wT = w0T + w1T;

    const node = nodes.add(w0T, w1T, m, impurity);
    if (parent >= 0) {
      if (isLeft) nodes.left[parent] = node;
      else nodes.right[parent] = node;
    }
    if (depth > deepest) deepest = depth;
    if (hist && parent < 0) addRowsToHist(hist, rowBins!, nHist, samples, start, end, y, sampleWeight);

    let isLeaf = depth >= maxDepthAllowed || m < minSamplesSplit || m < 2 * minSamplesLeaf || impurity <= EPSILON;
    let bestFeature = -1;
    let bestRankLeft = 0;
    let bestRankRight = 0;
    let bestProxy = -Infinity;
    let nConstant = nConstParent;

    if (!isLeaf) {
      // sklearn's feature draw: features[0, nKnownConstants) are constant here (known from ancestors).
      let fI = p;
      let nFoundConstants = 0;
      let nDrawnConstants = 0;
      const nKnownConstants = nConstParent;
      let nTotalConstants = nKnownConstants;
      let nVisited = 0;
      while (fI > nTotalConstants && (nVisited < maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
        nVisited++;
        let fJ = nDrawnConstants + rng.int(fI - nFoundConstants - nDrawnConstants);
        if (fJ < nKnownConstants) {
          const t = features[nDrawnConstants]!;
          features[nDrawnConstants] = features[fJ]!;
          features[fJ] = t;
          nDrawnConstants++;
          continue;
        }
        fJ += nFoundConstants;
        const f = features[fJ]!;
        const base = f * n;
        const nDistinct = ranks.distinct[f]!.length;

        // ---- gather the node's rows of feature f in rank order and scan the boundaries ----
        let constant = false;
        let localBestProxy = -Infinity;
        let localRankLeft = 0;
        let localRankRight = 0;
        if (presorted && presortable[f]) {
          // The node's rows of feature f are already in rank order: one linear scan.
          const ob = f * n;
          const rFirst = rank[base + order[ob + start]!]!;
          if (rFirst === rank[base + order[ob + end - 1]!]!) {
            constant = true;
          } else {
            let w0L = 0;
            let w1L = 0;
            let prevRank = rFirst;
            for (let k = start; k < end; k++) {
              const s = order[ob + k]!;
              const r = rank[base + s]!;
              if (r !== prevRank) {
                const nL = k - start;
                const nR = m - nL;
                if (nL >= minSamplesLeaf && nR >= minSamplesLeaf) {
                  const proxy = splitProxy(gini, w0L, w1L, w0T, w1T, wT);
                  if (proxy > localBestProxy) {
                    localBestProxy = proxy;
                    localRankLeft = prevRank;
                    localRankRight = r;
                  }
                }
                prevRank = r;
              }
              w0L += weight0[s]!;
              w1L += weight1[s]!;
            }
          }
        } else if (hist) {
          // The node's own histogram of f: built for the smaller sibling or subtracted below the root, built
          // with the node at the root. Scanned over every rank (at most PRESORT_MIN_DISTINCT_INTEGER_WEIGHTS).
          const o0 = histOffset[f]!;
          let nonEmpty = 0;
          let nL = 0;
          let w0L = 0;
          let w1L = 0;
          let prev = -1;
          for (let r = 0; r < nDistinct; r++) {
            const o = o0 + (r << 2);
            const c = hist[o]!;
            if (c === 0) continue;
            nonEmpty++;
            if (prev >= 0) {
              const nR = m - nL;
              if (nL >= minSamplesLeaf && nR >= minSamplesLeaf) {
                const proxy = splitProxy(gini, w0L, w1L, w0T, w1T, wT);
                if (proxy > localBestProxy) {
                  localBestProxy = proxy;
                  localRankLeft = prev;
                  localRankRight = r;
                }
              }
            }
            nL += c;
            w0L += hist[o + 1]!;
            w1L += hist[o + 2]!;
            prev = r;
          }
          if (nonEmpty === 1) constant = true;
        } else if (nDistinct === 2) {
          // A binary feature has one candidate split (rank 0 left): its row count and class weights are
          // summed in locals, in row order like the histogram's bin 0, so the proxy is the same number.
          let nL = 0;
          let w0L = 0;
          let w1L = 0;
          for (let k = start; k < end; k++) {
            const s = samples[k]!;
            // Without a branch on the rank: a rank-1 row adds 0 * w = +0, which leaves the sums unchanged.
            const left = 1 - rank[base + s]!;
            nL += left;
            w0L += left * weight0[s]!;
            w1L += left * weight1[s]!;
          }
          if (nL === 0 || nL === m) {
            constant = true;
          } else if (nL >= minSamplesLeaf && m - nL >= minSamplesLeaf) {
            localBestProxy = splitProxy(gini, w0L, w1L, w0T, w1T, wT);
            localRankLeft = 0;
            localRankRight = 1;
          }
        } else if (nDistinct <= histogramPerRow * m) {
          // Histogram over ranks (packed bins, see CartWorkspace.bins). Few ranks: no range kept, the scan
          // visits them all (empty bins are skipped either way, so the boundaries are the same).
          let lo = nDistinct;
          let hi = -1;
          if (nDistinct <= SMALL_HISTOGRAM) {
            for (let k = start; k < end; k++) {
              const s = samples[k]!;
              const o = rank[base + s]! << 2;
              bins[o]++;
              bins[o + 1 + y[s]!] += sampleWeight[s]!;
            }
            lo = 0;
            hi = nDistinct - 1;
            while (bins[lo << 2] === 0) lo++;
            while (bins[hi << 2] === 0) hi--;
          } else for (let k = start; k < end; k++) {
            const s = samples[k]!;
            const r = rank[base + s]!;
            const o = r << 2;
            bins[o]++;
            bins[o + 1 + y[s]!] += sampleWeight[s]!;
            if (r < lo) lo = r;
            if (r > hi) hi = r;
          }
          if (lo === hi) {
            constant = true;
            const o = lo << 2;
            bins[o] = 0; bins[o + 1] = 0; bins[o + 2] = 0;
          } else {
            let nL = 0;
            let w0L = 0;
            let w1L = 0;
            let prev = -1;
            for (let r = lo; r <= hi; r++) {
              const o = r << 2;
              const c = bins[o]!;
              if (c === 0) continue;
              if (prev >= 0) {
                // Boundary between prev (last left) and r (first right).
                const nR = m - nL;
                if (nL >= minSamplesLeaf && nR >= minSamplesLeaf) {
                  const proxy = splitProxy(gini, w0L, w1L, w0T, w1T, wT);
                  if (proxy > localBestProxy) {
                    localBestProxy = proxy;
                    localRankLeft = prev;
                    localRankRight = r;
                  }
                }
              }
              nL += c;
              w0L += bins[o + 1]!;
              w1L += bins[o + 2]!;
              prev = r;
              bins[o] = 0; bins[o + 1] = 0; bins[o + 2] = 0;
            }
          }
        } else {
          // The node's rows in rank order (ties by position) in sortedRank / sortedPos: a stable radix sort by
          // rank below 65536 ranks (sorting 32-bit (rank << 16 | position) keys natively, as before, was 12 %
          // of a maxFeatures = 'sqrt' fit; the radix sort gives the same order ~5 % faster overall), else a
          // native sort of float64 keys rank * 2^21 + position.
          const len = m;
          if (nDistinct <= 65536) {
            radixSortByRank(rank, base, samples, start, len, nDistinct, ws);
          } else {
            for (let k = 0; k < len; k++) keys[k] = rank[base + samples[start + k]!]! * KEY_SHIFT + k;
            keys.subarray(0, len).sort();
            for (let k = 0; k < len; k++) {
              const key = keys[k]!;
              const r = Math.floor(key / KEY_SHIFT);
              sortedRank[k] = r;
              sortedPos[k] = key - r * KEY_SHIFT;
            }
          }
          const rFirst = sortedRank[0]!;
          const rLast = sortedRank[len - 1]!;
          if (rFirst === rLast) {
            constant = true;
          } else {
            let w0L = 0;
            let w1L = 0;
            let prevRank = rFirst;
            for (let k = 0; k < len; k++) {
              const r = sortedRank[k]!;
              if (r !== prevRank) {
                const nL = k;
                const nR = m - nL;
                if (nL >= minSamplesLeaf && nR >= minSamplesLeaf) {
                  const proxy = splitProxy(gini, w0L, w1L, w0T, w1T, wT);
                  if (proxy > localBestProxy) {
                    localBestProxy = proxy;
                    localRankLeft = prevRank;
                    localRankRight = r;
                  }
                }
                prevRank = r;
              }
              const s = samples[start + sortedPos[k]!]!;
              w0L += weight0[s]!;
              w1L += weight1[s]!;
            }
          }
        }

        if (constant) {
          features[fJ] = features[nTotalConstants]!;
          features[nTotalConstants] = f;
          nFoundConstants++;
          nTotalConstants++;
          continue;
        }
        fI--;
        features[fJ] = features[fI]!;
        features[fI] = f;
        if (localBestProxy > bestProxy) {
          bestProxy = localBestProxy;
          bestFeature = f;
          bestRankLeft = localRankLeft;
          bestRankRight = localRankRight;
        }
      }
      // sklearn's invariant: features[0, nKnownConstants) keep their order for siblings and children; the
      // constants found here are appended to the shared list.
      for (let k = 0; k < nKnownConstants; k++) features[k] = constantFeatures[k]!;
      for (let k = 0; k < nFoundConstants; k++) constantFeatures[nKnownConstants + k] = features[nKnownConstants + k]!;
      nConstant = nTotalConstants;
      if (bestFeature < 0) isLeaf = true;
    }

    if (isLeaf) {
      if (hist) releaseHist(hist);
      continue;
    }

    // ---- split the node: partition samples[start, end) by rank <= bestRankLeft ----
    const values = ranks.distinct[bestFeature]!;
    const a = values[bestRankLeft]!;
    const b = values[bestRankRight]!;
    let threshold = a / 2 + b / 2;
    if (threshold === b || !Number.isFinite(threshold)) threshold = a;
    nodes.feature[node] = bestFeature;
    nodes.threshold[node] = threshold;

    // Children's class weights are summed afresh (not parent minus left), so a pure child has exactly 0 of
    // the other class and becomes a leaf.
    const base = bestFeature * n;
    let w0L = 0;
    let w1L = 0;
    let w0R = 0;
    let w1R = 0;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const s = samples[i]!;
      if (rank[base + s]! <= bestRankLeft) {
        w0L += weight0[s]!;
        w1L += weight1[s]!;
        goLeft[s] = 1;
        i++;
      } else {
        w0R += weight0[s]!;
        w1R += weight1[s]!;
        goLeft[s] = 0;
        samples[i] = samples[j]!;
        samples[j] = s;
        j--;
      }
    }
    const mid = i;
    const impL = impurityOf(criterion, w0L, w1L);
    const impR = impurityOf(criterion, w0R, w1R);
    // The same leaf test as when a child is popped: a leaf-to-be needs no sorted rows and no histograms.
    const childDepth = depth + 1;
    const mL = mid - start;
    const mR = end - mid;
    const leafL = childDepth >= maxDepthAllowed || mL < minSamplesSplit || mL < 2 * minSamplesLeaf || impL <= EPSILON;
    const leafR = childDepth >= maxDepthAllowed || mR < minSamplesSplit || mR < 2 * minSamplesLeaf || impR <= EPSILON;
    if (presorted && !(leafL && leafR)) {
      // Stably partition the sorted segment of every presorted feature (features known to be constant here
      // are skipped: no descendant evaluates them again).
      for (let q = nConstant; q < p; q++) {
        const g = features[q]!;
        if (!presortable[g]) continue;
        const og = g * n;
        let l = start;
        let r = 0;
        for (let k = start; k < end; k++) {
          const s = order[og + k]!;
          if (goLeft[s]) order[og + l++] = s;
          else spill[r++] = s;
        }
        for (let k = 0; k < r; k++) order[og + l + k] = spill[k]!;
      }
    }
    let histL: Float64Array | null = null;
    let histR: Float64Array | null = null;
    if (hist) {
      if (leafL && leafR) {
        releaseHist(hist);
      } else {
        const smallIsLeft = mL <= mR;
        const from = smallIsLeft ? start : mid;
        const to = smallIsLeft ? mid : end;
        const small = takeHist();
        const largeIsLeaf = smallIsLeft ? leafR : leafL;
        addRowsToHist(small, rowBins!, nHist, samples, from, to, y, sampleWeight);
        if (!largeIsLeaf) {
          for (let q = nConstant; q < p; q++) {
            const g = features[q]!;
            if (presortable[g]) continue;
            const o0 = histOffset[g]!;
            const oEnd = o0 + 4 * ranks.distinct[g]!.length;
            for (let o = o0; o < oEnd; o++) hist[o] -= small[o]!;
          }
        }
        let large: Float64Array | null = hist;
        let smallKept: Float64Array | null = small;
        if (largeIsLeaf) { releaseHist(hist); large = null; }
        if (smallIsLeft ? leafL : leafR) { releaseHist(small); smallKept = null; }
        histL = smallIsLeft ? smallKept : large;
        histR = smallIsLeft ? large : smallKept;
      }
    }
    // Right pushed first so the left child is popped (and numbered) first: depth-first preorder like sklearn.
    istack.push(mid, end, depth + 1, node, 0, nConstant);
    hstack.push(histR);
    fstack.push(impR, w0R, w1R);
    istack.push(start, mid, depth + 1, node, 1, nConstant);
    hstack.push(histL);
    fstack.push(impL, w0L, w1L);
  }
  return nodes.finish(p, deepest);
}

/**
 * Stable LSD radix sort of the node's rows by rank into ws.sortedRank / ws.sortedPos: the same order as
 * sorting (rank << 16 | position) keys. One counting pass up to 256 ranks, else two passes whose digits
 * split the rank's bits in halves (1238 ranks: 6 + 5 bits, 64 + 32 buckets, where 8-bit digits cost 256
 * buckets for the low pass: the bucket prefix sums were a sixth of the sort in small nodes).
 */
function radixSortByRank(rank: Int32Array, base: number, samples: Int32Array, start: number, len: number, nDistinct: number, ws: CartWorkspace): void {
  const { sortedRank, sortedPos, radixCount: cnt, radixRank: tR, radixRank2: aR, radixPos2: aP } = ws;
  if (nDistinct <= 256) {
    cnt.fill(0, 0, nDistinct + 1);
    for (let k = 0; k < len; k++) {
      const r = rank[base + samples[start + k]!]!;
      tR[k] = r;
      cnt[r + 1]++;
    }
    for (let b = 0; b < nDistinct; b++) cnt[b + 1] += cnt[b]!;
    for (let k = 0; k < len; k++) {
      const r = tR[k]!;
      const d = cnt[r]!++;
      sortedRank[d] = r;
      sortedPos[d] = k;
    }
    return;
  }
  const bits = 32 - Math.clz32(nDistinct - 1);
  const lowBits = (bits + 1) >> 1;
  const lowBuckets = 1 << lowBits;
  const lowMask = lowBuckets - 1;
  cnt.fill(0, 0, lowBuckets + 1);
  for (let k = 0; k < len; k++) {
    const r = rank[base + samples[start + k]!]!;
    tR[k] = r;
    cnt[(r & lowMask) + 1]++;
  }
  for (let b = 0; b < lowBuckets; b++) cnt[b + 1] += cnt[b]!;
  for (let k = 0; k < len; k++) {
    const r = tR[k]!;
    const d = cnt[r & lowMask]!++;
    aR[d] = r;
    aP[d] = k;
  }
  const high = (nDistinct - 1) >>> lowBits;
  cnt.fill(0, 0, high + 2);
  for (let k = 0; k < len; k++) cnt[(aR[k]! >>> lowBits) + 1]++;
  for (let b = 0; b <= high; b++) cnt[b + 1] += cnt[b]!;
  for (let k = 0; k < len; k++) {
    const r = aR[k]!;
    const d = cnt[r >>> lowBits]!++;
    sortedRank[d] = r;
    sortedPos[d] = aP[k]!;
  }
}

/**
 * Adds rows samples[from, to) to a node buffer's histograms of every histogram feature (integer weights: any
 * order gives the same sums).
 */
function addRowsToHist(hist: Float64Array, rowBins: Int32Array, nHist: number, samples: Int32Array, from: number, to: number, y: Labels, sampleWeight: Float64Array): void {
  for (let k = from; k < to; k++) {
    const s = samples[k]!;
    const w = sampleWeight[s]!;
    const c = 1 + y[s]!;
    const rb = s * nHist;
    for (let j = 0; j < nHist; j++) {
      const o = rowBins[rb + j]!;
      hist[o]++;
      hist[o + c] += w;
    }
  }
}

/** sklearn's proxy improvement of a split, -(wR * impurityR + wL * impurityL), from the left class weights. */
function splitProxy(gini: boolean, w0L: number, w1L: number, w0T: number, w1T: number, wT: number): number {
  const wL = w0L + w1L;
  const wR = wT - wL;
  const w0R = w0T - w0L;
  const w1R = w1T - w1L;
  let impL: number;
  let impR: number;
  if (gini) {
    impL = 1 - (w0L * w0L + w1L * w1L) / (wL * wL);
    impR = 1 - (w0R * w0R + w1R * w1R) / (wR * wR);
  } else {
    impL = entropyBits(w0L, w1L, wL);
    impR = entropyBits(w0R, w1R, wR);
  }
  return -wR * impR - wL * impL;
}

function entropyBits(w0: number, w1: number, w: number): number {
  let e = 0;
  if (w0 > 0) { const q = w0 / w; e -= q * Math.log2(q); }
  if (w1 > 0) { const q = w1 / w; e -= q * Math.log2(q); }
  return e;
}

/** The leaf each row of X falls in. */
export function applyTree(tree: TreeNodes, X: Matrix): Int32Array {
  const out = new Int32Array(X.nRows);
  const p = X.nCols;
  const d = X.data;
  const { feature, threshold, left, right } = tree;
  for (let i = 0; i < X.nRows; i++) {
    let k = 0;
    let f = feature[0]!;
    const o = i * p;
    while (f >= 0) {
      k = d[o + f]! <= threshold[k]! ? left[k]! : right[k]!;
      f = feature[k]!;
    }
    out[i] = k;
  }
  return out;
}

/** Adds each row's leaf P(y = 1) times `scale` to `out` (the forest averages trees this way). */
export function accumulateTreeProba(tree: TreeNodes, X: Matrix, out: Float64Array, scale: number): void {
  const p = X.nCols;
  const d = X.data;
  const { feature, threshold, left, right, value } = tree;
  for (let i = 0; i < X.nRows; i++) {
    let k = 0;
    let f = feature[0]!;
    const o = i * p;
    while (f >= 0) {
      k = d[o + f]! <= threshold[k]! ? left[k]! : right[k]!;
      f = feature[k]!;
    }
    out[i] += value[k]! * scale;
  }
}

/**
 * Mean decrease in impurity per feature, sklearn's `feature_importances_` of one tree: the sum over
 * splits of `w * impurity - wL * impurityL - wR * impurityR`, divided by the root weight and normalised to
 * sum 1 (all zeros for a tree that is a single leaf).
 */
export function treeImportances(tree: TreeNodes): Float64Array {
  const out = new Float64Array(tree.nFeatures);
  const { feature, left, right, nodeSampleWeight: w, impurity } = tree;
  for (let k = 0; k < tree.nodeCount; k++) {
    const f = feature[k]!;
    if (f < 0) continue;
    const l = left[k]!;
    const r = right[k]!;
    out[f] += w[k]! * impurity[k]! - w[l]! * impurity[l]! - w[r]! * impurity[r]!;
  }
  let total = 0;
  for (let f = 0; f < out.length; f++) {
    out[f] /= w[0]!;
    total += out[f]!;
  }
  if (total > 0) for (let f = 0; f < out.length; f++) out[f] /= total;
  return out;
}

/** Number of features to draw per split from sklearn's `max_features` (null = all). */
export function resolveMaxFeatures(maxFeatures: null | 'sqrt' | 'log2' | number, p: number, who: string): number {
  if (maxFeatures === null) return p;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (typeof maxFeatures === 'number' && Number.isFinite(maxFeatures) && maxFeatures > 0) {
    // sklearn: an int is a count, a float in (0, 1] a fraction of the features.
    const count = Number.isInteger(maxFeatures) && maxFeatures >= 1 ? maxFeatures : Math.max(1, Math.floor(maxFeatures * p));
    if (maxFeatures < 1 || Number.isInteger(maxFeatures)) return Math.min(p, count);
  }
  throw new Error(`${who}: maxFeatures must be null, 'sqrt', 'log2', a whole count >= 1 or a fraction in (0, 1), got ${JSON.stringify(maxFeatures)}`);
}

/** Resolves sklearn's int-or-fraction min_samples_* to a count. */
export function resolveMinSamples(value: number, n: number, min: number, name: string, who: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
  if (typeof value === 'number' && value > 0 && value < 1) return Math.max(min, Math.ceil(value * n));
  throw new Error(`${who}: ${name} must be a whole number >= ${min} or a fraction in (0, 1), got ${JSON.stringify(value)}`);
}

/** Plain-JSON form of a tree (arrays of numbers; NaN thresholds of leaves stored as null). */
export function treeToJson(tree: TreeNodes): { [key: string]: number | number[] | (number | null)[] } {
  return {
    nodeCount: tree.nodeCount,
    nFeatures: tree.nFeatures,
    maxDepth: tree.maxDepth,
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold, (t) => (Number.isNaN(t) ? null : t)),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    classWeights: Array.from(tree.classWeights),
    nodeSamples: Array.from(tree.nodeSamples),
    impurity: Array.from(tree.impurity),
  };
}

/** Restores a tree from {@link treeToJson}; checks shapes and child indices. */
export function treeFromJson(json: unknown, who: string): TreeNodes {
  const o = json as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw new Error(`${who}: saved tree is not an object`);
  const num = (key: string): number => {
    const v = o[key];
    if (typeof v !== 'number') throw new Error(`${who}: saved tree has no number '${key}'`);
    return v;
  };
  const arr = (key: string, len: number): (number | null)[] => {
    const v = o[key];
    if (!Array.isArray(v) || v.length !== len) throw new Error(`${who}: saved tree field '${key}' must be an array of ${len} numbers`);
    return v as (number | null)[];
  };
  const n = num('nodeCount');
  const nFeatures = num('nFeatures');
  const feature = Int32Array.from(arr('feature', n) as number[]);
  const threshold = Float64Array.from(arr('threshold', n), (t) => (t === null ? NaN : t));
  const left = Int32Array.from(arr('left', n) as number[]);
  const right = Int32Array.from(arr('right', n) as number[]);
  const classWeights = Float64Array.from(arr('classWeights', 2 * n) as number[]);
  const nodeSamples = Int32Array.from(arr('nodeSamples', n) as number[]);
  const impurity = Float64Array.from(arr('impurity', n) as number[]);
  const value = new Float64Array(n);
  const nodeSampleWeight = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = feature[k]!;
    if (f >= nFeatures || (f >= 0 && (left[k]! <= k || left[k]! >= n || right[k]! <= k || right[k]! >= n))) {
      throw new Error(`${who}: saved tree node ${k} has an invalid feature or child index`);
    }
    const w = classWeights[2 * k]! + classWeights[2 * k + 1]!;
    nodeSampleWeight[k] = w;
    value[k] = w > 0 ? classWeights[2 * k + 1]! / w : 0;
  }
  return {
    nodeCount: n, nFeatures, feature, threshold, left, right, classWeights, value, nodeSampleWeight, nodeSamples,
    impurity, maxDepth: num('maxDepth'),
  };
}
