/**
 * The campaign under a budget: which customers get which offer so that the total expected net value is
 * largest. A budget is a number of offers or a total cost (not both).
 *
 * - A number of offers k: each customer counts one, so the k customers of largest best value, each with their
 *   best offer, are optimal.
 * - A total cost B: a multiple-choice knapsack (at most one offer per customer). Solved exactly by dynamic
 *   programming over the cost in steps of 0.01 (exact for costs on that grid, as the catalogue's are) while
 *   customers × steps stays below 6·10^7; beyond that (scoring millions of customers) by the greedy on the
 *   upper convex hull of each customer's (cost, value) options — the LP relaxation's order, within one
 *   offer's value of the optimum — and the result says which.
 */
import { InvalidParameterError } from '../core/errors';
import { Random } from '../core/random';
import type { OfferOption } from './personal';

/** A campaign budget. */
export interface CampaignBudget {
  /** At most this many offers. */
  readonly maxOffers?: number;
  /** At most this total cost (units of the Прибыль column). */
  readonly maxCost?: number;
}

/** The chosen campaign. */
export interface Campaign {
  /** Per customer: the index into its options of the offer sent, or -1. */
  readonly chosen: Int32Array;
  readonly offers: number;
  readonly totalCost: number;
  readonly totalValue: number;
  /** 'all' (no budget: every customer's best), 'top-k', 'exact' (dynamic programming) or 'greedy'. */
  readonly method: 'all' | 'top-k' | 'exact' | 'greedy';
  readonly budget: CampaignBudget;
}

/** The cost grid of the exact solver. */
export const COST_STEP = 0.01;
const MAX_DP_CELLS = 6e7;

/** Checks a budget: non-negative numbers, at most one of the two. */
export function checkCampaignBudget(budget: CampaignBudget): void {
  const { maxOffers, maxCost } = budget;
  if (maxOffers !== undefined && maxCost !== undefined) throw new InvalidParameterError('campaign budget: give maxOffers or maxCost, not both', 'campaign budget', 'maxOffers');
  if (maxOffers !== undefined && !(Number.isSafeInteger(maxOffers) && maxOffers >= 0)) throw new InvalidParameterError(`campaign budget: parameter 'maxOffers' must be a whole number ≥ 0; got ${maxOffers}`, 'campaign budget', 'maxOffers');
  if (maxCost !== undefined && !(Number.isFinite(maxCost) && maxCost >= 0)) throw new InvalidParameterError(`campaign budget: parameter 'maxCost' must be a number ≥ 0; got ${maxCost}`, 'campaign budget', 'maxCost');
}

function summarise(options: readonly (readonly OfferOption[])[], chosen: Int32Array, method: Campaign['method'], budget: CampaignBudget): Campaign {
  let offers = 0;
  let totalCost = 0;
  let totalValue = 0;
  chosen.forEach((c, i) => {
    if (c < 0) return;
    offers++;
    totalCost += options[i]![c]!.cost;
    totalValue += options[i]![c]!.value;
  });
  return { chosen, offers, totalCost, totalValue, method, budget };
}

/**
 * Chooses the campaign. `options[i]` are customer i's offers worth their cost, best first (lib/offers/personal.ts).
 * @example selectCampaign(personal.options, { maxCost: 100 }).totalValue
 */
export function selectCampaign(options: readonly (readonly OfferOption[])[], budget: CampaignBudget = {}): Campaign {
  checkCampaignBudget(budget);
  const n = options.length;
  const chosen = new Int32Array(n).fill(-1);
  if (budget.maxOffers === undefined && budget.maxCost === undefined) {
    options.forEach((o, i) => { if (o.length) chosen[i] = 0; });
    return summarise(options, chosen, 'all', budget);
  }
  if (budget.maxOffers !== undefined) {
    const order = options.map((o, i) => i).filter((i) => options[i]!.length > 0).sort((a, b) => options[b]![0]!.value - options[a]![0]!.value || a - b);
    for (const i of order.slice(0, budget.maxOffers)) chosen[i] = 0;
    return summarise(options, chosen, 'top-k', budget);
  }
  const maxCost = budget.maxCost!;
  const W = Math.floor(maxCost / COST_STEP + 1e-9);
  const who = options.map((o, i) => i).filter((i) => options[i]!.length > 0);
  if (who.length * (W + 1) <= MAX_DP_CELLS) return summarise(options, exactKnapsack(options, who, W, chosen), 'exact', budget);
  return summarise(options, greedyKnapsack(options, who, maxCost, chosen), 'greedy', budget);
}

