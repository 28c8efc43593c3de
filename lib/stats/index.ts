/**
 * Statistics of the study: descriptions and distribution checks by class, Pearson/Spearman correlation,
 * phi_K (as the Python `phik` package computes it) and variance inflation factors.
 * @example import { describe, phikMatrix, vif } from './lib/stats';
 */
export * from './describe';
export * from './correlation';
export * from './phik';
export * from './vif';
export { normalCdf, bivariateUpper, bivariateRectangle } from './bvn';
