/**
 * The offer catalogue: its shape, and the check every catalogue passes on load (the default one of
 * lib/offers/default-catalogue.ts and a marketer's JSON given with `--offers`). A refused catalogue names the
 * file, the entry (position and id) and the field, so whoever edited it finds the mistake at once.
 */
import * as fs from 'node:fs';
import { StudyError } from '../core/errors';
import { FEATURE_KINDS, FEATURES } from '../data/model-table';

/** How an offer reaches the customer: the messaging channels need «Разрешить сообщать» = «да»; 'onsite' does not. */
export type OfferChannel = 'email' | 'sms' | 'push' | 'call' | 'onsite';

/** The channels that send the customer a message (refused for a customer who does not allow messages). */
export const MESSAGING_CHANNELS: readonly OfferChannel[] = ['email', 'sms', 'push', 'call'];
const CHANNELS: readonly OfferChannel[] = [...MESSAGING_CHANNELS, 'onsite'];

/** A driver an offer answers: a numeric feature and the side of the mean that raises the drop probability, e.g. 'pagesPerVisit:low'. */
export type OfferDriver = `${string}:${'high' | 'low'}`;

/** One offer. */
export interface Offer {
  /** Stable identifier (scores and the model file carry it). */
  readonly id: string;
  /** What the customer gets, in Russian (the reports and the scores show it). */
  readonly title: string;
  /** The same in English, for the `--lang en` rendering. */
  readonly titleEn?: string;
  /** The drivers it answers: an offer is proposed to a customer when one of their top reasons is among them. */
  readonly drivers: readonly OfferDriver[];
  readonly channel: OfferChannel;
  /** Cost per customer reached, in units of the Прибыль column; ≥ 0. */
  readonly cost: number;
  /** Assumed relative fall of the drop probability when the offer reaches the customer, in (0, 1]. */
  readonly effect: number;
  /** Whether the offer features a product category (the customer's category is chosen for it). */
  readonly featuresCategory: boolean;
}

/** A catalogue: a version (named by model files and scores) and its offers. */
export interface OfferCatalogue {
  readonly version: string;
  readonly offers: readonly Offer[];
}

/** A catalogue refused on load: names the file, the entry and the field. */
export class OfferCatalogueError extends StudyError {
  constructor(message: string, path?: string) {
    super(message, 'OFFER_CATALOGUE', path);
  }
}

/** The drivers an offer may answer: every numeric modelling feature, on either side of the mean. */
export const KNOWN_DRIVERS: readonly OfferDriver[] = FEATURES.filter((f) => FEATURE_KINDS[f] === 'numeric').flatMap((f) => [`${f}:high`, `${f}:low`] as OfferDriver[]);

/** Whether a customer who does (not) allow messages may get this offer. */
export function offerAllowed(offer: Offer, allowsMessages: boolean): boolean {
  return allowsMessages || !MESSAGING_CHANNELS.includes(offer.channel);
}

/**
 * Checks a parsed catalogue and returns it typed; `where` names the source in messages (a file path).
 * @example checkOfferCatalogue(JSON.parse(text), 'offers.json')
 */
export function checkOfferCatalogue(value: unknown, where: string): OfferCatalogue {
  const fail = (what: string): never => { throw new OfferCatalogueError(`${where}: ${what}`, where); };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('expected an object with "version" and "offers"');
  const root = value as Record<string, unknown>;
  if (typeof root['version'] !== 'string' || root['version'].trim() === '') fail('field "version": expected a non-empty string');
  if (!Array.isArray(root['offers']) || root['offers'].length === 0) fail('field "offers": expected a non-empty list of offers');
  const seen = new Map<string, number>();
  const offers = (root['offers'] as unknown[]).map((entry, k): Offer => {
    const at = (field: string, expected: string): never => {
      const id = entry !== null && typeof entry === 'object' && typeof (entry as Record<string, unknown>)['id'] === 'string' ? ` (id "${(entry as Record<string, unknown>)['id']}")` : '';
      return fail(`offer ${k + 1}${id}, field "${field}": ${expected}`);
    };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return at('(entry)', 'expected an object');
    const o = entry as Record<string, unknown>;
    if (typeof o['id'] !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(o['id'])) at('id', `expected an identifier of lower-case letters, digits and '-'; got ${JSON.stringify(o['id'])}`);
    const id = o['id'] as string;
    if (seen.has(id)) at('id', `duplicate id: offer ${seen.get(id)! + 1} has it too`);
    seen.set(id, k);
    if (typeof o['title'] !== 'string' || o['title'].trim() === '') at('title', 'missing: expected the offer\'s title in Russian');
    if (o['titleEn'] !== undefined && (typeof o['titleEn'] !== 'string' || o['titleEn'].trim() === '')) at('titleEn', 'expected a non-empty string or no field');
    if (!Array.isArray(o['drivers']) || o['drivers'].length === 0) at('drivers', 'expected a non-empty list such as ["pagesPerVisit:low"]');
    for (const d of o['drivers'] as unknown[]) {
      if (typeof d !== 'string' || !KNOWN_DRIVERS.includes(d as OfferDriver)) at('drivers', `unknown driver ${JSON.stringify(d)}; expected a numeric feature and a side, one of ${KNOWN_DRIVERS.join(', ')}`);
    }
    if (typeof o['channel'] !== 'string' || !CHANNELS.includes(o['channel'] as OfferChannel)) at('channel', `unknown channel ${JSON.stringify(o['channel'])}; expected one of ${CHANNELS.join(', ')}`);
    if (typeof o['cost'] !== 'number' || !Number.isFinite(o['cost']) || o['cost'] < 0) at('cost', `expected a number ≥ 0 (units of the Прибыль column); got ${JSON.stringify(o['cost'])}`);
    if (typeof o['effect'] !== 'number' || !(o['effect'] > 0 && o['effect'] <= 1)) at('effect', `expected the assumed relative fall of the drop probability, a number in (0, 1]; got ${JSON.stringify(o['effect'])}`);
    if (typeof o['featuresCategory'] !== 'boolean') at('featuresCategory', `expected true or false; got ${JSON.stringify(o['featuresCategory'])}`);
    return {
      id, title: (o['title'] as string).trim(), ...(typeof o['titleEn'] === 'string' ? { titleEn: o['titleEn'].trim() } : {}),
      drivers: [...(o['drivers'] as OfferDriver[])], channel: o['channel'] as OfferChannel, cost: o['cost'] as number, effect: o['effect'] as number,
      featuresCategory: o['featuresCategory'] as boolean,
    };
  });
  return { version: (root['version'] as string).trim(), offers };
}

/**
 * Reads and checks a catalogue JSON file.
 * @example readOfferCatalogue('offers.json').offers.length
 */
export function readOfferCatalogue(file: string): OfferCatalogue {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new OfferCatalogueError(`${file}: cannot read the offer catalogue (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new OfferCatalogueError(`${file}: not JSON (${(e as Error).message})`, file);
  }
  return checkOfferCatalogue(parsed, file);
}
