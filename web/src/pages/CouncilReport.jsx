// Raadsrapportage: the disclosure-controlled council figures (GET /api/figures/council,
// docs/figures.md). A period picker (a quarter or a whole year), the secrecy marking as a banner
// (and, in print, in the top and bottom margin of every page), one table per kind of count with its
// totals, suppressed cells shown as "<10", and a plain explanation of rounding and suppression.
// Roles that may issue a copy (dossierhouder, burgemeester) record the recipient here and see
// the copies issued. Tables only: no names, no charts. The print stylesheet is in app.css.
import { useEffect, useState } from 'preact/hooks';
import { get, post, errorView } from '../api.js';
import { formatDate, formatDateTime } from '../i18n/nl.js';
import { T, periodOptions, defaultPeriod, validPeriod, periodLabel, explanation, tableView, recipientError, shortDigest, cellDescription } from '../figures.js';
import { Page, Paragraph, Alert, Heading, Loading, Button, ButtonGroup, TextField, SelectField, ErrorSummary, Table, announce } from '../components/ui.jsx';

/** The secrecy marking; in print also at the top and bottom of every page (app.css, @page). */
function Marking({ text }) {
  return (
    <div class="regie-marking regie-marking--banner" role="note">
      <strong>{text}</strong>
    </div>
  );
}

