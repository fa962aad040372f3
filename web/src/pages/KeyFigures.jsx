// Sleutelfiguren (docs/keyfigures.md): the register of key figures and community contacts of the
// own municipality. The list (level, organisation, role, contact person, last contact and
// "Contact gewenst" in words, overdue first) with filters; a new key figure with the consent
// explained in plain words; the detail with the contact log and a form to log a contact; editing;
// ending the contact and destroying all data, each behind a confirmation dialog. Not linked to
// cases: nothing here names or links a case.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, post, patch, del, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatMediumDate } from '../meetings.js';
import {
  K, LIMITS, LEVEL_LABELS, END_REASON_LABELS, STATUS_LABELS, KF_FIELDS, CONTACT_FIELDS, END_FIELDS,
  parseKeyFigureSearch, keyFigureSearch, keyFigureQuery, levelLabel, endReasonLabel, lastContactText, stateOf,
  sortKeyFigures, emptyKeyFigureForm, formFromKeyFigure, validateKeyFigure, emptyContactForm, validateContact,
  emptyEndForm, validateEnd,
} from '../keyfigures.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Link, Alert, Table, Loading, SelectField, TextField,
  TextArea, RadioGroup, Fieldset, StatusBadge, DataList, Dialog, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';
import { Disclosure } from './MeetingParts.jsx';

const BASE = '/app/sleutelfiguren';
const apiPath = (id) => `/api/key-figures/${encodeURIComponent(id)}`;
const toOptions = (table) => Object.entries(table).map(([value, label]) => ({ value, label }));

function StateBadge({ item }) {
  const s = stateOf(item);
  return <StatusBadge status={s.status}>{s.text}</StatusBadge>;
}

export function KeyFigures({ search = '' }) {
  const filters = parseKeyFigureSearch(search);
  const [level, setLevel] = useState(filters.level);
  const [status, setStatus] = useState(filters.status);
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef(true);
  const session = getState().session;

  useEffect(() => {
    let alive = true;
    setBusy(true);
    setLevel(filters.level);
    setStatus(filters.status);
    get(`/api/key-figures${keyFigureQuery(filters)}`)
      .then((r) => {
        if (!alive) return;
        setList(r || {});
        setError('');
        if (!first.current) document.getElementById('kf-count')?.focus();
        first.current = false;
      })
      .catch((e) => alive && setError(errorView(e).summary))
      .finally(() => alive && setBusy(false));
    return () => {
      alive = false;
    };
  }, [search]);

  const apply = (e) => {
    e.preventDefault();
    navigate(`${BASE}${keyFigureSearch({ level, status })}`, { focus: false });
  };
  const items = sortKeyFigures(list?.items);
  const destroyed = /(^|[?&])vernietigd=1(&|$)/.test(search);
  return (
    <Page title={K.title} wide>
      {destroyed && (
        <Alert type="ok" id="kf-destroyed" focusKey="destroyed">
          <Paragraph>{K.destroyed}</Paragraph>
        </Alert>
      )}
      <Paragraph lead>{K.intro}</Paragraph>
      {can(session, 'create.key_figure') && (
        <ButtonGroup>
          <LinkButton href={`${BASE}/nieuw`} id="kf-new">{K.newLink}</LinkButton>
        </ButtonGroup>
      )}
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={apply} aria-labelledby="kf-filter-title">
        <h2 class="utrecht-heading-2" id="kf-filter-title">{K.filterTitle}</h2>
        <div class="regie-field-row">
          <SelectField id="kf-level" label={K.fLevel} value={level} onValue={setLevel} placeholder={K.allLevels} options={toOptions(LEVEL_LABELS)} />
          <SelectField id="kf-status" label={K.fStatus} value={status} onValue={setStatus} options={toOptions(STATUS_LABELS)} />
        </div>
        <ButtonGroup>
          <Button type="submit" variant="secondary">{K.filter}</Button>
        </ButtonGroup>
      </form>
      {error && (
        <Alert type="error" id="kf-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="kf-count" tabIndex={-1} role="status">
            {items.length === 0 ? K.none : K.count(items.length, items.filter((x) => x.contact_wanted).length)}
          </p>
          {list.contact_days ? <Paragraph small>{K.period(list.contact_days)}</Paragraph> : null}
          {items.length > 0 && (
            <Table
              id="kf-table"
              caption={K.caption}
              rows={items}
              rowKey={(x) => x.id}
              busy={busy}
              columns={[
                { key: 'org', label: K.cOrganisation, render: (x) => <a class="utrecht-link utrecht-link--html-a" href={`${BASE}/${encodeURIComponent(x.id)}`}>{x.organisation}</a> },
                { key: 'level', label: K.cLevel, render: (x) => levelLabel(x) },
                { key: 'role', label: K.cRole, render: (x) => <span class="regie-break">{x.role}</span> },
                { key: 'contact', label: K.cContact, render: (x) => <span class="regie-break">{x.contact_name}</span> },
                { key: 'last', label: K.cLast, render: (x) => <span class="regie-nowrap">{lastContactText(x)}</span> },
                { key: 'state', label: K.cStatus, render: (x) => <StateBadge item={x} /> },
              ]}
            />
          )}
        </div>
      )}
    </Page>
  );
}

