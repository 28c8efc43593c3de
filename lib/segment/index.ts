/** Segmentation: rule-based segments by drop probability × profit, profiles, expected-value targeting, recommendations. */
export * from './rules';
export * from './profile';
export * from './targeting';
export * from './recommend';
export * from './study';
