// @ts-check
// Pure helpers for the dashboards ("Cijfers", docs/dashboards.md): the texts, the period in the
// query string, and for every figure of GET /api/dashboard ONE description from which both the
// chart (labels + datasets for Chart.js) and its data table (columns + rows) are made, so the two
// always show the same numbers. Unit-tested in test/unit/dashboard.test.mjs; no DOM here.

export const txt = {
  title: 'Cijfers',
  intro: 'Exacte aantallen van uw gemeente, voor sturing en evaluatie van de aanpak. Er staan geen namen of andere persoonsgegevens in.',
  periodLegend: 'Periode',
  from: 'Van (maand)',
  to: 'Tot en met (maand)',
  monthHint: 'Bijvoorbeeld 2026-01. Hoogstens 36 maanden.',
  show: 'Toon cijfers',
  loading: 'De cijfers worden geladen.',
  periodText: (from, to) => `Periode: ${from} tot en met ${to}.`,
  restricted: 'Meldingen via een AIVD-ambtsbericht zijn niet meegeteld: die mag u niet inzien.',
  chartLabel: (title, tableCaption) => `Grafiek: ${title}. Dezelfde cijfers staan in de tabel "${tableCaption}".`,
  chartError: 'De grafiek kon niet worden geladen. De cijfers staan in de tabel.',
  month: 'Maand',
  total: 'Totaal',
  count: 'Aantal',
  none: '–',
  sections: {
    route: { title: 'Meldingen per maand naar route', intro: 'Hoe meldingen binnenkwamen, per maand van ontvangst.' },
    outcome: { title: 'Meldingen per maand naar uitkomst', intro: 'De uitkomst van de laatste weging, per maand van ontvangst.' },
    phase: { title: 'Casussen per fase', intro: 'Alle casussen van uw gemeente, naar de fase waarin ze nu zijn.' },
    flag: { title: 'Lopende casussen per markering', intro: 'Een casus kan meer dan één markering hebben.' },
    overdue: { title: 'Te laat', intro: 'Open checklistpunten en acties uit overleggen waarvan de termijn voorbij is (stand van vandaag).' },
    overdueDetail: 'Te laat, per onderdeel',
    lead: { title: 'Doorlooptijden', intro: 'In dagen, voor wat in de periode is afgerond. De helft duurde korter dan de mediaan; de middelste helft ligt tussen het 25e en 75e percentiel.' },
    reref: { title: 'Opnieuw gemeld', intro: 'Meldingen over iemand die al eerder bij uw gemeente is gemeld (en van wie de gegevens nog worden bewaard), per maand van ontvangst.' },
  },
  tasks: 'Checklistpunten',
  actions: 'Acties uit overleggen',
  kind: 'Soort',
  group: 'Onderdeel',
  leadName: 'Doorlooptijd',
  n: 'Afgerond',
  median: 'Mediaan (dagen)',
  p25: '25e percentiel',
  p75: '75e percentiel',
  open: 'Nog lopend',
  medianSeries: 'Mediaan in dagen',
  reref: 'Opnieuw gemeld',
  phase: 'Fase',
  flag: 'Markering',
};

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The query string for a period form; empty fields are left out (the server's default). */
export function periodQuery({ from = '', to = '' } = {}) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Field errors of a period form before it is sent: {from?, to?} (Dutch). */
export function validatePeriod({ from = '', to = '' } = {}) {
  const err = {};
  if (from && !MONTH_RE.test(from)) err.from = 'Vul een maand in als JJJJ-MM.';
  if (to && !MONTH_RE.test(to)) err.to = 'Vul een maand in als JJJJ-MM.';
  if (!err.from && !err.to && from && to && from > to) err.from = 'De eerste maand ligt na de laatste.';
  return err;
}

/** Dutch number: integers as is, one decimal with a comma; null/undefined → "–". */
export function formatNumber(v) {
  if (v === null || v === undefined) return txt.none;
  if (Number.isInteger(v)) return String(v);
  return Number(v).toFixed(1).replace('.', ',');
}

/** Parses a table cell back into a number (the inverse of formatNumber); "–" → null. */
export function parseNumber(s) {
  const x = String(s).trim();
  if (x === txt.none || x === '') return null;
  return Number(x.replace(',', '.'));
}

/**
 * A figure: { id, type: 'bar'|'line', stacked, title, intro, labels: [..], datasets: [{code,label,data:[..]}],
 *             rowHeader, columns: [{label, series?}], rows: [{key, header, cells:[{value, series?, index?}]}] }.
 * A cell with `series` i and `index` j shows datasets[i].data[j]: the chart and the table share the numbers.
 */
function figure(id, type, section, labels, datasets, { stacked = false, rowHeader, total = false } = {}) {
  const columns = [{ label: rowHeader }, ...datasets.map((d, i) => ({ label: d.label, series: i }))];
  if (total) columns.push({ label: txt.total });
  const rows = labels.map((label, j) => {
    const cells = datasets.map((d, i) => ({ value: d.data[j], series: i, index: j }));
    if (total) cells.push({ value: datasets.reduce((a, d) => a + (d.data[j] || 0), 0) });
    return { key: String(j), header: label, cells };
  });
  return { id, type, stacked, title: section.title, intro: section.intro, labels, datasets, columns, rows };
}

/** Monthly series ({series:[{code,label,values}]}) → a stacked bar figure with months as rows. */
export function monthlyFigure(id, section, fig, monthLabels) {
  const datasets = (fig?.series || []).map((s) => ({ code: s.code, label: s.label, data: s.values.slice() }));
  return figure(id, 'bar', section, monthLabels.slice(), datasets, { stacked: true, rowHeader: txt.month, total: true });
}

/** Items ([{code,label,value}]) → a bar figure with one series. */
export function itemsFigure(id, section, items, rowHeader, seriesLabel = txt.count) {
  const list = items || [];
  return figure(id, 'bar', section, list.map((x) => x.label), [{ code: 'count', label: seriesLabel, data: list.map((x) => x.value) }], { rowHeader });
}

/** The overdue totals: checklist items and actions. */
export function overdueFigure(overdue) {
  const o = overdue || { tasks: { total: 0 }, actions: { total: 0 } };
  return figure('te-laat', 'bar', txt.sections.overdue, [txt.tasks, txt.actions],
    [{ code: 'count', label: txt.count, data: [o.tasks.total, o.actions.total] }], { rowHeader: txt.kind });
}

/** The overdue breakdown (table only): [{key, kind, group, value}] for groups with a count. */
export function overdueRows(overdue) {
  const out = [];
  for (const [kind, part] of [[txt.tasks, overdue?.tasks], [txt.actions, overdue?.actions]]) {
    for (const g of part?.groups || []) if (g.value > 0) out.push({ key: `${kind}-${g.code}`, kind, group: g.label, value: g.value });
  }
  return out;
}

/** Lead times: the chart shows the medians; the table adds n, p25, p75 and the open ones. */
export function leadFigure(lead) {
  const items = lead?.items || [];
  const f = figure('doorlooptijden', 'bar', txt.sections.lead, items.map((x) => x.label),
    [{ code: 'median', label: txt.medianSeries, data: items.map((x) => x.median) }], { rowHeader: txt.leadName });
  f.columns = [{ label: txt.leadName }, { label: txt.n }, { label: txt.median, series: 0 }, { label: txt.p25 }, { label: txt.p75 }, { label: txt.open }];
  f.rows = items.map((x, j) => ({
    key: x.code,
    header: x.label,
    cells: [{ value: x.n }, { value: x.median, series: 0, index: j }, { value: x.p25 }, { value: x.p75 }, { value: x.open }],
  }));
  return f;
}

/** Re-referrals per month: a line. */
export function rerefFigure(rr, monthLabels) {
  const f = figure('opnieuw-gemeld', 'line', txt.sections.reref, monthLabels.slice(),
    [{ code: 'rereferrals', label: txt.reref, data: (rr?.values || []).slice() }], { rowHeader: txt.month });
  return f;
}

/** Every figure of a dashboard answer, in page order. */
export function figuresOf(d) {
  const ml = d.month_labels || d.months || [];
  return [
    monthlyFigure('meldingen-route', txt.sections.route, d.signals_by_route, ml),
    monthlyFigure('meldingen-uitkomst', txt.sections.outcome, d.signals_by_outcome, ml),
    itemsFigure('casussen-fase', txt.sections.phase, d.cases_by_phase?.items, txt.phase),
    itemsFigure('casussen-markering', txt.sections.flag, d.cases_by_flag?.items, txt.flag),
    overdueFigure(d.overdue),
    leadFigure(d.lead_times),
    rerefFigure(d.rereferrals, ml),
  ];
}

/** The Chart.js data of a figure (what the chart draws; the e2e test compares it with the table). */
export function chartData(f) {
  return { labels: f.labels.slice(), datasets: f.datasets.map((d) => ({ label: d.label, data: d.data.slice() })) };
}
