// Bewaartermijnen (docs/retention.md): the terms per data class, what of the own municipality
// expires within 90 days (by reference, never by name), the legal holds with a form to place one
// and a button to end one, the extensions (recorded decisions) with a form, and the destruction
// report (tombstones: pseudonym, dates, approver). The FG sees every municipality, without the
// reason texts. Destruction itself is never a button: `regie purge` and the daily job do it.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, post, errorView } from '../api.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatMediumDate } from '../meetings.js';
import {
  R, HOLD_KINDS, HOLD_FIELDS, EXTENSION_FIELDS, LIMITS, emptyHoldForm, emptyExtensionForm, validateHold, validateExtension,
  reportQuery, upcomingState, holdState, kindLabel, shortPseudonym, sortUpcoming,
} from '../retention.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, Alert, Table, Loading, TextField, TextArea, RadioGroup, StatusBadge, DataList, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';

const toOptions = (table) => Object.entries(table).map(([value, label]) => ({ value, label }));
const day = (d) => (d ? <span class="regie-nowrap">{formatMediumDate(d)}</span> : t.form.empty);

function Terms({ terms }) {
  if (!terms) return null;
  return (
    <div class="regie-section">
      <Heading level={2} id="ret-terms-title">{R.termsTitle}</Heading>
      <DataList
        items={[
          [R.tSignal, R.tSignalText(terms.signal_months)],
          [R.tCase, R.tCaseText(terms.case_years)],
          [R.tKeyFigure, R.tKeyFigureText(terms.key_figure_months)],
          ...(terms.rights_request_months ? [[R.tRights, R.tRightsText(terms.rights_request_months)]] : []),
          ...(terms.inzage_export_months ? [[R.tInzage, R.tInzageText(terms.inzage_export_months)]] : []),
          ...(terms.breach_months ? [[R.tBreach, R.tBreachText(terms.breach_months)]] : []),
          [R.tNetwork, terms.network_persons],
          [R.tMinutes, terms.minutes],
          [R.tAudit, R.tAuditText(terms.audit_log_days)],
        ]}
      />
    </div>
  );
}

function Upcoming({ data }) {
  const rows = sortUpcoming(data.upcoming);
  return (
    <div class="regie-section">
      <Heading level={2} id="ret-upcoming-title">{R.upcomingTitle(data.window_days || 90)}</Heading>
      {rows.length === 0 ? (
        <Paragraph id="ret-upcoming-none">{R.upcomingNone}</Paragraph>
      ) : (
        <Table
          id="ret-upcoming"
          caption={R.upcomingCaption(rows.length)}
          rows={rows}
          rowKey={(x) => `${x.kind}-${x.id}`}
          columns={[
            { key: 'ref', label: R.cRef, render: (x) => <span class="regie-nowrap">{x.reference}</span> },
            { key: 'kind', label: R.cKind, render: (x) => x.kind_label || kindLabel(x.kind) },
            { key: 'end', label: R.cEnd, render: (x) => day(x.expiry_date) },
            {
              key: 'state',
              label: R.cStatus,
              render: (x) => {
                const s = upcomingState(x);
                return (
                  <>
                    <StatusBadge status={s.status}>{s.text}</StatusBadge>
                    {x.extended_until ? <> {R.extended(x.extended_until)}</> : null}
                  </>
                );
              },
            },
          ]}
        />
      )}
    </div>
  );
}

