/**
 * Small valid copies of the four files for tests (three customers, real formats: CRLF, `;` + decimal comma in
 * money.csv), and helpers to break one line at a time.
 */
import type { MarketTexts } from '../../lib/data/load';

const CRLF = '\r\n';

/** Lines of each file (header first), valid. */
export function smallLines(): Record<keyof MarketTexts, string[]> {
  return {
    customers: [
      'id,Покупательская активность,Тип сервиса,Разрешить сообщать,Маркет_актив_6_мес,Маркет_актив_тек_мес,Длительность,Акционные_покупки,Популярная_категория,Средний_просмотр_категорий_за_визит,Неоплаченные_продукты_штук_квартал,Ошибка_сервиса,Страниц_за_визит',
      '1,Снизилась,премиум,да,3.4,5,121,0.0,Товары для детей,6,2,1,5',
      '2,Прежний уровень,стандартт,нет,4.9,3,539,0.14,Косметика и аксесуары,5,2,1,5',
      '3,Прежний уровень,стандарт,да,5.5,4,700,0.25,Кухонная посуда,3,0,4,11',
    ],
    revenue: [
      'id,Период,Выручка',
      '1,препредыдущий_месяц,4000.0',
      '1,текущий_месяц,4500.5',
      '1,предыдущий_месяц,4200.0',
      '2,препредыдущий_месяц,5000.0',
      '2,текущий_месяц,5100.0',
      '2,предыдущий_месяц,0.0',
      '3,препредыдущий_месяц,6000.0',
      '3,текущий_месяц,106862.2',
      '3,предыдущий_месяц,6100.0',
    ],
    minutes: [
      'id,Период,минут',
      '1,текущий_месяц,14',
      '1,предыдцщий_месяц,13',
      '2,текущий_месяц,10',
      '2,предыдущий_месяц,12',
      '3,текущий_месяц,20',
      '3,предыдцщий_месяц,19',
    ],
    profit: ['id;Прибыль', '1;0,98', '2;4,16', '3;3'],
  };
}

/** Joins lines into a CRLF file text ending with a line break. */
export function toText(lines: readonly string[], eol = CRLF): string {
  return lines.map((l) => l + eol).join('');
}

/** The small files as texts, after optional edits to their lines. */
export function smallTexts(edit?: (lines: Record<keyof MarketTexts, string[]>) => void): MarketTexts {
  const lines = smallLines();
  edit?.(lines);
  return {
    customers: toText(lines.customers),
    revenue: toText(lines.revenue),
    minutes: toText(lines.minutes),
    profit: toText(lines.profit),
  };
}
