/** Metrics: ROC/AUC, confusion matrix, precision/recall/F1, log loss, Brier, calibration, threshold choice. */
export * from './roc';
export * from './classification';
export * from './probability';
export * from './calibration';
export * from './threshold';
export { pairwiseSum, trapezoid } from './numeric';
