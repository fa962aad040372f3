// Cijfers: the operational dashboards of the own municipality (GET /api/dashboard,
// docs/dashboards.md). A period picker, then one section per figure: a chart (Chart.js, loaded
// lazily in its own chunk) and beside it a data table with exactly the same numbers, made from the
// same description (dashboard.js). The canvas is role="img" with a label that names its table;
// the table is what screen readers and printers use. Aggregates only: no names anywhere.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get, errorView } from '../api.js';
import { txt, periodQuery, validatePeriod, figuresOf, chartData, formatNumber, overdueRows } from '../dashboard.js';
import { Page, Paragraph, Alert, Heading, Loading, Button, TextField, ErrorSummary, summaryItems, Table } from '../components/ui.jsx';

const FIELD_IDS = { from: 'dashboard-from', to: 'dashboard-to' };

function FigureTable({ f }) {
  const id = `tabel-${f.id}`;
  return (
    <div class="utrecht-table__container regie-table-container regie-dashboard__table" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id} class="utrecht-table utrecht-table--html-table regie-table--compact">
        <caption class="utrecht-table__caption" id={`${id}-caption`}>{f.title}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {f.columns.map((c, i) => (
              <th class={i ? 'utrecht-table__header-cell utrecht-table__header-cell--numeric' : 'utrecht-table__header-cell'} scope="col" key={`${i}-${c.label}`}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {f.rows.map((r) => (
            <tr class="utrecht-table__row" key={r.key}>
              <th class="utrecht-table__header-cell regie-row-header" scope="row">{r.header}</th>
              {r.cells.map((c, i) => (
                <td
                  class="utrecht-table__cell utrecht-table__cell--numeric"
                  key={i}
                  data-series={c.series === undefined ? undefined : String(c.series)}
                  data-index={c.index === undefined ? undefined : String(c.index)}
                >
                  {formatNumber(c.value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FigureSection({ f, lib, libError }) {
  const canvas = useRef(null);
  useEffect(() => {
    if (!lib || !canvas.current) return undefined;
    const chart = lib.mountChart(canvas.current, chartData(f), { type: f.type, stacked: f.stacked });
    return () => chart.destroy();
  }, [lib, f]);
  const tableId = `tabel-${f.id}`;
  return (
    <section class="regie-section regie-dashboard__figure" aria-labelledby={`${f.id}-title`} id={f.id}>
      <Heading level={2} id={`${f.id}-title`}>{f.title}</Heading>
      <Paragraph>{f.intro}</Paragraph>
      <div class={f.columns.length > 4 ? 'regie-dashboard__pair regie-dashboard__pair--stacked' : 'regie-dashboard__pair'}>
        <div class="regie-dashboard__chart">
          {libError ? (
            <Paragraph small>{txt.chartError}</Paragraph>
          ) : (
            <canvas ref={canvas} role="img" aria-label={txt.chartLabel(f.title, f.title)} data-table={tableId} id={`grafiek-${f.id}`}>
              {txt.chartLabel(f.title, f.title)}
            </canvas>
          )}
        </div>
        <FigureTable f={f} />
      </div>
    </section>
  );
}

export function Dashboard() {
  const [form, setForm] = useState({ from: '', to: '' });
  const [query, setQuery] = useState('');
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [fields, setFields] = useState({});
  const [tries, setTries] = useState(0);
  const [lib, setLib] = useState(null);
  const [libError, setLibError] = useState(false);

  useEffect(() => {
    let alive = true;
    setError('');
    get(`/api/dashboard${query}`).then((d) => {
      if (!alive) return;
      setData(d);
      setFields({});
      setForm({ from: d.period.from, to: d.period.to });
    }, (e) => {
      if (!alive) return;
      const v = errorView(e, {}, { from: txt.from, to: txt.to });
      setError(v.summary);
      setFields(v.fields);
      setTries((n) => n + 1);
    });
    return () => {
      alive = false;
    };
  }, [query]);

  useEffect(() => {
    if (!data || lib) return undefined;
    let alive = true;
    import('../charts/chart.js').then((m) => alive && setLib(m), () => alive && setLibError(true));
    return () => {
      alive = false;
    };
  }, [data]);

  const submit = (ev) => {
    ev.preventDefault();
    const errs = validatePeriod(form);
    setFields(errs);
    if (Object.keys(errs).length) {
      setError('');
      setTries((n) => n + 1);
      return;
    }
    setQuery(periodQuery(form));
  };
  const items = summaryItems(fields, ['from', 'to'], (k) => FIELD_IDS[k]);
  const figures = useMemo(() => (data ? figuresOf(data) : []), [data]);
  const detail = data ? overdueRows(data.overdue) : [];
  return (
    <Page title={txt.title} wide>
      <div class="regie-dashboard">
        <Paragraph lead>{txt.intro}</Paragraph>
        {(items.length > 0 || error) && (
          <ErrorSummary id="dashboard-errors" message={items.length ? undefined : error} items={items} focusKey={tries} />
        )}
        <form class="regie-no-print regie-dashboard__period" onSubmit={submit} noValidate>
          <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
            <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{txt.periodLegend}</legend>
            <div class="regie-field-row">
              <TextField id={FIELD_IDS.from} name="from" label={txt.from} hint={txt.monthHint} type="month" value={form.from} error={fields.from}
                onValue={(v) => setForm({ ...form, from: v })} size="md" />
              <TextField id={FIELD_IDS.to} name="to" label={txt.to} type="month" value={form.to} error={fields.to}
                onValue={(v) => setForm({ ...form, to: v })} size="md" />
            </div>
            <Button type="submit">{txt.show}</Button>
          </fieldset>
        </form>
        {!data && !error && <Loading />}
        {data && (
          <>
            <p class="utrecht-paragraph" id="dashboard-period" role="status">{txt.periodText(data.month_labels[0], data.month_labels[data.month_labels.length - 1])}</p>
            {data.excluded_restricted && (
              <Alert type="info" id="dashboard-restricted"><Paragraph>{txt.restricted}</Paragraph></Alert>
            )}
            {figures.map((f) => <FigureSection key={`${f.id}-${data.period.from}-${data.period.to}`} f={f} lib={lib} libError={libError} />)}
            {detail.length > 0 && (
              <section class="regie-section" aria-labelledby="te-laat-detail-title">
                <Heading level={2} id="te-laat-detail-title">{txt.sections.overdueDetail}</Heading>
                <Table
                  id="tabel-te-laat-detail"
                  caption={txt.sections.overdueDetail}
                  rows={detail}
                  rowKey={(r) => r.key}
                  columns={[
                    { key: 'group', label: txt.group, render: (r) => r.group },
                    { key: 'kind', label: txt.kind, render: (r) => r.kind },
                    { key: 'value', label: txt.count, render: (r) => formatNumber(r.value) },
                  ]}
                />
              </section>
            )}
          </>
        )}
      </div>
    </Page>
  );
}
