/**
 * The offers step in words and tables for readers (notebooks 08 and 09, the index's decision box): display
 * labels from lib/core/labels, numbers from the offers study, nothing typed by hand.
 */
import { featureLabel, PROFIT_UNIT, russianNumber, segmentLabel, type DisplayLanguage } from '../core/labels';
import type { Interval } from './campaign';
import type { Offer } from './catalogue';
import { reasonText } from './reasons';
import type { OffersStudy } from './study';

const CHANNEL_LABELS: Record<Offer['channel'], { ru: string; en: string }> = {
  email: { ru: 'письмо', en: 'email' },
  sms: { ru: 'SMS', en: 'SMS' },
  push: { ru: 'push-уведомление', en: 'push notification' },
  call: { ru: 'звонок', en: 'call' },
  onsite: { ru: 'на сайте', en: 'on the site' },
};

/** An offer's title in the language. */
export function offerTitle(offer: Offer, lang: DisplayLanguage = 'ru'): string {
  return lang === 'en' ? offer.titleEn ?? offer.title : offer.title;
}

/** An interval as «693 [638; 750]» (Russian: decimal comma). */
export function intervalText(i: Interval, digits = 0, lang: DisplayLanguage = 'ru'): string {
  const f = (v: number) => (lang === 'ru' ? v.toFixed(digits).replace('.', ',') : v.toFixed(digits));
  return `${f(i.estimate)} [${f(i.low)}; ${f(i.high)}]`;
}

/** The catalogue as rows a marketer reads. */
export function catalogueRows(study: OffersStudy, lang: DisplayLanguage = 'ru'): Record<string, string | number>[] {
  const ru = lang === 'ru';
  return study.catalogue.offers.map((o) => ({
    [ru ? 'Предложение' : 'Offer']: offerTitle(o, lang),
    [ru ? 'Канал' : 'Channel']: CHANNEL_LABELS[o.channel][lang],
    [ru ? 'Стоимость' : 'Cost']: o.cost,
    [ru ? 'Принятый эффект (снижение вероятности)' : 'Assumed effect (fall of the probability)']: `${Math.round(o.effect * 100)} %`,
    [ru ? 'Отвечает на причины' : 'Answers']: o.drivers.map((d) => {
      const [feature, side] = d.split(':') as [string, 'high' | 'low'];
      return `${featureLabel(feature, lang)} ${side === 'low' ? (ru ? '(мало)' : '(low)') : ru ? '(много)' : '(high)'}`;
    }).join('; '),
  }));
}

/** What the campaign gives each segment: the offer and category the data supports, with intervals. */
export interface SegmentDecision {
  readonly segment: string;
  readonly label: string;
  readonly customers: Interval;
  readonly inCampaign: Interval;
  readonly value: Interval;
  /** The offer sent most in the segment, its share of the segment's campaign customers, and the featured category most used. */
  readonly leadOffer: { readonly title: string; readonly share: number } | null;
  readonly leadCategory: string | null;
  readonly leadReason: string | null;
}

/** Per segment, largest expected value first. */
export function segmentDecisions(study: OffersStudy, lang: DisplayLanguage = 'ru'): SegmentDecision[] {
  const byId = new Map(study.catalogue.offers.map((o) => [o.id, o]));
  return [...study.segments].sort((a, b) => b.value.estimate - a.value.estimate).map((s) => {
    const sent = s.offerMix.reduce((t, m) => t + m.customers, 0);
    const lead = s.offerMix[0];
    return {
      segment: s.segment,
      label: segmentLabel(s.segment, lang),
      customers: s.size,
      inCampaign: s.inCampaign,
      value: s.value,
      leadOffer: lead ? { title: offerTitle(byId.get(lead.offer)!, lang), share: lead.customers / sent } : null,
      leadCategory: s.categoryMix[0]?.category ?? null,
      leadReason: s.topReasons[0] ? featureLabel(s.topReasons[0].feature, lang) : null,
    };
  });
}

/** The segment decisions as table rows. */
export function segmentDecisionRows(study: OffersStudy, lang: DisplayLanguage = 'ru'): Record<string, string>[] {
  const ru = lang === 'ru';
  return segmentDecisions(study, lang).map((d) => ({
    [ru ? 'Сегмент' : 'Segment']: d.label,
    [ru ? 'Клиентов' : 'Customers']: intervalText(d.customers, 0, lang),
    [ru ? 'В кампании' : 'In the campaign']: intervalText(d.inCampaign, 0, lang),
    [ru ? 'Главная причина риска' : 'Main reason']: d.leadReason ?? '—',
    [ru ? 'Чаще всего предлагаем' : 'Offer sent most']: d.leadOffer ? `${d.leadOffer.title} (${Math.round(d.leadOffer.share * 100)} %)` : '—',
    [ru ? 'Категория' : 'Category']: d.leadCategory ?? '—',
    [ru ? 'Ожидаемая чистая ценность' : 'Expected net value']: intervalText(d.value, 1, lang),
  }));
}

