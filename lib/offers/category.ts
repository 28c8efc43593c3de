/**
 * The category an offer features, per customer, from the data: within the customer's segment, which popular
 * categories bring more profit than the segment's mean (customers like them spend more there). A customer
 * whose own popular category is one of those is offered their own; otherwise the segment's most profitable
 * category (a cross-sell), when enough customers support it; else their own.
 */

/** One category's standing within a segment. */
export interface CategoryStanding {
  readonly category: string;
  readonly customers: number;
  readonly meanProfit: number;
  /** meanProfit / the segment's mean profit. */
  readonly lift: number;
}

/** Per segment: its categories by mean profit (largest first), those above the segment's mean, and the lead one. */
export interface CategoryAdvice {
  readonly minCustomers: number;
  readonly bySegment: Readonly<Record<string, { readonly meanProfit: number; readonly categories: CategoryStanding[]; readonly profitable: string[]; readonly lead: string | null }>>;
}

/** Why a category was chosen: the customer's own (profitable in the segment), the segment's lead, or their own by default. */
export type CategoryChoice = 'own' | 'segment-lead' | 'own-default';

/**
 * The category table of every segment.
 * @example categoryAdvice(segments, popularCategory, profit).bySegment.promoDriven.lead
 */
export function categoryAdvice(segment: readonly string[], popularCategory: readonly string[], profit: ArrayLike<number>, minCustomers = 10): CategoryAdvice {
  const acc = new Map<string, Map<string, { n: number; sum: number }>>();
  segment.forEach((s, i) => {
    const bySeg = acc.get(s) ?? new Map<string, { n: number; sum: number }>();
    acc.set(s, bySeg);
    const c = bySeg.get(popularCategory[i]!) ?? { n: 0, sum: 0 };
    c.n++;
    c.sum += profit[i]!;
    bySeg.set(popularCategory[i]!, c);
  });
  const bySegment: Record<string, CategoryAdvice['bySegment'][string]> = {};
  for (const [s, cats] of [...acc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let n = 0;
    let sum = 0;
    for (const c of cats.values()) { n += c.n; sum += c.sum; }
    const meanProfit = sum / n;
    const categories = [...cats].map(([category, c]) => ({ category, customers: c.n, meanProfit: c.sum / c.n, lift: c.sum / c.n / meanProfit }))
      .sort((a, b) => b.meanProfit - a.meanProfit || (a.category < b.category ? -1 : 1));
    const profitable = categories.filter((c) => c.customers >= minCustomers && c.meanProfit > meanProfit).map((c) => c.category);
    bySegment[s] = { meanProfit, categories, profitable, lead: profitable[0] ?? null };
  }
  return { minCustomers, bySegment };
}

/** The category to feature for one customer, and why. */
export function featuredCategory(advice: CategoryAdvice, segment: string, own: string): { category: string; choice: CategoryChoice } {
  const s = advice.bySegment[segment];
  if (s?.profitable.includes(own)) return { category: own, choice: 'own' };
  if (s?.lead) return { category: s.lead, choice: 'segment-lead' };
  return { category: own, choice: 'own-default' };
}
