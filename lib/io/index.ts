/** Output plumbing: atomic writes, progress reporting, fingerprints and canonical JSON. */
export * from './atomic';
export * from './progress';
export * from './fingerprint';