/** The campaign's customers of largest expected value, with their reasons, offer and category. */
export function topCampaignRows(study: OffersStudy, count = 10, lang: DisplayLanguage = 'ru'): Record<string, string | number>[] {
  const ru = lang === 'ru';
  const order = Array.from(study.campaignOffer.keys()).filter((i) => study.campaignOffer[i]! >= 0).sort((a, b) => study.campaignValue[b]! - study.campaignValue[a]! || a - b).slice(0, count);
  return order.map((i) => ({
    [ru ? 'Покупатель' : 'id']: study.ids[i]!,
    [ru ? 'Сегмент' : 'Segment']: segmentLabel(study.segmentOfCustomer[i] ?? '', lang),
    [ru ? 'Прибыль под риском' : 'Profit at stake']: ru ? russianNumber(study.profitAtStake[i]!, 2) : Number(study.profitAtStake[i]!.toFixed(2)),
    [ru ? 'Причины' : 'Reasons']: study.reasons[i]!.map((r) => reasonText(r, study.explainer.featureMeans, lang)).join('; '),
    [ru ? 'Предложение' : 'Offer']: offerTitle(study.catalogue.offers[study.campaignOffer[i]!]!, lang),
    [ru ? 'Категория' : 'Category']: study.catalogue.offers[study.campaignOffer[i]!]!.featuresCategory ? study.category[i]! : '—',
    [ru ? 'Ожидаемая ценность' : 'Expected value']: ru ? russianNumber(study.campaignValue[i]!, 2) : Number(study.campaignValue[i]!.toFixed(2)),
  }));
}

/**
 * The decision in a few sentences a manager can forward: whom to contact, with what, and the expected effect
 * with its interval and the assumptions it rests on. Profit is in units of the Прибыль column (the data gives
 * no currency).
 */
export function campaignDecisionText(study: OffersStudy, lang: DisplayLanguage = 'ru'): string[] {
  const d = segmentDecisions(study, lang).filter((s) => s.inCampaign.estimate > 0);
  const t = study.totals;
  const budget = study.settings.budget;
  const money = (v: number) => (lang === 'ru' ? v.toFixed(1).replace('.', ',') : v.toFixed(1));
  // The campaign's customers the first three segments do not cover (the sentence names three).
  const rest = t.offers - d.slice(0, 3).reduce((sum, s) => sum + Math.round(s.inCampaign.estimate), 0);
  if (lang === 'en') {
    return [
      `Contact ${t.offers} customers (of ${study.ids.length}) within a budget of ${budget.maxCost !== undefined ? `${budget.maxCost} (units of the Прибыль column)` : `${budget.maxOffers} offers`}: ${d.slice(0, 3).map((s) => `${s.label}: ${Math.round(s.inCampaign.estimate)}, mostly «${s.leadOffer?.title ?? '—'}»${s.leadCategory ? ` in «${s.leadCategory}»` : ''}`).join('; ')}${rest > 0 ? `; ${rest} more in the other segments` : ''}.`,
      `Expected net value ${money(t.value.estimate)} [${money(t.value.low)}; ${money(t.value.high)}] (95 % bootstrap interval) at a cost of ${money(t.cost)}, in units of the Прибыль column (mean monthly profit per customer), over ${study.horizonMonths} months.`,
      `It rests on assumed offer effects (a ${Math.round(Math.min(...study.catalogue.offers.map((o) => o.effect)) * 100)}–${Math.round(Math.max(...study.catalogue.offers.map((o) => o.effect)) * 100)} % fall of the drop probability), not measured ones: a first campaign with a control group measures them.`,
    ];
  }
  return [
    `Связаться с ${t.offers} клиентами из ${study.ids.length} в пределах бюджета ${budget.maxCost !== undefined ? `${budget.maxCost} (${PROFIT_UNIT.ru})` : `${budget.maxOffers} предложений`}: ${d.slice(0, 3).map((s) => `«${s.label}» — ${Math.round(s.inCampaign.estimate)}, чаще всего «${s.leadOffer?.title ?? '—'}»${s.leadCategory ? ` в категории «${s.leadCategory}»` : ''}`).join('; ')}${rest > 0 ? `; ещё ${rest} — в остальных сегментах` : ''}.`,
    `Ожидаемая чистая ценность — ${money(t.value.estimate)} [${money(t.value.low)}; ${money(t.value.high)}] (95 % бутстреп-интервал) при затратах ${money(t.cost)}, ${PROFIT_UNIT.ru} (средняя месячная прибыль с клиента), за ${study.horizonMonths} мес.`,
    `Расчёт опирается на принятые, а не измеренные эффекты предложений (вероятность снижения активности падает на ${Math.round(Math.min(...study.catalogue.offers.map((o) => o.effect)) * 100)}–${Math.round(Math.max(...study.catalogue.offers.map((o) => o.effect)) * 100)} %): первая кампания с контрольной группой их измерит.`,
  ];
}