/** The fields of the new and edit forms. */
function KeyFigureFields({ values, set, errors, idOf }) {
  return (
    <>
      <RadioGroup id={idOf('level')} legend={K.fLevelForm} options={toOptions(LEVEL_LABELS)} value={values.level} onValue={set('level')} error={errors.level} />
      <TextField id={idOf('organisation')} label={K.fOrganisation} hint={K.fOrganisationHint} value={values.organisation} onValue={set('organisation')} error={errors.organisation} autocomplete="off" size="lg" maxLength={LIMITS.name} />
      <TextField id={idOf('role')} label={K.fRole} value={values.role} onValue={set('role')} error={errors.role} autocomplete="off" size="lg" maxLength={LIMITS.name} />
      <TextField id={idOf('contact_name')} label={K.fContact} value={values.contact_name} onValue={set('contact_name')} error={errors.contact_name} autocomplete="off" size="lg" maxLength={LIMITS.name} />
      <div class="regie-field-row">
        <TextField id={idOf('phone')} label={K.fPhone} type="tel" value={values.phone} onValue={set('phone')} error={errors.phone} optional autocomplete="off" maxLength={LIMITS.phone} />
        <TextField id={idOf('email')} label={K.fEmail} type="email" value={values.email} onValue={set('email')} error={errors.email} optional autocomplete="off" size="lg" maxLength={LIMITS.email} />
      </div>
      <Fieldset id={idOf('consent')} legend={K.consentLegend} hint={K.consentHint}>
        <TextField id={idOf('consent_date')} label={K.fConsentDate} hint={t.form.dateHint} value={values.consent_date} onValue={set('consent_date')} error={errors.consent_date} autocomplete="off" size="date" />
        <TextArea id={idOf('consent_note')} label={K.fConsentNote} hint={K.fConsentNoteHint} value={values.consent_note} onValue={set('consent_note')} error={errors.consent_note} rows={2} maxLength={LIMITS.note} />
      </Fieldset>
      <TextArea id={idOf('note')} label={K.fNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={2} maxLength={LIMITS.note} />
    </>
  );
}

const FIELD_LABELS = {
  level: K.fLevelForm, organisation: K.fOrganisation, role: K.fRole, contact_name: K.fContact, phone: K.fPhone, email: K.fEmail,
  consent_date: K.fConsentDate, consent_note: K.fConsentNote, note: K.fNote,
};

export function KeyFigureNew() {
  return (
    <Page title={K.newTitle}>
      <Paragraph>
        <Link href={BASE}>{K.back}</Link>
      </Paragraph>
      <CaseForm
        name="kfn"
        intro={K.newIntro}
        fields={KF_FIELDS}
        initial={emptyKeyFigureForm()}
        validate={(v) => validateKeyFigure(v)}
        labels={FIELD_LABELS}
        formLabel={K.newTitle}
        submitLabel={K.save}
        variant="primary"
        keep
        send={async (body) => {
          const r = await post('/api/key-figures', body);
          announce(K.saved);
          navigate(`${BASE}/${encodeURIComponent(r.id)}`);
          return '';
        }}
      >
        {(p) => <KeyFigureFields {...p} />}
      </CaseForm>
    </Page>
  );
}

function ContactLog({ item }) {
  const rows = Array.isArray(item.contacts) ? item.contacts : [];
  if (rows.length === 0) return <Paragraph id="kf-log-none">{K.logNone}</Paragraph>;
  return (
    <Table
      id="kf-log"
      caption={K.logCaption(rows.length)}
      rows={rows}
      rowKey={(c) => c.id}
      columns={[
        { key: 'date', label: K.cDate, render: (c) => <span class="regie-nowrap">{formatMediumDate(c.date)}</span> },
        { key: 'topic', label: K.cTopic, render: (c) => <span class="regie-break">{c.topic}</span> },
        { key: 'by', label: K.cBy, render: (c) => c.by?.name || t.form.empty },
      ]}
    />
  );
}

function Facts({ item }) {
  const facts = [
    [K.dLevel, levelLabel(item)],
    [K.dOrganisation, item.organisation],
    [K.dRole, item.role],
    [K.dContact, item.contact_name],
  ];
  if (item.phone) facts.push([K.dPhone, item.phone]);
  if (item.email) facts.push([K.dEmail, item.email]);
  facts.push([K.dConsent, formatMediumDate(item.consent_date)]);
  facts.push([K.dConsentNote, <span class="regie-break">{item.consent_note}</span>]);
  if (item.note) facts.push([K.dNote, <span class="regie-break">{item.note}</span>]);
  facts.push([K.dLast, lastContactText(item)]);
  if (item.status === 'ended') {
    facts.push([K.dEnded, formatMediumDate(item.ended_date)]);
    facts.push([K.dEndReason, item.end_reason_label || endReasonLabel(item.end_reason)]);
  } else if (item.contact_due_date) {
    facts.push([K.dDue, formatMediumDate(item.contact_due_date)]);
  }
  facts.push([K.cStatus, <StateBadge item={item} />]);
  return <DataList items={facts} />;
}

/** A button that asks first (native modal dialog), then runs `act`. */
function ConfirmAction({ id, button, title, textBody, confirm, variant = 'secondary', act, onError, beforeOpen = () => true }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await act();
      setOpen(false);
    } catch (e) {
      setOpen(false);
      onError(errorView(e).summary);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ButtonGroup>
        <Button variant={variant} id={`${id}-open`} onClick={() => beforeOpen() && setOpen(true)}>{button}</Button>
      </ButtonGroup>
      <Dialog id={id} open={open} title={title} onCancel={() => setOpen(false)}>
        <p class="utrecht-paragraph" id={`${id}-text`}>{textBody}</p>
        <ButtonGroup>
          <Button variant="primary" onClick={go} busy={busy}>{confirm}</Button>
          <Button variant="secondary" data-autofocus onClick={() => setOpen(false)}>{K.cancel}</Button>
        </ButtonGroup>
      </Dialog>
    </>
  );
}

