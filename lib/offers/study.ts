/**
 * The offers step of the study in one call (the `offers` stage runs it; notebooks 08 and 09 read its
 * artefact): reasons for every customer, the personal offer and category of each, the campaign under the
 * budget, and seeded bootstrap intervals for what it is expected to keep, in total and per segment.
 */
import type { Frame } from '../core/types';
import type { ShapExplanation } from '../explain/shap-types';
import type { FittedPipeline } from '../preprocess/pipeline';
import { bootstrapSums, budgetCurve, selectCampaign, type Campaign, type CampaignBudget, type Interval } from './campaign';
import { categoryAdvice, featuredCategory, type CategoryAdvice, type CategoryChoice } from './category';
import type { OfferCatalogue } from './catalogue';
import { personalOffers } from './personal';
import { explainReasons, fitReasonExplainer, reasonAgreement, topReasons, type CustomerReason, type ReasonAgreement, type ReasonExplainer } from './reasons';

/** The offers step's settings (parameters, not data: docs/decisions.md "Offer effects"). */
export interface OfferSettings {
  /** The campaign budget: a number of offers or a total cost in units of the Прибыль column. */
  readonly budget: CampaignBudget;
  /** Reasons per customer. */
  readonly reasons: number;
  /** Bootstrap replicates of the intervals. */
  readonly bootstrapReplicates: number;
  /** Customers a category needs in a segment before it can lead that segment's offers. */
  readonly minCategoryCustomers: number;
}

/** The study's defaults. */
export const DEFAULT_OFFER_SETTINGS: OfferSettings = { budget: { maxCost: 100 }, reasons: 3, bootstrapReplicates: 1000, minCategoryCustomers: 10 };

/** One segment's part in the offers. */
export interface SegmentOffers {
  readonly segment: string;
  readonly size: Interval;
  /** Customers of the segment in the campaign, with an interval. */
  readonly inCampaign: Interval;
  /** The campaign's expected net value from this segment. */
  readonly value: Interval;
  /** Offers sent to the segment in the campaign, by catalogue id, most frequent first. */
  readonly offerMix: { readonly offer: string; readonly customers: number }[];
  /** The categories featured for the segment's campaign customers, most frequent first. */
  readonly categoryMix: { readonly category: string; readonly customers: number }[];
  /** The reason most often first among the segment's customers. */
  readonly topReasons: { readonly feature: string; readonly customers: number }[];
}

/** Everything the offers step produces (per-customer arrays in the modelling table's order). */
export interface OffersStudy {
  readonly catalogue: OfferCatalogue;
  readonly settings: OfferSettings;
  readonly horizonMonths: number;
  readonly explainer: ReasonExplainer;
  /** The reasons' agreement with the explanation of the explain stage on its test customers (KernelSHAP for kernel models). */
  readonly agreement: ReasonAgreement & { readonly reference: string };
  readonly ids: ArrayLike<number>;
  /** Each customer's segment (the segment stage's assignment). */
  readonly segmentOfCustomer: readonly string[];
  readonly reasons: CustomerReason[][];
  /** Best personal offer (catalogue index, -1: none), its expected net value (0 for none) and the profit at stake. */
  readonly bestOffer: Int32Array;
  readonly bestValue: Float64Array;
  readonly profitAtStake: Float64Array;
  /** The offer sent in the campaign (catalogue index, -1: not in it) and its value. */
  readonly campaignOffer: Int32Array;
  readonly campaignValue: Float64Array;
  readonly category: string[];
  readonly categoryChoice: CategoryChoice[];
  readonly categories: CategoryAdvice;
  readonly campaign: Omit<Campaign, 'chosen'>;
  /** The campaign's total expected net value, retained profit (before costs) and offers, with intervals. */
  readonly totals: { readonly value: Interval; readonly retainedProfit: Interval; readonly cost: number; readonly offers: number; readonly customersWithOffer: number };
  readonly segments: SegmentOffers[];
  readonly budgetCurve: { offers: Int32Array; cost: Float64Array; value: Float64Array };
}

/** What {@link offersStudy} needs. */
export interface OffersStudyInput {
  readonly pipeline: FittedPipeline;
  /** The training customers (the explainer's background and the means of the words). */
  readonly trainFrame: Frame;
  /** Every customer: ids, features, profit, drop probability (out of fold) and segment. */
  readonly ids: ArrayLike<number>;
  readonly frame: Frame;
  readonly profit: ArrayLike<number>;
  readonly dropProbability: ArrayLike<number>;
  readonly segment: readonly string[];
  /**
   * An explanation of some customers to compare the reason method with (the explain stage's), their frame and
   * the pipeline it explains (the chosen model before calibration): the agreement is of the same method fitted
   * to that pipeline, so it measures the method, not the calibration.
   */
  readonly reference: { readonly shap: ShapExplanation & { method?: string }; readonly frame: Frame; readonly pipeline?: FittedPipeline };
  readonly catalogue: OfferCatalogue;
  readonly horizonMonths: number;
  readonly settings: OfferSettings;
  readonly seed: number;
}

