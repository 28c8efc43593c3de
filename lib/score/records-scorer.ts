/**
 * Scoring in memory: a model file and customer records in, probabilities, segments and rejections out,
 * without touching disk — for a script that already holds its customers (from a database, an API, a
 * DataFrame). The same rules as the file scorer (`scoreCustomers`, which shares {@link scoreBatch}): known typos
 * corrected, customers not active in all three months, with an extreme revenue, an unknown category or an
 * invalid value rejected with the reason.
 */
import type { Frame, FrameColumn, Matrix } from '../core/types';
import { MODEL_COLUMN_LABELS } from '../data/schema';
import { parseModelFile, readModelFile, checkColumnsMatchModel, type LoadedModel, type ModelFile } from '../model-file';
import type { FittedPipeline } from '../preprocess/pipeline';
import { segmentCustomers, type SegmentRule } from '../segment/rules';
import { offersForBatch, offersSpecFromModel, reasonTexts } from '../offers/scoring';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, ScoreInputError, type Rejection } from './records';
import { checkScoringRules, scoringRulesOf } from './rules';

/** One customer: `id`, the model's features by their English or Russian names, optionally `profit` (monthly). */
export type CustomerRecord = { readonly id: number } & { readonly [feature: string]: number | string | null | undefined };

/** One scored customer. */
export interface ScoredCustomer {
  readonly id: number;
  /** P(activity drops), on the scale the segment thresholds were set on. */
  readonly dropProbability: number;
  /** The segment by the model file's rules; null without profit (the rules read it). */
  readonly segment: string | null;
  /** With `reasons: true`: the personal offer part (lib/offers), null when the model file has none. */
  readonly offer?: ScoredOffer;
}

/** A scored customer's reasons and personal offer. */
export interface ScoredOffer {
  /** p · monthly profit · horizon (NaN without profit). */
  readonly profitAtStake: number;
  /** Up to three reasons in words, largest push towards a drop first. */
  readonly reasons: string[];
  /** The offer of largest expected net value the customer may receive, or null (none answers a reason or pays). */
  readonly best: { readonly id: string; readonly title: string; readonly expectedValue: number; readonly category: string | null } | null;
}

/** What {@link scoreRecords} returns. */
export interface RecordScores {
  /** The customers scored, in input order. */
  readonly scored: ScoredCustomer[];
  /** The records that could not be scored, with the rule and reason (`file` is 'records', `line` the 1-based position). */
  readonly rejected: Rejection[];
}

/**
 * P(drop) and segments of one batch of customers (shared by the file and the in-memory scorer): the segment
 * rules need profit, so with NaN profit the segments are null.
 */
export function scoreBatch(pipeline: FittedPipeline, segmentRules: SegmentRule[], ids: ArrayLike<number>, frame: Frame, profits: Float64Array): { proba: Float64Array; assignment: string[] | null; transformed: Matrix } {
  // The preprocessed matrix is kept for the reasons, which read the same columns.
  const transformed = pipeline.preprocessor.transform(frame);
  const proba = pipeline.model.predictProba(transformed);
  const assignment = profits.length === 0 || Number.isNaN(profits[0]!)
    ? null
    : segmentCustomers({ ids, dropProbability: proba, profit: profits, features: frame }, segmentRules).assignment;
  return { proba, assignment, transformed };
}

const FIELD_OF = new Map<string, string>(Object.entries(MODEL_COLUMN_LABELS).flatMap(([field, label]) => [[field, field], [label, field]]));
// Revenue of the three months, in the order the scoring rules read them (PERIODS).
const REVENUE = ['revenueTwoMonthsAgo', 'revenuePreviousMonth', 'revenueCurrentMonth'] as const;

/**
 * Scores customer records with a model file (a path, its text's parsed form, or a loaded model), in memory.
 * @example const { scored } = scoreRecords('models/model.json', [{ id: 1, pagesPerVisit: 3, ... }]); scored[0].dropProbability
 */