function EndSection({ item, onDone }) {
  const [values, setValues] = useState(emptyEndForm());
  const [errors, setErrors] = useState({});
  const [error, setError] = useState('');
  const checked = validateEnd(values);
  return (
    <section class="regie-section" aria-labelledby="kf-end-title">
      <Heading level={2} id="kf-end-title">{K.endTitle}</Heading>
      <Paragraph>{K.endIntro}</Paragraph>
      {error && <Alert type="error" id="kf-end-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      <div class="regie-form">
        <TextField id="kfe-date" label={K.fEndDate} hint={t.form.dateHint} value={values.date} onValue={(v) => setValues((o) => ({ ...o, date: v }))} error={errors.date} autocomplete="off" size="date" />
        <RadioGroup id="kfe-reason" legend={K.fReason} options={toOptions(END_REASON_LABELS)} value={values.reason} onValue={(v) => setValues((o) => ({ ...o, reason: v }))} error={errors.reason} />
      </div>
      <ConfirmAction
        id="kf-end-dialog"
        button={K.endButton}
        title={K.endConfirmTitle}
        textBody={K.endConfirmText}
        confirm={K.endConfirm}
        onError={setError}
        beforeOpen={() => {
          setErrors(checked.errors);
          setError(checked.body ? '' : Object.values(checked.errors).join(' '));
          return !!checked.body;
        }}
        act={async () => {
          await post(`${apiPath(item.id)}/end`, checked.body);
          setError('');
          announce(K.ended_ok);
          await onDone(K.ended_ok);
        }}
      />
    </section>
  );
}

function DestroySection({ item }) {
  const [error, setError] = useState('');
  return (
    <section class="regie-section" aria-labelledby="kf-destroy-title">
      <Heading level={2} id="kf-destroy-title">{K.destroyTitle}</Heading>
      <Paragraph>{K.destroyIntro}</Paragraph>
      {error && <Alert type="error" id="kf-destroy-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      <ConfirmAction
        id="kf-destroy-dialog"
        button={K.destroyButton}
        title={K.destroyConfirmTitle}
        textBody={K.destroyConfirmText}
        confirm={K.destroyConfirm}
        onError={setError}
        act={async () => {
          await del(apiPath(item.id));
          announce(K.destroyed);
          navigate(`${BASE}?vernietigd=1`);
        }}
      />
    </section>
  );
}

export function KeyFigureDetail({ id }) {
  const [item, setItem] = useState(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState(null);
  const session = getState().session;
  const load = async (message) => {
    try {
      const r = await get(apiPath(id));
      setItem(r);
      setError('');
      if (message) setNotice((o) => ({ message, key: (o?.key || 0) + 1 }));
    } catch (e) {
      setError(e?.status === 404 ? K.notFound : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [id]);
  if (error) {
    return (
      <Page title={K.title}>
        <Alert type="error" id="kf-detail-error"><Paragraph>{error}</Paragraph></Alert>
        <Paragraph><Link href={BASE}>{K.back}</Link></Paragraph>
      </Page>
    );
  }
  if (!item) return <Loading />;
  const active = item.status !== 'ended';
  const mayUpdate = can(session, 'update.key_figure');
  return (
    <Page title={K.detailTitle(item.organisation)} wide>
      <Paragraph>
        <Link href={BASE}>{K.back}</Link>
      </Paragraph>
      {notice && (
        <Alert type="ok" id="kf-notice" focusKey={notice.key}>
          <Paragraph>{notice.message}</Paragraph>
        </Alert>
      )}
      <Facts item={item} />
      <section class="regie-section" aria-labelledby="kf-log-title">
        <Heading level={2} id="kf-log-title">{K.logTitle}</Heading>
        <ContactLog item={item} />
        {active && mayUpdate && (
          <CaseForm
            name="kfc"
            title={K.contactTitle}
            headingLevel={3}
            fields={CONTACT_FIELDS}
            initial={emptyContactForm()}
            validate={(v) => validateContact(v)}
            labels={{ date: K.fContactDate, topic: K.fTopic }}
            submitLabel={K.contactSave}
            send={async (body) => {
              await post(`${apiPath(item.id)}/contacts`, body);
              await load();
              return K.contactSaved;
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <TextField id={idOf('date')} label={K.fContactDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                <TextArea id={idOf('topic')} label={K.fTopic} hint={K.fTopicHint} value={values.topic} onValue={set('topic')} error={errors.topic} rows={3} maxLength={LIMITS.note} />
              </>
            )}
          </CaseForm>
        )}
      </section>
      {active && mayUpdate && (
        <section class="regie-section" aria-labelledby="kf-edit-title">
          <Heading level={2} id="kf-edit-title">{K.editTitle}</Heading>
          <Disclosure id="kf-edit-open" summary={K.editTitle}>
            <CaseForm
              name="kfe"
              fields={KF_FIELDS}
              initial={formFromKeyFigure(item)}
              validate={(v) => validateKeyFigure(v, { edit: true })}
              labels={FIELD_LABELS}
              formLabel={K.editTitle}
              submitLabel={K.saveEdit}
              keep
              send={async (body) => {
                await patch(apiPath(item.id), body);
                await load();
                return K.editSaved;
              }}
            >
              {(p) => <KeyFigureFields {...p} />}
            </CaseForm>
          </Disclosure>
        </section>
      )}
      {active && mayUpdate && <EndSection item={item} onDone={load} />}
      {can(session, 'delete.key_figure') && <DestroySection item={item} />}
    </Page>
  );
}
