/**
 * Charts of the personal offers (notebooks 08 and 09): the offer mix per segment and the budget curve. They
 * take plain labelled numbers, so lib/report stays independent of lib/offers; labels come from lib/core/labels.
 */
import { PROFIT_UNIT } from '../core/labels';
import { baseLayout, type Figure, type Trace } from './figures';

const OFFER_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/** Customers per offer in each segment, stacked horizontal bars (segments on the y axis, labels never cut). */
export function offerMixFigure(segments: readonly { label: string; mix: readonly { offer: string; customers: number }[] }[], options: { title?: string; xLabel?: string } = {}): Figure {
  const offers = [...new Set(segments.flatMap((s) => s.mix.map((m) => m.offer)))];
  const data: Trace[] = offers.map((offer, k) => ({
    type: 'bar',
    orientation: 'h',
    name: offer,
    y: segments.map((s) => s.label),
    x: segments.map((s) => s.mix.find((m) => m.offer === offer)?.customers ?? 0),
    marker: { color: OFFER_COLOURS[k % OFFER_COLOURS.length] },
    hovertemplate: `%{y}<br>${offer}: %{x}<extra></extra>`,
  }));
  return {
    data,
    layout: baseLayout({ title: options.title ?? 'Предложения по сегментам', height: 140 + 46 * segments.length + 22 * offers.length }, {
      barmode: 'stack',
      xaxis: { title: { text: options.xLabel ?? 'покупателей' } },
      yaxis: { automargin: true, autorange: 'reversed' },
      legend: { orientation: 'h', y: -0.25, yanchor: 'top' },
      margin: { l: 10, r: 20, t: 50, b: 60 },
    }),
  };
}

/** Total expected net value against total cost as offers are added (customers by best value), with the chosen campaign marked. */
export function budgetCurveFigure(curve: { cost: ArrayLike<number>; value: ArrayLike<number>; offers: ArrayLike<number> }, chosen: { cost: number; value: number; offers: number; label: string }, options: { title?: string; costLabel?: string; valueLabel?: string; curveLabel?: string } = {}): Figure {
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: options.curveLabel ?? 'лучшие предложения по убыванию ценности', x: Array.from(curve.cost), y: Array.from(curve.value), customdata: Array.from(curve.offers), line: { color: '#1f77b4' }, hovertemplate: '%{customdata} предложений · затраты %{x:.1f} · ценность %{y:.1f}<extra></extra>' },
      { type: 'scatter', mode: 'markers+text', name: chosen.label, x: [chosen.cost], y: [chosen.value], text: [`${chosen.offers}`], textposition: 'top left', marker: { size: 11, color: '#d62728', symbol: 'diamond' } },
    ],
    layout: baseLayout({ title: options.title ?? 'Ожидаемая чистая ценность кампании в зависимости от затрат', height: 430 }, {
      xaxis: { title: { text: options.costLabel ?? `затраты на предложения (${PROFIT_UNIT.ru})` }, automargin: true },
      yaxis: { title: { text: options.valueLabel ?? 'ожидаемая чистая ценность' }, automargin: true, zeroline: true },
      legend: { orientation: 'h', y: -0.2 },
    }),
  };
}
