/**
 * The data layer's public face: find the files, read and validate them, clean them with logged rules, and
 * build the modelling table. Other parts of the study import from here.
 * @example const { source, log, table } = prepareStudyData(); // table.ids.length === 1296 on the real data
 */
export * from './schema';
export * from './errors';
export * from './csv';
export * from './parse';
export * from './locate';
export * from './load';
export * from './synthetic';
export * from './model-table';
export * from './clean';
export * from './merge';
export * from './prepare';
export * from './inspect';