function Holds({ data, mayEnd, onChanged, onError }) {
  const rows = Array.isArray(data.holds) ? data.holds : [];
  const [busy, setBusy] = useState(0);
  const end = async (h) => {
    setBusy(h.id);
    try {
      await post(`/api/retention/holds/${encodeURIComponent(h.id)}/end`, {});
      announce(R.holdEndedMsg);
      onChanged();
    } catch (e) {
      onError(errorView(e).summary);
    } finally {
      setBusy(0);
    }
  };
  const cols = [
    { key: 'kind', label: R.cKind, render: (h) => h.kind_label || kindLabel(h.kind) },
    { key: 'nr', label: R.cNumber, render: (h) => h.object_id },
    { key: 'until', label: R.cUntil, render: (h) => day(h.until) },
    { key: 'reason', label: R.cReason, render: (h) => <span class="regie-break">{h.reason ?? R.noText}</span> },
    { key: 'by', label: R.cBy, render: (h) => h.created_by?.name || t.form.empty },
    {
      key: 'state',
      label: R.cStatus,
      render: (h) => {
        const s = holdState(h);
        return <StatusBadge status={s.status}>{s.text}</StatusBadge>;
      },
    },
  ];
  if (mayEnd)
    cols.push({
      key: 'act',
      label: R.cAction,
      render: (h) =>
        h.active ? (
          <Button variant="secondary" id={`ret-end-${h.id}`} aria-label={R.endHoldLabel(h.object_id)} busy={busy === h.id} onClick={() => end(h)}>
            {R.endHold}
          </Button>
        ) : null,
    });
  return (
    <div class="regie-section">
      <Heading level={2} id="ret-holds-title">{R.holdsTitle}</Heading>
      <Paragraph>{R.holdsIntro}</Paragraph>
      {rows.length === 0 ? (
        <Paragraph id="ret-holds-none">{R.holdsNone}</Paragraph>
      ) : (
        <Table id="ret-holds" caption={R.holdsCaption(rows.length)} rows={rows} rowKey={(h) => h.id} columns={cols} />
      )}
    </div>
  );
}

function Extensions({ data }) {
  const rows = Array.isArray(data.extensions) ? data.extensions : [];
  return (
    <div class="regie-section">
      <Heading level={2} id="ret-ext-title">{R.extensionsTitle}</Heading>
      <Paragraph>{R.extensionsIntro}</Paragraph>
      {rows.length === 0 ? (
        <Paragraph id="ret-ext-none">{R.extensionsNone}</Paragraph>
      ) : (
        <Table
          id="ret-ext"
          caption={R.extensionsCaption(rows.length)}
          rows={rows}
          rowKey={(x) => x.id}
          columns={[
            { key: 'kind', label: R.cKind, render: (x) => x.kind_label || kindLabel(x.kind) },
            { key: 'nr', label: R.cNumber, render: (x) => x.object_id },
            { key: 'until', label: R.cUntil, render: (x) => day(x.until) },
            { key: 'why', label: R.cRationale, render: (x) => <span class="regie-break">{x.rationale ?? R.noText}</span> },
            { key: 'by', label: R.cBy, render: (x) => x.created_by?.name || t.form.empty },
          ]}
        />
      )}
    </div>
  );
}

const HOLD_LABELS = { kind: R.fKind, id: R.fId, until: R.fUntil, reason: R.fReason };
const EXT_LABELS = { kind: R.fKind, id: R.fId, until: R.fUntil, rationale: R.fRationale };

function HxForm({ name, title, fields, initial, validate, labels, textKey, textLabel, textHint, path, saved, onChanged }) {
  return (
    <CaseForm
      name={name}
      title={title}
      headingLevel={3}
      fields={fields}
      initial={initial}
      validate={(v) => validate(v)}
      labels={labels}
      submitLabel={title}
      send={async (body) => {
        await post(path, body);
        onChanged();
        return saved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <RadioGroup id={idOf('kind')} legend={R.fKind} options={toOptions(HOLD_KINDS)} value={values.kind} onValue={set('kind')} error={errors.kind} />
          <TextField id={idOf('id')} label={R.fId} hint={R.fIdHint} value={values.id} onValue={set('id')} error={errors.id} inputMode="numeric" autocomplete="off" size="date" />
          <TextField id={idOf('until')} label={R.fUntil} hint={R.fUntilHint} value={values.until} onValue={set('until')} error={errors.until} autocomplete="off" size="date" />
          <TextArea id={idOf(textKey)} label={textLabel} hint={textHint} value={values[textKey]} onValue={set(textKey)} error={errors[textKey]} rows={3} maxLength={LIMITS.text} />
        </>
      )}
    </CaseForm>
  );
}

