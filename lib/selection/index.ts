/** Model selection: splits, stratified k-fold, out-of-fold predictions, grid and randomized search, the study's space. */
export * from './split';
export * from './distributions';
export * from './fit-task';
export * from './pool';
export * from './cross-val';
export * from './search';
export * from './study-space';
