/**
 * The study's offer catalogue: what the store can send, written as plain data a marketer edits (ids, Russian
 * titles, the drivers each offer answers, channel, cost and assumed effect). A copy as JSON, edited and given
 * with `--offers FILE`, replaces it; both are checked by lib/offers/catalogue.ts on load.
 *
 * Costs are in units of the Прибыль column (money.csv: the customer's mean monthly profit), per customer
 * reached. `effect` is the ASSUMED relative fall of the customer's drop probability when the offer reaches
 * them (0.2: a drop probability of 0.5 becomes 0.4) — parameters, not data, until a campaign with a control
 * group measures them (docs/decisions.md "Offer effects").
 */
import type { OfferCatalogue } from './catalogue';

/** The default catalogue (bump `version` on every change: model files and scores name it). */
export const DEFAULT_OFFER_CATALOGUE: OfferCatalogue = {
  version: '2026-12-06',
  offers: [
    {
      id: 'promo-coupon',
      title: 'Купон на скидку в любимой категории',
      titleEn: 'A discount coupon in the favourite category',
      drivers: ['promoPurchaseShare:high'],
      channel: 'email',
      cost: 0.6,
      effect: 0.25,
      featuresCategory: true,
    },
    {
      id: 'recommendations-email',
      title: 'Письмо с персональной подборкой новинок',
      titleEn: 'An email with personal picks of new goods',
      drivers: ['pagesPerVisit:low', 'categoriesPerVisit:low', 'minutesPreviousMonth:low', 'minutesCurrentMonth:low', 'revenueCurrentMonth:low'],
      channel: 'email',
      cost: 0.2,
      effect: 0.15,
      featuresCategory: true,
    },
    {
      id: 'recommendations-onsite',
      title: 'Персональная подборка на главной странице сайта',
      titleEn: 'Personal picks on the site\'s home page',
      drivers: ['pagesPerVisit:low', 'categoriesPerVisit:low', 'minutesPreviousMonth:low', 'minutesCurrentMonth:low', 'revenueCurrentMonth:low'],
      channel: 'onsite',
      cost: 0.05,
      effect: 0.08,
      featuresCategory: true,
    },
    {
      id: 'cart-reminder',
      title: 'Напоминание о товарах в корзине',
      titleEn: 'A reminder of the items left in the cart',
      drivers: ['unpaidItemsQuarter:high'],
      channel: 'push',
      cost: 0.15,
      effect: 0.2,
      featuresCategory: false,
    },
    {
      id: 'cart-banner-onsite',
      title: 'Баннер «Ваша корзина ждёт» на сайте',
      titleEn: 'A "your cart is waiting" banner on the site',
      drivers: ['unpaidItemsQuarter:high'],
      channel: 'onsite',
      cost: 0.05,
      effect: 0.1,
      featuresCategory: false,
    },
    {
      id: 'more-contact',
      title: 'Регулярная рассылка о новинках и акциях',
      titleEn: 'A regular newsletter of new goods and promotions',
      drivers: ['marketingActivity6m:low', 'marketingActivityCurrentMonth:low'],
      channel: 'email',
      cost: 0.3,
      effect: 0.15,
      featuresCategory: true,
    },
    {
      id: 'service-apology',
      title: 'Извинение за сбой сайта и бонус на следующий заказ',
      titleEn: 'An apology for the site failure and a bonus on the next order',
      drivers: ['serviceErrors:high'],
      channel: 'email',
      cost: 0.4,
      effect: 0.12,
      featuresCategory: false,
    },
  ],
};
