/** Explanations: permutation importance, SHAP (linear, kernel; TreeSHAP in tree-shap.ts) and helpers on SHAP values. */
export * from './permutation';
export * from './shap-types';
export * from './linear-shap';
export * from './kernel-shap';
export * from './pipeline-shap';
export * from './drivers';