function exactKnapsack(options: readonly (readonly OfferOption[])[], who: number[], W: number, chosen: Int32Array): Int32Array {
  let best = new Float64Array(W + 1);
  let next = new Float64Array(W + 1);
  // choice[k][w] = 1 + the option customer who[k] takes at remaining capacity w, 0 for none.
  const choice = new Uint8Array(who.length * (W + 1));
  who.forEach((i, k) => {
    const opts = options[i]!;
    if (opts.length > 255) throw new Error('selectCampaign: more than 255 offers for one customer');
    const costs = opts.map((o) => Math.round(o.cost / COST_STEP));
    for (let w = 0; w <= W; w++) {
      let v = best[w]!;
      let c = 0;
      for (let o = 0; o < opts.length; o++) {
        const cw = costs[o]!;
        if (cw <= w) {
          const cand = best[w - cw]! + opts[o]!.value;
          if (cand > v) { v = cand; c = o + 1; }
        }
      }
      next[w] = v;
      choice[k * (W + 1) + w] = c;
    }
    [best, next] = [next, best];
  });
  let w = W;
  for (let k = who.length - 1; k >= 0; k--) {
    const c = choice[k * (W + 1) + w]!;
    if (c > 0) {
      const i = who[k]!;
      chosen[i] = c - 1;
      w -= Math.round(options[i]![c - 1]!.cost / COST_STEP);
    }
  }
  return chosen;
}

function greedyKnapsack(options: readonly (readonly OfferOption[])[], who: number[], maxCost: number, chosen: Int32Array): Int32Array {
  // Each customer's upper convex hull from (0, 0): steps of decreasing value per cost.
  const steps: { i: number; to: number; dc: number; dv: number; ratio: number; rank: number }[] = [];
  for (const i of who) {
    const pts = options[i]!.map((o, idx) => ({ idx, c: o.cost, v: o.value })).sort((a, b) => a.c - b.c || b.v - a.v);
    let c0 = 0;
    let v0 = 0;
    let rank = 0;
    let rest = pts;
    while (rest.length) {
      let bestK = -1;
      let bestRatio = -Infinity;
      rest.forEach((p, k) => {
        if (p.v <= v0) return;
        const ratio = p.c - c0 > 0 ? (p.v - v0) / (p.c - c0) : Infinity;
        if (ratio > bestRatio || (ratio === bestRatio && p.v > rest[bestK]!.v)) { bestRatio = ratio; bestK = k; }
      });
      if (bestK < 0) break;
      const p = rest[bestK]!;
      steps.push({ i, to: p.idx, dc: p.c - c0, dv: p.v - v0, ratio: bestRatio, rank: rank++ });
      c0 = p.c;
      v0 = p.v;
      rest = rest.filter((q) => q.c > c0 || (q.c === c0 && q.v > v0));
    }
  }
  steps.sort((a, b) => b.ratio - a.ratio || a.i - b.i || a.rank - b.rank);
  const taken = new Int32Array(options.length);
  let spent = 0;
  const blocked = new Uint8Array(options.length);
  for (const s of steps) {
    if (blocked[s.i] || taken[s.i] !== s.rank) continue;
    if (spent + s.dc > maxCost + 1e-9) { blocked[s.i] = 1; continue; }
    spent += s.dc;
    taken[s.i] = s.rank + 1;
    chosen[s.i] = s.to;
  }
  return chosen;
}

/** The total expected net value at every number of offers (customers by best value), for the budget curve. */
export function budgetCurve(options: readonly (readonly OfferOption[])[]): { offers: Int32Array; cost: Float64Array; value: Float64Array } {
  const best = options.filter((o) => o.length > 0).map((o) => o[0]!).sort((a, b) => b.value - a.value);
  const offers = new Int32Array(best.length + 1);
  const cost = new Float64Array(best.length + 1);
  const value = new Float64Array(best.length + 1);
  best.forEach((o, k) => {
    offers[k + 1] = k + 1;
    cost[k + 1] = cost[k]! + o.cost;
    value[k + 1] = value[k]! + o.value;
  });
  return { offers, cost, value };
}

/** A percentile bootstrap interval. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Seeded percentile bootstrap over customers (the store's customers drawn again, each with their probability,
 * profit and offer): intervals for sums of per-customer quantities, e.g. a campaign's total expected value or
 * a segment's size. Returns one interval per quantity.
 * @example bootstrapSums([valuePerCustomer], { seed: 42 })[0].low
 */
export function bootstrapSums(quantities: readonly ArrayLike<number>[], options: { replicates?: number; seed?: number; level?: number } = {}): Interval[] {
  const B = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const n = quantities[0]?.length ?? 0;
  for (const q of quantities) if (q.length !== n) throw new Error('bootstrapSums: the quantities have different lengths');
  const random = new Random(options.seed ?? 42);
  const sums = quantities.map(() => new Float64Array(B));
  const counts = new Uint32Array(n);
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[random.int(n)]++;
    quantities.forEach((q, t) => {
      let s = 0;
      for (let i = 0; i < n; i++) if (counts[i]) s += counts[i]! * q[i]!;
      sums[t]![b] = s;
    });
  }
  const at = (sorted: Float64Array, prob: number) => {
    const h = (sorted.length - 1) * prob;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
  };
  return quantities.map((q, t) => {
    let estimate = 0;
    for (let i = 0; i < n; i++) estimate += q[i]!;
    const sorted = sums[t]!.sort();
    return { estimate, low: at(sorted, (1 - level) / 2), high: at(sorted, 1 - (1 - level) / 2) };
  });
}
