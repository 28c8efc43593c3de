/**
 * Reasons and personal offers at scoring time: what the model file carries (the catalogue with its version,
 * the reason explainer's state, each segment's categories, the horizon, the default budget) and the per-batch
 * step the file and in-memory scorers call. The campaign under a budget needs every customer, so the scorers
 * keep each customer's offers compactly ({@link CampaignCollector}) and choose once at the end.
 */
import type { Frame, Json } from '../core/types';
import type { FittedPipeline } from '../preprocess/pipeline';
import { selectCampaign, type Campaign, type CampaignBudget } from './campaign';
import { featuredCategory, type CategoryAdvice } from './category';
import { checkOfferCatalogue, OfferCatalogueError, type OfferCatalogue } from './catalogue';
import { personalOffers, type OfferOption } from './personal';
import { explainReasons, reasonText, topReasons, type CustomerReason, type ReasonExplainer } from './reasons';
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
export function offersForBatch(spec: OffersSpec, pipeline: FittedPipeline, frame: Frame, proba: Float64Array, profit: Float64Array, segments: readonly string[] | null): BatchOffers {
  const n = frame.nRows;
  const reasons = topReasons(explainReasons(pipeline, spec.explainer, frame), frame, spec.explainer.featureMeans, spec.reasons);
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
  return Array.from({ length: count }, (_, k) => (reasons[k] ? reasonText(reasons[k]!, spec.explainer.featureMeans) : ''));
}

/** Keeps every scored customer's offers in flat arrays, then chooses the campaign once. */
export class CampaignCollector {
  private ids: number[] = [];
  private start: number[] = [0];
  private offer: number[] = [];
  private cost: number[] = [];
  private value: number[] = [];

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
      return out;
    });
    const campaign = selectCampaign(options, budget);
    const rows: { id: number; offer: number; cost: number; value: number }[] = [];
    campaign.chosen.forEach((c, i) => {
      if (c >= 0) rows.push({ id: this.ids[i]!, offer: options[i]![c]!.offer, cost: options[i]![c]!.cost, value: options[i]![c]!.value });
    });
    return { campaign, rows };
  }
}
