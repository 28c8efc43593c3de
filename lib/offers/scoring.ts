/**
 * Reasons and personal offers at scoring time: what the model file carries (the catalogue with its version,
 * the reason explainer's state, each segment's categories, the horizon, the default budget) and the per-batch
 * step the file and in-memory scorers call. The campaign under a budget needs every customer, so the scorers
 * keep each customer's offers compactly ({@link CampaignCollector}) and choose once at the end.
 */
import type { Frame, Json, Matrix } from '../core/types';
import type { FittedPipeline } from '../preprocess/pipeline';
import { selectCampaign, type Campaign, type CampaignBudget } from './campaign';
import { featuredCategory, type CategoryAdvice } from './category';
import { checkOfferCatalogue, OfferCatalogueError, type OfferCatalogue } from './catalogue';
import { personalOffers, type OfferOption } from './personal';
import { explainReasons, largestPositive, reasonText, topReasons, type CustomerReason, type ReasonExplainer } from './reasons';
import type { OffersStudy } from './study';

/** The offers part of a model file. */
export interface OffersSpec {
  readonly catalogue: OfferCatalogue;
  readonly explainer: ReasonExplainer;
  /** Per segment: the categories above its mean profit and the lead one (no per-category table). */
  readonly categories: CategoryAdvice;
  readonly horizonMonths: number;
  readonly reasons: number;
  /** The study's budget, the scoring command's default for `--budget`. */
  readonly budget: CampaignBudget;
}

/** The offers part of a model file from the offers stage's result. */
export function offersSpecOf(study: OffersStudy): OffersSpec {
  const bySegment: Record<string, CategoryAdvice['bySegment'][string]> = {};
  for (const [s, v] of Object.entries(study.categories.bySegment)) bySegment[s] = { meanProfit: v.meanProfit, categories: [], profitable: v.profitable, lead: v.lead };
  return {
    catalogue: study.catalogue,
    explainer: study.explainer,
    categories: { minCustomers: study.categories.minCustomers, bySegment },
    horizonMonths: study.horizonMonths,
    reasons: study.settings.reasons,
    budget: study.settings.budget,
  };
}

/** The offers part of a loaded model file, checked; null when the file has none. */
export function offersSpecFromModel(offers: Json | undefined, where: string): OffersSpec | null {
  if (offers === undefined || offers === null) return null;
  if (typeof offers !== 'object' || Array.isArray(offers)) throw new OfferCatalogueError(`${where}: field "offers": expected an object`);
  const spec = offers as unknown as OffersSpec;
  checkOfferCatalogue(spec.catalogue, `${where}: offers.catalogue`);
  if (!spec.explainer || typeof spec.explainer.method !== 'string') throw new OfferCatalogueError(`${where}: field "offers.explainer": missing`);
  return spec;
}

/** One batch's reasons and offers. */
export interface BatchOffers {
  readonly profitAtStake: Float64Array;
  readonly reasons: CustomerReason[][];
  /** Each customer's offers worth their cost, best first. */
  readonly options: OfferOption[][];
  /** The category the best offer features ('' when it features none or there is no offer). */
  readonly category: string[];
}

/**
 * Reasons, offers and categories for one batch of scored customers (segments null: no profit, no offers).
 * @example offersForBatch(spec, pipeline, frame, proba, profits, assignment).options[0]
 */
export function offersForBatch(spec: OffersSpec, pipeline: FittedPipeline, frame: Frame, proba: Float64Array, profit: Float64Array, segments: readonly string[] | null, transformed?: Matrix): BatchOffers {
  const n = frame.nRows;
  const reasons = topReasons(explainReasons(pipeline, spec.explainer, frame, transformed), frame, spec.explainer.featureMeans, spec.reasons);
  const allow = frame.columns['allowMessages'] as string[];
  const usable = segments !== null && profit.length === n;
  const personal = personalOffers(spec.catalogue, {
    dropProbability: proba,
    profit: usable ? profit : new Float64Array(n).fill(NaN),
    allowsMessages: Array.from({ length: n }, (_, i) => allow[i] === 'да'),
    reasons,
  }, spec.horizonMonths);
  const popular = frame.columns['popularCategory'] as string[];
  const category = personal.options.map((o, i) => {
    if (!o.length || !spec.catalogue.offers[o[0]!.offer]!.featuresCategory || !usable) return '';
    return featuredCategory(spec.categories, segments![i]!, popular[i]!).category;
  });
  return { profitAtStake: personal.profitAtStake, reasons, options: personal.options, category };
}

/** The reason words of a customer, `count` of them ('' where there are fewer). */
export function reasonTexts(reasons: readonly CustomerReason[], spec: OffersSpec, count = spec.reasons): string[] {
  const out: string[] = new Array(count);
  for (let k = 0; k < count; k++) out[k] = reasons[k] ? reasonText(reasons[k]!, spec.explainer.featureMeans) : '';
  return out;
}

/** Keeps every scored customer's offers in flat arrays, then chooses the campaign once. */
export class CampaignCollector {
  private ids: number[] = [];
  private start: number[] = [0];
  private offer: number[] = [];
  private cost: number[] = [];
  private value: number[] = [];

  /** Adds one customer's offers (any order). */
  addOne(id: number, options: readonly OfferOption[]): void {
    this.ids.push(id);
    for (const o of options) {
      this.offer.push(o.offer);
      this.cost.push(o.cost);
      this.value.push(o.value);
    }
    this.start.push(this.offer.length);
  }

