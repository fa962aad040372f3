// Datalekken (docs/breaches.md): the breach register of the FG. The list with the 72-hour clock
// (deadline, hours left, "Termijn verstreken"), a form to report a suspected breach (also for the
// functional admin and a dossierhouder, who then see only a receipt), and the detail with the two
// decisions (notify the AP; inform the data subjects), each with its rationale, and closing.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { formatDateTime } from '../i18n/nl.js';
import { get, post, patch, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatMediumDate } from '../meetings.js';
import {
  B, LIMITS, CATEGORY_LABELS, DECISION_LABELS, clockOf, deadlineText, sortBreaches, emptyReportForm, validateReport,
  emptyApForm, validateAp, emptySubjectsForm, validateSubjects, mayClose,
} from '../breach.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Link, Alert, Table, Loading, TextField, TextArea,
  RadioGroup, CheckboxGroup, StatusBadge, DataList, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';

const BASE = '/app/datalekken';
const apiPath = (id) => `/api/breaches/${encodeURIComponent(id)}`;
const toOptions = (table) => Object.entries(table).map(([value, label]) => ({ value, label }));

function Clock({ item }) {
  const c = clockOf(item);
  return <StatusBadge status={c.status}>{c.text}</StatusBadge>;
}

export function Breaches() {
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const session = getState().session;
  useEffect(() => {
    let alive = true;
    get('/api/breaches')
      .then((r) => alive && setList(r || {}))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, []);
  const items = sortBreaches(list?.items);
  return (
    <Page title={B.title} wide>
      <Paragraph lead>{B.intro}</Paragraph>
      {can(session, 'create.breach') && (
        <ButtonGroup>
          <LinkButton href={`${BASE}/nieuw`} id="br-new">{B.newLink}</LinkButton>
        </ButtonGroup>
      )}
      {error && (
        <Alert type="error" id="br-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="br-count" role="status">
            {items.length === 0 ? B.none : B.count(items.length, list.open ?? 0, list.overdue ?? 0)}
          </p>
          {items.length > 0 && (
            <Table
              id="br-table"
              caption={B.caption}
              rows={items}
              rowKey={(x) => x.id}
              columns={[
                { key: 'disc', label: B.cDiscovered, render: (x) => <a class="utrecht-link utrecht-link--html-a" href={`${BASE}/${encodeURIComponent(x.id)}`}>{formatDateTime(x.discovered_at)}</a> },
                { key: 'deadline', label: B.cDeadline, render: (x) => <span class="regie-nowrap">{deadlineText(x)}</span> },
                { key: 'clock', label: B.cClock, render: (x) => <Clock item={x} /> },
                { key: 'ap', label: B.cAp, render: (x) => x.ap_decision_label },
                { key: 'status', label: B.cStatus, render: (x) => (x.status === 'gesloten' ? B.closed : B.open) },
              ]}
            />
          )}
        </div>
      )}
    </Page>
  );
}

const REPORT_FIELDS = ['discovered_at', 'description', 'categories', 'subjects_approx', 'organisations', 'measures'];
const REPORT_LABELS = {
  discovered_at: B.fDate, description: B.fDescription, categories: B.fCategories, subjects_approx: B.fSubjects,
  organisations: B.fOrganisations, measures: B.fMeasures,
};

export function BreachNew() {
  const [receipt, setReceipt] = useState(null);
  const session = getState().session;
  return (
    <Page title={B.newTitle}>
      {can(session, 'list.breach') && (
        <Paragraph>
          <Link href={BASE}>{B.back}</Link>
        </Paragraph>
      )}
      {receipt && (
        <Alert type="ok" id="br-receipt" title={B.reportedTitle} focusKey={receipt.id}>
          <Paragraph>{B.reported(formatDateTime(receipt.deadline_at))}</Paragraph>
        </Alert>
      )}
      <CaseForm
        name="brn"
        intro={B.newIntro}
        fields={REPORT_FIELDS}
        initial={emptyReportForm()}
        validate={(v) => validateReport(v)}
        labels={REPORT_LABELS}
        formLabel={B.newTitle}
        submitLabel={B.save}
        variant="primary"
        send={async (body) => {
          const r = await post('/api/breaches', body);
          announce(B.saved);
          if (can(session, 'read.breach')) navigate(`${BASE}/${encodeURIComponent(r.id)}`);
          else setReceipt(r);
          return '';
        }}
      >
        {({ values, set, errors, idOf }) => (
          <>
            <div class="regie-field-row">
              <TextField id={idOf('discovered_at')} label={B.fDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.discovered_at} autocomplete="off" size="date" />
              <TextField id={`${idOf('discovered_at')}-time`} label={B.fTime} hint={B.fTimeHint} value={values.time} onValue={set('time')} autocomplete="off" size="date" />
            </div>
            <TextArea id={idOf('description')} label={B.fDescription} hint={B.fDescriptionHint} value={values.description} onValue={set('description')} error={errors.description} rows={4} maxLength={LIMITS.text} />
            <CheckboxGroup id={idOf('categories')} legend={B.fCategories} options={toOptions(CATEGORY_LABELS)} values={values.categories} onValues={set('categories')} error={errors.categories} />
            <TextField id={idOf('subjects_approx')} label={B.fSubjects} hint={B.fSubjectsHint} value={values.subjects_approx} onValue={set('subjects_approx')} error={errors.subjects_approx} inputMode="numeric" autocomplete="off" size="date" />
            <TextArea id={idOf('organisations')} label={B.fOrganisations} value={values.organisations} onValue={set('organisations')} error={errors.organisations} optional rows={2} maxLength={LIMITS.orgs} />
            <TextArea id={idOf('measures')} label={B.fMeasures} value={values.measures} onValue={set('measures')} error={errors.measures} optional rows={3} maxLength={LIMITS.text} />
          </>
        )}
      </CaseForm>
    </Page>
  );
}

function Facts({ item }) {
  const facts = [
    [B.cDiscovered, formatDateTime(item.discovered_at)],
    [B.cDeadline, deadlineText(item)],
    [B.cClock, <Clock item={item} />],
    [B.fDescription, <span class="regie-break">{item.description}</span>],
    [B.fCategories, (item.categories || []).map((c) => c.label).join(', ')],
    [B.fSubjects, String(item.subjects_approx ?? '')],
  ];
  if (item.organisations) facts.push([B.fOrganisations, <span class="regie-break">{item.organisations}</span>]);
  if (item.measures) facts.push([B.fMeasures, <span class="regie-break">{item.measures}</span>]);
  facts.push([B.dReporter, item.reported_by?.name || t.form.empty]);
  facts.push([B.cAp, item.ap_decision_label]);
  if (item.ap_rationale) facts.push([B.fApRationale, <span class="regie-break">{item.ap_rationale}</span>]);
  if (item.ap_date) facts.push([B.fApDate, formatMediumDate(item.ap_date)]);
  if (item.ap_reference) facts.push([B.fApReference, item.ap_reference]);
  facts.push([B.fSubDecision, item.subjects_decision_label]);
  if (item.subjects_rationale) facts.push([B.fSubRationale, <span class="regie-break">{item.subjects_rationale}</span>]);
  facts.push([B.cStatus, item.status === 'gesloten' ? `${B.closed} (${formatDateTime(item.closed_at)})` : B.open]);
  return <DataList items={facts} />;
}

export function BreachDetail({ id }) {
  const [item, setItem] = useState(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState(null);
  const [closeError, setCloseError] = useState('');
  const session = getState().session;
  const load = async (message) => {
    try {
      const r = await get(apiPath(id));
      setItem(r);
      setError('');
      if (message) setNotice((o) => ({ message, key: (o?.key || 0) + 1 }));
    } catch (e) {
      setError(e?.status === 404 ? B.notFound : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [id]);
  if (error) {
    return (
      <Page title={B.title}>
        <Alert type="error" id="br-detail-error"><Paragraph>{error}</Paragraph></Alert>
        <Paragraph><Link href={BASE}>{B.back}</Link></Paragraph>
      </Page>
    );
  }
  if (!item) return <Loading />;
  const editable = item.status !== 'gesloten' && can(session, 'update.breach');
  const close = async () => {
    try {
      await patch(apiPath(item.id), { closed: true });
      setCloseError('');
      announce(B.closedOk);
      await load(B.closedOk);
    } catch (e) {
      setCloseError(errorView(e).summary);
    }
  };
  return (
    <Page title={B.detailTitle(item.id)} wide>
      <Paragraph>
        <Link href={BASE}>{B.back}</Link>
      </Paragraph>
      {notice && (
        <Alert type="ok" id="br-notice" focusKey={notice.key}>
          <Paragraph>{notice.message}</Paragraph>
        </Alert>
      )}
      <Facts item={item} />
      {editable && (
        <CaseForm
          name="bra"
          title={B.apTitle}
          headingLevel={2}
          fields={['ap_decision', 'ap_rationale', 'ap_date', 'ap_reference']}
          initial={emptyApForm(item)}
          validate={(v) => validateAp(v)}
          labels={{ ap_decision: B.fApDecision, ap_rationale: B.fApRationale, ap_date: B.fApDate, ap_reference: B.fApReference }}
          submitLabel={B.apSave}
          keep
          send={async (body) => {
            await patch(apiPath(item.id), body);
            await load();
            return B.apSaved;
          }}
        >
          {({ values, set, errors, idOf }) => (
            <>
              <RadioGroup id={idOf('ap_decision')} legend={B.fApDecision} options={toOptions(DECISION_LABELS)} value={values.ap_decision} onValue={set('ap_decision')} error={errors.ap_decision} />
              <TextArea id={idOf('ap_rationale')} label={B.fApRationale} value={values.ap_rationale} onValue={set('ap_rationale')} error={errors.ap_rationale} rows={3} maxLength={LIMITS.rationale} />
              {values.ap_decision === 'ja' && (
                <>
                  <TextField id={idOf('ap_date')} label={B.fApDate} hint={t.form.dateHint} value={values.ap_date} onValue={set('ap_date')} error={errors.ap_date} autocomplete="off" size="date" />
                  <TextField id={idOf('ap_reference')} label={B.fApReference} value={values.ap_reference} onValue={set('ap_reference')} error={errors.ap_reference} optional autocomplete="off" maxLength={LIMITS.reference} />
                </>
              )}
            </>
          )}
        </CaseForm>
      )}
      {editable && (
        <CaseForm
          name="brs"
          title={B.subTitle}
          headingLevel={2}
          fields={['subjects_decision', 'subjects_rationale']}
          initial={emptySubjectsForm(item)}
          validate={(v) => validateSubjects(v)}
          labels={{ subjects_decision: B.fSubDecision, subjects_rationale: B.fSubRationale }}
          submitLabel={B.subSave}
          keep
          send={async (body) => {
            await patch(apiPath(item.id), body);
            await load();
            return B.subSaved;
          }}
        >
          {({ values, set, errors, idOf }) => (
            <>
              <RadioGroup id={idOf('subjects_decision')} legend={B.fSubDecision} options={toOptions(DECISION_LABELS)} value={values.subjects_decision} onValue={set('subjects_decision')} error={errors.subjects_decision} />
              <TextArea id={idOf('subjects_rationale')} label={B.fSubRationale} value={values.subjects_rationale} onValue={set('subjects_rationale')} error={errors.subjects_rationale} rows={3} maxLength={LIMITS.rationale} />
            </>
          )}
        </CaseForm>
      )}
      {editable && (
        <section class="regie-section" aria-labelledby="br-close-title">
          <Heading level={2} id="br-close-title">{B.closeTitle}</Heading>
          <Paragraph>{mayClose(item) ? B.closeIntro : B.closeNotYet}</Paragraph>
          {closeError && <Alert type="error" id="br-close-error" focusKey={closeError}><Paragraph>{closeError}</Paragraph></Alert>}
          {mayClose(item) && (
            <ButtonGroup>
              <Button variant="secondary" id="br-close" onClick={close}>{B.closeButton}</Button>
            </ButtonGroup>
          )}
        </section>
      )}
    </Page>
  );
}
