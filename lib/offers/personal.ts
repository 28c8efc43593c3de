/**
 * A personal offer per customer: among the catalogue's offers the customer may receive (a customer who does not
 * allow messages gets on-site offers only) and that answer one of their top reasons, the one of largest
 * expected net value
 *
 *   value = p · effect · profit · horizon − cost,
 *
 * where p · profit · horizon is the profit at stake (the customer's monthly profit over the target's horizon,
 * if their activity drops) and `effect` the offer's assumed relative fall of p. No offer when none answers a
 * reason or none is worth its cost. The category each offer features comes from the data (lib/offers/category.ts).
 */
import { offerAllowed, type OfferCatalogue, type OfferDriver } from './catalogue';
import type { CustomerReason } from './reasons';

/** One offer a customer could get, with its expected net value. */
export interface OfferOption {
  /** Index of the offer in the catalogue. */
  readonly offer: number;
  readonly cost: number;
  /** Expected net value: p · effect · profit · horizon − cost. */
  readonly value: number;
  /** Which of the customer's reasons (0-based) it answers first. */
  readonly answers: number;
}

/** What {@link personalOffers} needs per customer (parallel arrays). */
export interface PersonalOfferInput {
  readonly dropProbability: ArrayLike<number>;
  /** Monthly profit (units of the Прибыль column). */
  readonly profit: ArrayLike<number>;
  /** «Разрешить сообщать» = «да». */
  readonly allowsMessages: readonly boolean[];
  readonly reasons: readonly (readonly CustomerReason[])[];
}

/** Every customer's offers worth their cost (largest value first; empty: no offer) and profit at stake. */
export interface PersonalOffers {
  readonly options: OfferOption[][];
  /** p · profit · horizon. */
  readonly profitAtStake: Float64Array;
  readonly horizonMonths: number;
}

/** The profit at stake of one customer: p · monthly profit · horizon. */
export function profitAtStake(p: number, profit: number, horizonMonths: number): number {
  return p * profit * horizonMonths;
}

/**
 * The offers each customer may get, worth their cost, best first.
 * @example personalOffers(DEFAULT_OFFER_CATALOGUE, { dropProbability, profit, allowsMessages, reasons }, 3).options[0][0]
 */
export function personalOffers(catalogue: OfferCatalogue, input: PersonalOfferInput, horizonMonths: number): PersonalOffers {
  const n = input.dropProbability.length;
  if (input.profit.length !== n || input.allowsMessages.length !== n || input.reasons.length !== n) {
    throw new Error(`personalOffers: ${n} probabilities, ${input.profit.length} profits, ${input.allowsMessages.length} consents, ${input.reasons.length} reason lists`);
  }
  const stake = new Float64Array(n);
  const options: OfferOption[][] = [];
  for (let i = 0; i < n; i++) {
    const p = input.dropProbability[i]!;
    stake[i] = profitAtStake(p, input.profit[i]!, horizonMonths);
    const keys = input.reasons[i]!.map((r) => (r.side ? (`${r.feature}:${r.side}` as OfferDriver) : null));
    const mine: OfferOption[] = [];
    catalogue.offers.forEach((offer, k) => {
      if (!offerAllowed(offer, input.allowsMessages[i]!)) return;
      const answers = keys.findIndex((key) => key !== null && offer.drivers.includes(key));
      if (answers < 0) return;
      const value = offer.effect * stake[i]! - offer.cost;
      if (value > 0) mine.push({ offer: k, cost: offer.cost, value, answers });
    });
    // Best first; ties: the cheaper, then catalogue order, so the choice repeats exactly.
    mine.sort((a, b) => b.value - a.value || a.cost - b.cost || a.offer - b.offer);
    options.push(mine);
  }
  return { options, profitAtStake: stake, horizonMonths };
}