  /** Adds a batch's customers. */
  add(ids: ArrayLike<number>, options: readonly (readonly OfferOption[])[]): void {
    for (let i = 0; i < options.length; i++) {
      this.ids.push(ids[i]!);
      for (const o of options[i]!) {
        this.offer.push(o.offer);
        this.cost.push(o.cost);
        this.value.push(o.value);
      }
      this.start.push(this.offer.length);
    }
  }

  /** The campaign under the budget, and per chosen customer: id, offer index, cost, value. */
  choose(budget: CampaignBudget): { campaign: Campaign; rows: { id: number; offer: number; cost: number; value: number }[] } {
    const options: OfferOption[][] = this.ids.map((_, i) => {
      const out: OfferOption[] = [];
      for (let k = this.start[i]!; k < this.start[i + 1]!; k++) out.push({ offer: this.offer[k]!, cost: this.cost[k]!, value: this.value[k]!, answers: 0 });
      return out.sort((a, b) => b.value - a.value || a.cost - b.cost || a.offer - b.offer);
    });
    const campaign = selectCampaign(options, budget);
    const rows: { id: number; offer: number; cost: number; value: number }[] = [];
    campaign.chosen.forEach((c, i) => {
      if (c >= 0) rows.push({ id: this.ids[i]!, offer: options[i]![c]!.offer, cost: options[i]![c]!.cost, value: options[i]![c]!.value });
    });
    return { campaign, rows };
  }
}

/** One batch's reasons and best offers in flat arrays (the file scorer's path: no object per customer). */
export interface CompactBatchOffers {
  readonly count: number;
  readonly profitAtStake: Float64Array;
  /** n × count indices into `features` (-1: no reason there). */
  readonly reasonFeature: Int32Array;
  readonly features: readonly string[];
  /** Best offer (catalogue index, -1: none), its expected net value, and the category it features ('' for none). */
  readonly bestOffer: Int32Array;
  readonly bestValue: Float64Array;
  readonly category: string[];
}

/**
 * The same reasons, offers and categories as {@link offersForBatch}, computed in flat arrays; with a collector,
 * every customer's offers worth their cost are added to it for the campaign.
 */
export function compactOffersForBatch(spec: OffersSpec, pipeline: FittedPipeline, frame: Frame, ids: ArrayLike<number>, proba: Float64Array, profit: Float64Array, segments: readonly string[] | null, transformed: Matrix | undefined, collector: CampaignCollector | null): CompactBatchOffers {
  const n = frame.nRows;
  const count = spec.reasons;
  const shap = explainReasons(pipeline, spec.explainer, frame, transformed);
  const m = shap.values.nCols;
  const features = shap.featureNames;
  const columns = features.map((f) => frame.columns[f]);
  const means = features.map((f) => spec.explainer.featureMeans[f]);
  const offers = spec.catalogue.offers;
  // answers[(k * m + j) * 2 + side]: offer k answers feature j on that side (0 low, 1 high).
  const answers = new Uint8Array(offers.length * m * 2);
  offers.forEach((o, k) => {
    for (const d of o.drivers) {
      const [feature, side] = d.split(':');
      const j = features.indexOf(feature!);
      if (j >= 0) answers[(k * m + j) * 2 + (side === 'high' ? 1 : 0)] = 1;
    }
  });
  const messaging = offers.map((o) => o.channel !== 'onsite');
  const allow = frame.columns['allowMessages'] as string[];
  const popular = frame.columns['popularCategory'] as string[];
  const usable = segments !== null && profit.length === n;
  const stake = new Float64Array(n);
  const reasonFeature = new Int32Array(n * count).fill(-1);
  const reasonSide = new Uint8Array(count);
  const bestOffer = new Int32Array(n).fill(-1);
  const bestValue = new Float64Array(n);
  const category: string[] = new Array(n);
  const data = shap.values.data;
  const options: OfferOption[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * m;
    const found = largestPositive(data, base, m, count, reasonFeature, i * count);
    for (let q = 0; q < found; q++) {
      const j = reasonFeature[i * count + q]!;
      const column = columns[j];
      const mean = means[j];
      const value = column === undefined ? NaN : column[i]!;
      // 2: no side (a category), never answered by an offer.
      reasonSide[q] = typeof value === 'number' && mean !== undefined ? (value < mean ? 0 : 1) : 2;
    }
    const p = proba[i]!;
    stake[i] = usable ? p * profit[i]! * spec.horizonMonths : NaN;
    category[i] = '';
    if (!usable) continue;
    const allows = allow[i] === 'да';
    options.length = 0;
    for (let k = 0; k < offers.length; k++) {
      if (messaging[k] && !allows) continue;
      let answer = -1;
      for (let r = 0; r < found; r++) {
        if (reasonSide[r] !== 2 && answers[(k * m + reasonFeature[i * count + r]!) * 2 + reasonSide[r]!]) { answer = r; break; }
      }
      if (answer < 0) continue;
      const offer = offers[k]!;
      const value = offer.effect * stake[i]! - offer.cost;
      if (!(value > 0)) continue;
      if (collector) options.push({ offer: k, cost: offer.cost, value, answers: answer });
      // Best: largest value; ties the cheaper, then catalogue order (as personalOffers sorts).
      const b = bestOffer[i]!;
      if (b < 0 || value > bestValue[i]! || (value === bestValue[i]! && offer.cost < offers[b]!.cost)) {
        bestOffer[i] = k;
        bestValue[i] = value;
      }
    }
    if (collector) collector.addOne(ids[i]!, options);
    const b = bestOffer[i]!;
    if (b >= 0 && offers[b]!.featuresCategory) category[i] = featuredCategory(spec.categories, segments![i]!, popular[i]!).category;
  }
  return { count, profitAtStake: stake, reasonFeature, features, bestOffer, bestValue, category };
}
