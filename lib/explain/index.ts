/** Explanations: permutation importance, SHAP (tree, linear, kernel, for a whole pipeline), drivers in words. */
export * from './permutation';
export * from './shap-types';
export * from './linear-shap';
export * from './kernel-shap';
export * from './tree-shap';
export * from './pipeline-shap';
export * from './drivers';