function Report() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState({});
  const [rep, setRep] = useState(null);
  const [error, setError] = useState('');
  const load = (q) =>
    get(`/api/retention/report${q}`)
      .then((r) => {
        setRep(r || {});
        setError('');
      })
      .catch((e) => setError(errorView(e).summary));
  useEffect(() => {
    load('');
  }, []);
  const submit = (e) => {
    e.preventDefault();
    const r = reportQuery(from, to);
    setErrors(r.errors);
    if (r.query !== null) load(r.query);
  };
  const rows = Array.isArray(rep?.items) ? rep.items : [];
  return (
    <div class="regie-section">
      <Heading level={2} id="ret-report-title">{R.reportTitle}</Heading>
      <Paragraph>{R.reportIntro}</Paragraph>
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={submit} aria-labelledby="ret-report-title">
        <div class="regie-field-row">
          <TextField id="ret-from" label={R.fFrom} hint={R.fUntilHint} value={from} onValue={setFrom} error={errors.from} optional autocomplete="off" size="date" />
          <TextField id="ret-to" label={R.fTo} hint={R.fUntilHint} value={to} onValue={setTo} error={errors.to} optional autocomplete="off" size="date" />
        </div>
        <ButtonGroup>
          <Button type="submit" variant="secondary">{R.show}</Button>
        </ButtonGroup>
      </form>
      {error && (
        <Alert type="error" id="ret-report-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!rep && !error && <Loading />}
      {rep && rows.length === 0 && <Paragraph id="ret-report-none">{R.reportNone}</Paragraph>}
      {rep && rows.length > 0 && (
        <Table
          id="ret-report"
          caption={R.reportCaption(rows.length)}
          rows={rows}
          rowKey={(x) => `${x.pseudonym}-${x.destroyed_at}`}
          columns={[
            { key: 'kind', label: R.cKind, render: (x) => x.kind_label || kindLabel(x.kind) },
            { key: 'ps', label: R.cPseudonym, render: (x) => <code title={x.pseudonym}>{shortPseudonym(x.pseudonym)}</code> },
            { key: 'start', label: R.cStart, render: (x) => day(x.start_date) },
            { key: 'end', label: R.cEnd, render: (x) => day(x.expiry_date) },
            { key: 'dest', label: R.cDestroyed, render: (x) => day(x.destroyed_date) },
            { key: 'by', label: R.cApproved, render: (x) => x.approved_by },
            { key: 'rows', label: R.cRows, render: (x) => x.rows },
          ]}
        />
      )}
    </div>
  );
}

export function Retention() {
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [gen, setGen] = useState(0);
  const session = getState().session;
  const mayCreate = can(session, 'create.retention');
  const mayEnd = can(session, 'update.retention');
  useEffect(() => {
    let alive = true;
    get('/api/retention')
      .then((r) => alive && (setData(r || {}), setError('')))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, [gen]);
  const changed = () => setGen((g) => g + 1);
  return (
    <Page title={R.title} wide>
      <Paragraph lead>{R.intro}</Paragraph>
      {error && (
        <Alert type="error" id="ret-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!data && !error && <Loading />}
      {data && (
        <>
          <Terms terms={data.terms} />
          <Upcoming data={data} />
          <Holds data={data} mayEnd={mayEnd} onChanged={changed} onError={setError} />
          {mayCreate && (
            <HxForm
              name="ret-hold"
              title={R.newHold}
              fields={HOLD_FIELDS}
              initial={emptyHoldForm()}
              validate={validateHold}
              labels={HOLD_LABELS}
              textKey="reason"
              textLabel={R.fReason}
              textHint={R.fReasonHint}
              path="/api/retention/holds"
              saved={R.holdSaved}
              onChanged={changed}
            />
          )}
          <Extensions data={data} />
          {mayCreate && (
            <HxForm
              name="ret-ext"
              title={R.newExtension}
              fields={EXTENSION_FIELDS}
              initial={emptyExtensionForm()}
              validate={validateExtension}
              labels={EXT_LABELS}
              textKey="rationale"
              textLabel={R.fRationale}
              path="/api/retention/extensions"
              saved={R.extensionSaved}
              onChanged={changed}
            />
          )}
        </>
      )}
      <Report />
    </Page>
  );
}