function FiguresTable({ table, threshold, period }) {
  const v = tableView(table, threshold);
  const id = `raad-${table.code}`;
  const raw = (table.rows || []).map((r) => r.cells || []);
  return (
    <div class="utrecht-table__container regie-table-container regie-council__table" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id} class="utrecht-table utrecht-table--html-table regie-table--compact">
        <caption class="utrecht-table__caption" id={`${id}-caption`}>{`${table.title} (aantal ${table.unit}), ${periodLabel(period)}`}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">{T.municipality}</th>
            {v.columns.map((c, i) => (
              <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={`${i}-${c}`}>{c}</th>
            ))}
            <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">{T.total}</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {v.rows.map((r, ri) => (
            <tr class="utrecht-table__row" key={r.key}>
              <th class="utrecht-table__header-cell regie-row-header" scope="row">{r.name}</th>
              {r.cells.map((c, i) => (
                <td class="utrecht-table__cell utrecht-table__cell--numeric" key={i} title={raw[ri]?.[i] === null ? cellDescription(null, threshold) : undefined}>{c}</td>
              ))}
              <td class="utrecht-table__cell utrecht-table__cell--numeric regie-council__total">{r.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot class="utrecht-table__footer">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell regie-row-header" scope="row">{T.total}</th>
            {v.totals.cells.map((c, i) => (
              <td class="utrecht-table__cell utrecht-table__cell--numeric regie-council__total" key={i}>{c}</td>
            ))}
            <td class="utrecht-table__cell utrecht-table__cell--numeric regie-council__total">{v.totals.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function IssueCopy({ period, onIssued }) {
  const [recipient, setRecipient] = useState('');
  const [error, setError] = useState('');
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const local = recipientError(recipient);
    setDone('');
    if (local) {
      setError(local);
      setSummary(local);
      return;
    }
    setBusy(true);
    try {
      const r = await post('/api/figures/council/copies', { period, recipient: recipient.trim() });
      const msg = T.issued(r.id, r.recipient);
      setDone(msg);
      setError('');
      setSummary('');
      setRecipient('');
      announce(msg);
      onIssued();
    } catch (err) {
      const v = errorView(err, {}, { recipient: T.recipientLabel, period: T.periodLabel });
      setError(v.fields.recipient || v.fields.period || '');
      setSummary(v.summary);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="regie-section regie-no-print" aria-labelledby="uitgeven-titel">
      <Heading level={2} id="uitgeven-titel">{T.issueTitle}</Heading>
      <Paragraph>{T.issueIntro}</Paragraph>
      {summary && (
        <ErrorSummary id="uitgeven-fouten" focusKey={summary} items={error ? [{ id: 'raad-ontvanger', message: error }] : []} message={error ? '' : summary} />
      )}
      {done && (
        <Alert type="ok" id="uitgeven-klaar">
          <Paragraph>{done}</Paragraph>
        </Alert>
      )}
      <form class="regie-form" onSubmit={submit} noValidate>
        <TextField id="raad-ontvanger" label={T.recipientLabel} hint={T.recipientHint} error={error} value={recipient} onValue={setRecipient} maxLength={200} autocomplete="off" />
        <ButtonGroup>
          <Button type="submit" busy={busy}>{T.issue}</Button>
        </ButtonGroup>
      </form>
    </section>
  );
}

function Copies({ period, version }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    setItems(null);
    get(`/api/figures/council/copies?period=${encodeURIComponent(period)}`)
      .then((r) => alive && setItems(Array.isArray(r?.items) ? r.items : []))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, [period, version]);
  return (
    <section class="regie-section regie-no-print" aria-labelledby="exemplaren-titel">
      <Heading level={2} id="exemplaren-titel">{T.copiesTitle}</Heading>
      {error && <Alert type="error" id="exemplaren-fout"><Paragraph>{error}</Paragraph></Alert>}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{T.copiesNone}</Paragraph>}
      {items && items.length > 0 && (
        <Table
          id="exemplaren"
          caption={T.copiesCaption(periodLabel(period))}
          rows={items}
          rowKey={(c) => String(c.id)}
          rowHeader={0}
          columns={[
            { key: 'id', label: T.cNumber, render: (c) => String(c.id) },
            { key: 'to', label: T.cRecipient, render: (c) => c.recipient },
            { key: 'by', label: T.cBy, render: (c) => c.issued_by?.name || '' },
            { key: 'at', label: T.cAt, render: (c) => formatDateTime(c.issued_at) },
            { key: 'digest', label: T.cDigest, render: (c) => <span title={c.digest}>{shortDigest(c.digest)}</span> },
          ]}
        />
      )}
    </section>
  );
}

export function CouncilReport({ search }) {
  const fromUrl = new URLSearchParams(search || '').get('periode');
  const [period, setPeriod] = useState(validPeriod(fromUrl) ? fromUrl : defaultPeriod());
  const [choice, setChoice] = useState(period);
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    setData(null);
    setError('');
    get(`/api/figures/council?period=${encodeURIComponent(period)}`)
      .then((r) => alive && setData(r))
      .catch((e) => alive && setError(errorView(e, {}, { period: T.periodLabel }).summary));
    return () => {
      alive = false;
    };
  }, [period]);
  const marking = data?.marking || 'Vertrouwelijk — geheimhouding art. 25 Gemeentewet';
  return (
    <Page title={T.title} wide>
      <Marking text={marking} />
      <Paragraph lead>{T.intro}</Paragraph>
      <form
        class="regie-form regie-council__period regie-no-print"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriod(choice);
        }}
      >
        <SelectField id="raad-periode" label={T.periodLabel} hint={T.periodHint} value={choice} onValue={setChoice} options={periodOptions()} />
        <ButtonGroup>
          <Button type="submit">{T.show}</Button>
          <Button variant="secondary" onClick={() => window.print()}>{T.print}</Button>
        </ButtonGroup>
      </form>
      {error && (
        <Alert type="error" id="raad-fout" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!data && !error && <Loading />}
      {data && (
        <div class="regie-council">
          <Paragraph>
            <strong>{periodLabel(data.period)}</strong>. {T.span(formatDate(data.from), formatDate(data.to))}. {T.region(data.region?.name || '')}
            {data.municipality?.name ? `, ${data.municipality.name}` : ''}.
          </Paragraph>
          <section class="regie-section" aria-labelledby="uitleg-titel">
            <Heading level={2} id="uitleg-titel">{T.explanationTitle}</Heading>
            <ul class="utrecht-unordered-list" id="raad-uitleg">
              {explanation(data.threshold, data.rounding).map((s) => (
                <li class="utrecht-unordered-list__item" key={s}>{s}</li>
              ))}
            </ul>
          </section>
          <section class="regie-section" aria-labelledby="cijfers-titel">
            <Heading level={2} id="cijfers-titel">{T.tablesTitle}</Heading>
            {(data.tables || []).map((tb) => (
              <FiguresTable key={tb.code} table={tb} threshold={data.threshold} period={data.period} />
            ))}
          </section>
          {data.may_issue === true && <IssueCopy period={data.period} onIssued={() => setVersion((x) => x + 1)} />}
          {data.may_issue === true && <Copies period={data.period} version={version} />}
        </div>
      )}
    </Page>
  );
}
