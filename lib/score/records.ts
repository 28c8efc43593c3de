/**
 * What the scorer's readers produce: one customer ready to score (features after the scoring cleaning
 * rules) or one rejected row with the rule it broke and a message naming file and line.
 */
import { StudyError } from '../core/errors';

/** Why a row could not be scored. */
export type RejectRule =
  | 'invalid-value'
  | 'duplicate'
  | 'missing-rows'
  | 'unknown-customer'
  | 'inactive'
  | 'extreme-revenue'
  | 'unknown-category';

/** A row the scorer could not score, and why. */
export interface Rejection {
  /** Customer id as written (may be unreadable text). */
  readonly id: string;
  readonly file: string;
  /** 1-based line in `file` (header = 1); null when the problem is the absence of a line. */
  readonly line: number | null;
  readonly rule: RejectRule;
  readonly reason: string;
}

/** The numeric features of a customer, in the order of {@link NUMERIC_FEATURES}. */
export const NUMERIC_FEATURES = [
  'marketingActivity6m',
  'marketingActivityCurrentMonth',
  'tenureDays',
  'promoPurchaseShare',
  'categoriesPerVisit',
  'unpaidItemsQuarter',
  'serviceErrors',
  'pagesPerVisit',
  'revenueTwoMonthsAgo',
  'revenuePreviousMonth',
  'revenueCurrentMonth',
  'minutesPreviousMonth',
  'minutesCurrentMonth',
] as const;

/** The category features of a customer, in the order of {@link CATEGORY_FEATURES}. */
export const CATEGORY_FEATURES = ['serviceType', 'allowMessages', 'popularCategory'] as const;

/** Where rows go: accepted customers into the batch, rejections to the rejects file. */
export interface RecordSink {
  /** A customer to score: numeric features (NUMERIC_FEATURES order), categories, profit (NaN when unknown). */
  accept(id: number, numeric: ArrayLike<number>, categories: readonly string[], profit: number): void;
  reject(rejection: Rejection): void;
}

/** The input the scorer could not read at all (not a row problem): ids out of order, unreadable header. */
export class ScoreInputError extends StudyError {
  constructor(message: string) {
    super(message, 'SCORE_INPUT');
  }
}