export function scoreRecords(model: string | ModelFile | LoadedModel, records: readonly CustomerRecord[], options: { reasons?: boolean } = {}): RecordScores {
  const loaded: LoadedModel = typeof model === 'string' ? readModelFile(model) : 'pipeline' in model && 'file' in model ? (model as LoadedModel) : parseModelFile(JSON.stringify(model), 'model file');
  checkColumnsMatchModel(loaded.file, [...NUMERIC_FEATURES, ...CATEGORY_FEATURES], 'the scorer (this library version)');
  const rules = scoringRulesOf(loaded.file);
  const spec = options.reasons ? offersSpecFromModel(loaded.file.offers, 'the model file') : null;
  if (options.reasons && spec === null) throw new ScoreInputError('the model file has no offers part (it was written without the offers stage): refit it with this version of the study to score reasons and offers');
  const rejected: Rejection[] = [];
  const ids: number[] = [];
  const profits: number[] = [];
  const numeric = NUMERIC_FEATURES.map(() => [] as number[]);
  const categories = CATEGORY_FEATURES.map(() => [] as string[]);
  records.forEach((record, position) => {
    const values = new Map<string, unknown>();
    for (const [key, value] of Object.entries(record)) values.set(FIELD_OF.get(key) ?? key, value);
    const reject = (rule: Rejection['rule'], reason: string) => rejected.push({ id: String(record.id), file: 'records', line: position + 1, rule, reason });
    if (!Number.isSafeInteger(record.id)) return reject('invalid-value', `id: expected a whole number, found ${JSON.stringify(record.id)}`);
    const nums: number[] = [];
    for (const feature of NUMERIC_FEATURES) {
      const v = values.get(feature);
      if (typeof v !== 'number' || !Number.isFinite(v)) return reject('invalid-value', `${feature}: expected a number, found ${v === undefined ? 'no value' : JSON.stringify(v)}`);
      nums.push(v);
    }
    const cats: string[] = [];
    for (const feature of CATEGORY_FEATURES) {
      const v = values.get(feature);
      if (typeof v !== 'string' || v.trim() === '') return reject('invalid-value', `${feature}: expected a category, found ${v === undefined ? 'no value' : JSON.stringify(v)}`);
      cats.push(v.trim());
    }
    const problem = checkScoringRules(REVENUE.map((r) => nums[NUMERIC_FEATURES.indexOf(r)]!), cats, rules);
    if (problem) return reject(problem.rule, problem.reason);
    const profit = values.get('profit');
    ids.push(record.id);
    profits.push(typeof profit === 'number' ? profit : NaN);
    nums.forEach((v, k) => numeric[k]!.push(v));
    cats.forEach((v, k) => categories[k]!.push(v));
  });
  if (ids.length === 0) return { scored: [], rejected };
  const columns: Record<string, FrameColumn> = {};
  NUMERIC_FEATURES.forEach((name, k) => (columns[name] = Float64Array.from(numeric[k]!)));
  CATEGORY_FEATURES.forEach((name, k) => (columns[name] = categories[k]!));
  // Segments need every customer's profit; one record without it leaves the segments empty for all.
  const profitColumn = profits.some((p) => Number.isNaN(p)) ? new Float64Array(0) : Float64Array.from(profits);
  const { proba, assignment, transformed } = scoreBatch(loaded.pipeline, loaded.file.segments.rules as unknown as SegmentRule[], ids, { nRows: ids.length, columns }, profitColumn);
  const frame: Frame = { nRows: ids.length, columns };
  const batch = spec ? offersForBatch(spec, loaded.pipeline, frame, proba, profitColumn, assignment, transformed) : null;
  return {
    scored: ids.map((id, i) => {
      const scored = { id, dropProbability: proba[i]!, segment: assignment === null ? null : assignment[i]! };
      if (!batch || !spec) return scored;
      const best = batch.options[i]![0];
      const offer = best ? spec.catalogue.offers[best.offer]! : null;
      return {
        ...scored,
        offer: {
          profitAtStake: batch.profitAtStake[i]!,
          reasons: reasonTexts(batch.reasons[i]!, spec).filter((t) => t !== ''),
          best: offer && best ? { id: offer.id, title: offer.title, expectedValue: best.value, category: batch.category[i] || null } : null,
        },
      };
    }),
    rejected,
  };
}
