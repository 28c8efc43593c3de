/** Scoring customers with a model file, streaming: the four files or a merged table in, scores and rejects out. */
export { scoreCustomers, rejectsPathFor, csvField, SCORES_HEADER, REJECTS_HEADER } from './scorer';
export type { ScoreOptions, ScoreSummary } from './scorer';
export { joinMarketFiles, yieldToEventLoop } from './join';
export type { JoinProgress } from './join';
export { readMergedTable } from './merged';
export { LineReader } from './lines';
export { checkScoringRules, scoringRulesOf, correctCategory } from './rules';
export type { ScoringRules } from './rules';
export { ScoreInputError, NUMERIC_FEATURES, CATEGORY_FEATURES } from './records';
export type { Rejection, RejectRule, RecordSink } from './records';
export { scoreRecords, scoreBatch } from './records-scorer';
export type { CustomerRecord, ScoredCustomer, RecordScores } from './records-scorer';
