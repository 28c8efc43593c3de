/** Preprocessing: encoders, scalers, the column transformer, the pipeline and the study's preprocessing. */
export * from './one-hot';
export * from './ordinal';
export * from './scalers';
export * from './transformers';
export * from './column-transformer';
export * from './pipeline';
export * from './study';
