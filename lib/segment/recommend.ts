/**
 * Recommendations that follow from a segment's profile: each feature that sets the segment apart (|Cohen's
 * d| above a bar) is stated with its numbers, and, for a segment more at risk than the rest, features with a
 * known business lever map to an action in the direction observed (a low-risk segment gets "keep as is"). The text is generated from computed values, so it changes with the data.
 */
import type { SegmentProfile, NumericProfile } from './profile';
import { distinctiveFeatures } from './profile';

/** Plain names of the study's features (English), for sentences. */
export const FEATURE_LABELS: Readonly<Record<string, string>> = {
  dropProbability: 'drop probability',
  profit: 'monthly profit',
  marketingActivity6m: 'marketing contacts per month (6 months)',
  marketingActivityCurrentMonth: 'marketing contacts this month',
  tenureDays: 'days since registration',
  promoPurchaseShare: 'share of purchases on promotion',
  categoriesPerVisit: 'categories viewed per visit',
  unpaidItemsQuarter: 'unpaid items in cart (quarter)',
  serviceErrors: 'site errors met',
  pagesPerVisit: 'pages per visit',
  revenueTwoMonthsAgo: 'revenue two months ago',
  revenuePreviousMonth: 'revenue last month',
  revenueCurrentMonth: 'revenue this month',
  minutesPreviousMonth: 'minutes on site last month',
  minutesCurrentMonth: 'minutes on site this month',
};

/** Actions by feature and direction (higher / lower in the segment than in the rest). */
const ACTIONS: Readonly<Record<string, { higher?: string; lower?: string }>> = {
  promoPurchaseShare: { higher: 'target with personalised promo codes and promotions in their favourite category, announced ahead of sales' },
  pagesPerVisit: { lower: 'raise engagement: personalised recommendations and "new in your category" mailings to bring them back to browse' },
  categoriesPerVisit: { lower: 'widen interest: cross-category recommendations and bundles' },
  minutesPreviousMonth: { lower: 'win back attention: reminders and content that brings them to the site' },
  minutesCurrentMonth: { lower: 'win back attention: reminders and content that brings them to the site' },
  unpaidItemsQuarter: { higher: 'abandoned-cart reminders, with a small discount on the items left in the cart' },
  serviceErrors: { higher: 'fix the site errors these customers meet first (a technical, not a marketing, lever)' },
  marketingActivity6m: { lower: 'contact them more often (they received fewer marketing contacts)', higher: 'check for contact fatigue: more contacts did not keep them' },
  marketingActivityCurrentMonth: { lower: 'contact them more often this month (fewer contacts than others)' },
  tenureDays: { higher: 'reward long-standing customers with a loyalty bonus', lower: 'onboarding offers for newer customers' },
};

/** Findings and actions for one segment. */
export interface SegmentRecommendation {
  segment: string;
  /** Sentences with the numbers behind them. */
  findings: string[];
  /** Suggested actions, one per distinctive feature with a lever (deduplicated). */
  actions: string[];
}

const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** One sentence comparing the segment with the rest on a numeric feature. */
export function describeDifference(row: NumericProfile): string {
  const label = FEATURE_LABELS[row.feature] ?? row.feature;
  const dir = row.meanIn > row.meanRest ? 'higher' : 'lower';
  return `${label}: ${num(row.meanIn)} vs ${num(row.meanRest)} in the rest (${dir}; d = ${row.standardizedDiff.toFixed(2)})`;
}

/**
 * Findings and actions for a segment from its profile.
 * @example recommendForSegment(profileSegment(input, mask, {name: 'promoDriven'}))
 */
export function recommendForSegment(
  profile: SegmentProfile,
  options: {
    minEffect?: number;
    maxFindings?: number;
    /** The expected-value targeting threshold and how many of the segment's customers reach it. */
    targeting?: { threshold: number; targeted: number };
  } = {},
): SegmentRecommendation {
  const minEffect = options.minEffect ?? 0.3;
  const top = distinctiveFeatures(profile, options.maxFindings ?? 5).filter((r) => Math.abs(r.standardizedDiff) >= minEffect);
  const findings: string[] = [];
  const p = profile.numeric.find((r) => r.feature === 'dropProbability');
  const profit = profile.numeric.find((r) => r.feature === 'profit');
  if (p && profit) {
    findings.push(`${profile.size} customers; mean drop probability ${num(p.meanIn)} (rest ${num(p.meanRest)}), mean monthly profit ${num(profit.meanIn)} (rest ${num(profit.meanRest)})`);
  }
  for (const r of top) findings.push(describeDifference(r));
  const cat = profile.profitByCategory.filter((c) => c.countIn > 0).sort((a, b) => b.profitAtStakeIn - a.profitAtStakeIn)[0];
  if (cat) findings.push(`most profit at stake in category «${cat.category}»: ${num(cat.profitAtStakeIn)} (${cat.countIn} customers)`);
  const actions: string[] = [];
  // A segment less at risk than the rest needs no retention offer: its distinctive features describe what
  // engaged customers look like, so the advice is to keep them so, not to pull a lever.
  const atRisk = p ? p.meanIn > p.meanRest : true;
  const tg = options.targeting;
  const tText = tg ? `p ≥ ${tg.threshold.toFixed(3)}` : '';
  if (!atRisk) {
    if (tg && tg.targeted > 0) actions.push(`only the ${tg.targeted} of ${profile.size} customers with ${tText} (the expected-value threshold) go on the offer list; keep the rest at the current service and contact level`);
    else actions.push('no retention offer needed: keep the current service and contact level');
    if (top.length) actions.push(`they are the reference of healthy behaviour (${top.slice(0, 3).map((r) => FEATURE_LABELS[r.feature] ?? r.feature).join(', ')}): targets for moving at-risk customers`);
  } else {
    // The threshold maximises the expected retained profit summed over everyone offered, not each customer's
    // own: a low-profit customer above it can still cost more than the offer is expected to keep.
    if (tg) actions.push(`${tg.targeted} of ${profile.size} customers have ${tText}, the threshold at which offering everyone above it maximises the total expected retained profit: put them on the offer list`);
    for (const r of top) {
      const lever = ACTIONS[r.feature];
      const action = r.meanIn > r.meanRest ? lever?.higher : lever?.lower;
      if (action && !actions.includes(action)) actions.push(action);
    }
    if (cat && actions.length) actions.push(`lead with offers in «${cat.category}», where this segment's profit at stake is largest`);
    const allow = profile.categorical.find((c) => c.feature === 'allowMessages')?.levels.find((l) => l.level === 'да');
    if (allow && actions.length) actions.push(`${Math.round(allow.shareIn * 100)} % allow offers by message: use mailings for them, other channels (site, app) for the rest`);
    if (!actions.length) actions.push('no feature sets this segment apart enough for a specific lever; treat with the general programme');
  }
  return { segment: profile.name, findings, actions };
}
