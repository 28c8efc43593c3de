/** The parameters of every preprocessing transformer kind, declared once (see lib/models/param-schemas.ts). */
import type { ParamSchema } from '../core/params';

/** Parameters of each preprocessing transformer kind. */
export const TRANSFORMER_PARAMS: Readonly<Record<string, ParamSchema>> = {
  'standard-scaler': {},
  'minmax-scaler': {},
  passthrough: {},
  'one-hot': { drop: [{ type: 'null' }, { type: 'choice', values: ['first'] }] },
  ordinal: { categories: { type: 'object' }, unknownValue: [{ type: 'null' }, { type: 'number' }] },
};
