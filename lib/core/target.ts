/**
 * The target's values as the store writes them in market_file.csv («Покупательская активность»): lib/data
 * reads them, lib/report labels its classes with them.
 */

/** The target's two values; 1 = {@link TARGET_POSITIVE}. */
export const TARGET_POSITIVE = 'Снизилась';
/** The target's other value (0): activity stayed at the previous level. */
export const TARGET_NEGATIVE = 'Прежний уровень';
