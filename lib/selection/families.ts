/** The model families the study compares (lib/selection/study-space.ts holds their search spaces). */

/** The model families the study compares. */
export const STUDY_FAMILIES = ['logistic', 'knn', 'tree', 'svc', 'forest'] as const;
/** One of {@link STUDY_FAMILIES}; also the model kind in the registry. */
export type StudyFamily = (typeof STUDY_FAMILIES)[number];
