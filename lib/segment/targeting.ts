/**
 * Expected-value targeting: send a retention offer to every customer whose drop probability is at least t.
 * A targeted customer costs `offerCost` and, if they would have dropped (probability p), the offer keeps
 * `retentionShare` of their profit over `horizonMonths`. The expected retained profit of threshold t is
 *
 *   V(t) = Σ_{p_i ≥ t} (p_i · retentionShare · profit_i · horizonMonths − offerCost)
 *
 * V only changes at the customers' probabilities, so the curve is evaluated there (plus "target no one")
 * and the maximiser is exact. Profit is monthly, as in the data (money.csv: mean monthly profit).
 */

/** The offer's economics. */
export interface OfferEconomics {
  /** Cost of one offer, in profit units. */
  offerCost: number;
  /** Share of an at-risk customer's profit the offer keeps, in [0, 1]. */
  retentionShare: number;
  /** Months of profit the offer keeps (default 3: the target's horizon). */
  horizonMonths?: number;
}

/** The expected-value curve and its best threshold. */
export interface ExpectedValueCurve {
  /** Thresholds, ascending; the last one is above every probability (no one targeted). */
  thresholds: Float64Array;
  /** V(t) at each threshold. */
  value: Float64Array;
  /** Customers targeted at each threshold. */
  targeted: Int32Array;
  /** The threshold with the largest V (ties: the higher threshold, fewer offers). */
  best: { threshold: number; value: number; targeted: number; share: number };
  /** The value of targeting everyone (t = min p) for comparison. */
  valueTargetAll: number;
}

/** One customer's expected gain from an offer: p · retention · profit · horizon − cost. */
export function expectedGain(p: number, profit: number, economics: OfferEconomics): number {
  return p * economics.retentionShare * profit * (economics.horizonMonths ?? 3) - economics.offerCost;
}

/**
 * The expected retained profit for every threshold at the customers' probabilities.
 * @example expectedValueCurve(oofProba, profit, {offerCost: 0.5, retentionShare: 0.3, horizonMonths: 3}).best.threshold
 */
export function expectedValueCurve(dropProbability: ArrayLike<number>, profit: ArrayLike<number>, economics: OfferEconomics): ExpectedValueCurve {
  const n = dropProbability.length;
  if (profit.length !== n) throw new Error(`expectedValueCurve: ${n} probabilities but ${profit.length} profits`);
  if (n === 0) throw new Error('expectedValueCurve: no customers');
  if (!(economics.retentionShare >= 0 && economics.retentionShare <= 1)) throw new Error(`expectedValueCurve: retentionShare ${economics.retentionShare} is outside [0, 1]`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(dropProbability[i]!) || !Number.isFinite(profit[i]!)) throw new Error(`expectedValueCurve: customer ${i} has probability ${dropProbability[i]} and profit ${profit[i]}; expected finite numbers`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dropProbability[b]! - dropProbability[a]!);
  // Walk probabilities from the highest down; a threshold is each distinct probability.
  const thr: number[] = [];
  const val: number[] = [];
  const cnt: number[] = [];
  let v = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    v += expectedGain(dropProbability[i]!, profit[i]!, economics);
    if (k === n - 1 || dropProbability[order[k + 1]!]! !== dropProbability[i]!) {
      thr.push(dropProbability[i]!);
      val.push(v);
      cnt.push(k + 1);
    }
  }
  thr.reverse();
  val.reverse();
  cnt.reverse();
  const top = dropProbability[order[0]!]!;
  thr.push(top + Math.max(1e-9, Math.abs(top) * 1e-9));
  val.push(0);
  cnt.push(0);
  let b = thr.length - 1;
  for (let k = thr.length - 1; k >= 0; k--) if (val[k]! > val[b]!) b = k;
  return {
    thresholds: Float64Array.from(thr),
    value: Float64Array.from(val),
    targeted: Int32Array.from(cnt),
    best: { threshold: thr[b]!, value: val[b]!, targeted: cnt[b]!, share: cnt[b]! / n },
    valueTargetAll: val[0]!,
  };
}

/** V(t) at one threshold (customers with p ≥ t targeted). */
export function expectedValueAt(dropProbability: ArrayLike<number>, profit: ArrayLike<number>, threshold: number, economics: OfferEconomics): { value: number; targeted: number } {
  let value = 0;
  let targeted = 0;
  for (let i = 0; i < dropProbability.length; i++) {
    if (dropProbability[i]! >= threshold) {
      value += expectedGain(dropProbability[i]!, profit[i]!, economics);
      targeted++;
    }
  }
  return { value, targeted };
}