const tally = <T extends string>(items: T[]): { key: T; count: number }[] =>
  [...items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<T, number>())].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));

/**
 * Runs the offers step.
 * @example offersStudy({ pipeline, trainFrame, ids, frame, profit, dropProbability, segment, reference, catalogue, horizonMonths: 3, settings: DEFAULT_OFFER_SETTINGS, seed: 42 }).totals.value
 */
export function offersStudy(input: OffersStudyInput): OffersStudy {
  const { pipeline, frame, catalogue, settings } = input;
  const n = input.ids.length;
  const explainer = fitReasonExplainer(pipeline, input.trainFrame);
  const shap = explainReasons(pipeline, explainer, frame);
  const reasons = topReasons(shap, frame, explainer.featureMeans, settings.reasons);
  const explained = input.reference.pipeline ?? pipeline;
  const sameMethod = explained === pipeline ? explainer : fitReasonExplainer(explained, input.trainFrame, explainer.method);
  const agreement = { ...reasonAgreement(explainReasons(explained, sameMethod, input.reference.frame), input.reference.shap, settings.reasons), reference: input.reference.shap.method ?? 'reference' };
  const allowColumn = frame.columns['allowMessages'];
  if (!Array.isArray(allowColumn)) throw new Error('offersStudy: the frame has no allowMessages column');
  const allowsMessages = (allowColumn as string[]).map((v) => v === 'да');
  const personal = personalOffers(catalogue, { dropProbability: input.dropProbability, profit: input.profit, allowsMessages, reasons }, input.horizonMonths);
  const campaign = selectCampaign(personal.options, settings.budget);
  const popular = frame.columns['popularCategory'] as string[];
  const categories = categoryAdvice(input.segment, popular, input.profit, settings.minCategoryCustomers);
  const bestOffer = new Int32Array(n).fill(-1);
  const bestValue = new Float64Array(n);
  const campaignOffer = new Int32Array(n).fill(-1);
  const campaignValue = new Float64Array(n);
  const retained = new Float64Array(n);
  const sent = new Float64Array(n);
  const category: string[] = [];
  const categoryChoice: CategoryChoice[] = [];
  for (let i = 0; i < n; i++) {
    const options = personal.options[i]!;
    if (options.length) {
      bestOffer[i] = options[0]!.offer;
      bestValue[i] = options[0]!.value;
    }
    const c = campaign.chosen[i]!;
    if (c >= 0) {
      const o = options[c]!;
      campaignOffer[i] = o.offer;
      campaignValue[i] = o.value;
      retained[i] = o.value + o.cost;
      sent[i] = 1;
    }
    const featured = featuredCategory(categories, input.segment[i]!, popular[i]!);
    category.push(featured.category);
    categoryChoice.push(featured.choice);
  }
  const boot = { replicates: settings.bootstrapReplicates, seed: input.seed };
  const [value, retainedProfit] = bootstrapSums([campaignValue, retained], boot);
  const names = [...new Set(input.segment)];
  const indicators = names.flatMap((s) => {
    const member = Float64Array.from(input.segment, (x) => (x === s ? 1 : 0));
    return [member, member.map((m, i) => m * sent[i]!), member.map((m, i) => m * campaignValue[i]!)];
  });
  const intervals = bootstrapSums(indicators, boot);
  const segments: SegmentOffers[] = names.map((s, k) => {
    const members = Array.from({ length: n }, (_, i) => i).filter((i) => input.segment[i] === s);
    const inCampaign = members.filter((i) => campaignOffer[i]! >= 0);
    return {
      segment: s,
      size: intervals[3 * k]!,
      inCampaign: intervals[3 * k + 1]!,
      value: intervals[3 * k + 2]!,
      offerMix: tally(inCampaign.map((i) => catalogue.offers[campaignOffer[i]!]!.id)).map((t) => ({ offer: t.key, customers: t.count })),
      categoryMix: tally(inCampaign.map((i) => category[i]!)).map((t) => ({ category: t.key, customers: t.count })),
      topReasons: tally(members.filter((i) => reasons[i]!.length > 0).map((i) => reasons[i]![0]!.feature)).map((t) => ({ feature: t.key, customers: t.count })),
    };
  });
  const { chosen: _chosen, ...campaignSummary } = campaign;
  return {
    catalogue, settings, horizonMonths: input.horizonMonths, explainer, agreement, ids: input.ids, segmentOfCustomer: [...input.segment], reasons,
    bestOffer, bestValue, profitAtStake: personal.profitAtStake, campaignOffer, campaignValue, category, categoryChoice, categories,
    campaign: campaignSummary,
    totals: { value: value!, retainedProfit: retainedProfit!, cost: campaign.totalCost, offers: campaign.offers, customersWithOffer: personal.options.filter((o) => o.length > 0).length },
    segments,
    budgetCurve: budgetCurve(personal.options),
  };
}
