// Verzoeken betrokkenen (docs/rights.md): the register of requests of data subjects. The list with
// the deadline in words (termijn verstreken / verloopt binnen 7 dagen / lopend / afgehandeld),
// filters, the intake form, and the detail: the identity check (no copy of an ID document), the
// extension, routing police data to the police, the items with their owner organisation and the
// decision per item, and the response that closes the request. A partner sees only its own
// items and records its decisions; the FG and the mayor read.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, todayISO, formatDate } from '../i18n/nl.js';
import { get, post, patch, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatMediumDate } from '../meetings.js';
import {
  V, LIMITS, KIND_LABELS, CHANNEL_LABELS, REQUESTER_LABELS, ID_METHOD_LABELS, ID_RESULT_LABELS, DECISION_LABELS,
  GROUND_LABELS, RESPONSE_METHOD_LABELS, FILTER_LABELS, INTAKE_FIELDS, IDENTITY_FIELDS, EXTENSION_FIELDS, ITEM_FIELDS,
  DECISION_FIELDS, POLICE_FIELDS, RESPONSE_FIELDS, statusOf, sortRequests, rightsQuery, parseRightsSearch,
  emptyIntakeForm, validateIntake, validateIdentity, validateExtension, validateItem, validateDecision, validatePolice,
  validateResponse,
} from '../rights.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Link, Alert, Table, Loading, SelectField, TextField,
  TextArea, RadioGroup, Fieldset, StatusBadge, DataList, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';

const BASE = '/app/verzoeken';
const apiPath = (id) => `/api/rights/${encodeURIComponent(id)}`;
const toOptions = (table) => Object.entries(table).map(([value, label]) => ({ value, label }));
const today = () => formatDate(todayISO());

function DeadlineBadge({ item }) {
  const s = statusOf(item);
  return <StatusBadge status={s.status}>{s.text}</StatusBadge>;
}

export function Rights({ search = '' }) {
  const filters = parseRightsSearch(search);
  const [status, setStatus] = useState(filters.status);
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef(true);
  const session = getState().session;
  useEffect(() => {
    let alive = true;
    setBusy(true);
    setStatus(filters.status);
    get(`/api/rights${rightsQuery(filters.status)}`)
      .then((r) => {
        if (!alive) return;
        setList(r || {});
        setError('');
        if (!first.current) document.getElementById('vz-count')?.focus();
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
    navigate(`${BASE}${rightsQuery(status)}`, { focus: false });
  };
  const items = sortRequests(list?.items);
  const manyMunicipalities = new Set(items.map((x) => x.municipality?.id)).size > 1;
  return (
    <Page title={V.title} wide>
      <Paragraph lead>{V.intro}</Paragraph>
      {can(session, 'create.rights_request') && (
        <ButtonGroup>
          <LinkButton href={`${BASE}/nieuw`} id="vz-new">{V.newLink}</LinkButton>
        </ButtonGroup>
      )}
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={apply} aria-labelledby="vz-filter-title">
        <h2 class="utrecht-heading-2" id="vz-filter-title">{V.filterTitle}</h2>
        <SelectField id="vz-status" label={V.fStatus} value={status} onValue={setStatus} placeholder={V.allStatuses} options={toOptions(FILTER_LABELS)} />
        <ButtonGroup>
          <Button type="submit" variant="secondary">{V.filter}</Button>
        </ButtonGroup>
      </form>
      {error && <Alert type="error" id="vz-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="vz-count" tabIndex={-1} role="status">
            {items.length === 0 ? V.none : V.count(items.length, list.overdue || 0, list.due_soon || 0)}
          </p>
          {items.length > 0 && (
            <Table
              id="vz-table"
              caption={V.caption}
              rows={items}
              rowKey={(x) => x.id}
              busy={busy}
              columns={[
                { key: 'subject', label: V.cSubject, render: (x) => <a class="utrecht-link utrecht-link--html-a" href={`${BASE}/${encodeURIComponent(x.id)}`}>{x.subject_name || `#${x.id}`}</a> },
                { key: 'kind', label: V.cKind, render: (x) => x.kind_label || KIND_LABELS[x.kind] || x.kind },
                ...(manyMunicipalities ? [{ key: 'mun', label: V.cMunicipality, render: (x) => x.municipality?.name || '' }] : []),
                { key: 'received', label: V.cReceived, render: (x) => <span class="regie-nowrap">{formatMediumDate(x.received_date)}</span> },
                { key: 'due', label: V.cDue, render: (x) => <span class="regie-nowrap">{formatMediumDate(x.due_date)}</span> },
                { key: 'state', label: V.cStatus, render: (x) => <DeadlineBadge item={x} /> },
              ]}
            />
          )}
        </div>
      )}
    </Page>
  );
}

const INTAKE_LABELS = {
  kind: V.fKind, received_date: V.fReceived, channel: V.fChannel, requester: V.fRequester, representative_name: V.fRepresentative,
  mandate: V.fMandate, subject_name: V.fSubjectName, subject_birth_date: V.fBirthDate, subject_bsn: V.fBsn, note: V.fNote,
};

export function RightsNew() {
  return (
    <Page title={V.newTitle}>
      <Paragraph><Link href={BASE}>{V.back}</Link></Paragraph>
      <CaseForm
        name="vzn"
        intro={V.newIntro}
        fields={INTAKE_FIELDS}
        initial={emptyIntakeForm()}
        validate={(v) => validateIntake(v)}
        labels={INTAKE_LABELS}
        formLabel={V.newTitle}
        submitLabel={V.save}
        variant="primary"
        keep
        send={async (body) => {
          const r = await post('/api/rights', body);
          announce(V.saved);
          navigate(`${BASE}/${encodeURIComponent(r.id)}`);
          return '';
        }}
      >
        {({ values, set, errors, idOf }) => (
          <>
            <RadioGroup id={idOf('kind')} legend={V.fKind} options={toOptions(KIND_LABELS)} value={values.kind} onValue={set('kind')} error={errors.kind} />
            <TextField id={idOf('received_date')} label={V.fReceived} hint={t.form.dateHint} value={values.received_date} onValue={set('received_date')} error={errors.received_date} autocomplete="off" size="date" />
            <SelectField id={idOf('channel')} label={V.fChannel} value={values.channel} onValue={set('channel')} placeholder={V.pick} options={toOptions(CHANNEL_LABELS)} error={errors.channel} />
            <RadioGroup id={idOf('requester')} legend={V.fRequester} options={toOptions(REQUESTER_LABELS)} value={values.requester} onValue={set('requester')} error={errors.requester} />
            {values.requester === 'vertegenwoordiger' && (
              <>
                <TextField id={idOf('representative_name')} label={V.fRepresentative} value={values.representative_name} onValue={set('representative_name')} error={errors.representative_name} autocomplete="off" size="lg" maxLength={LIMITS.name} />
                <TextArea id={idOf('mandate')} label={V.fMandate} hint={V.fMandateHint} value={values.mandate} onValue={set('mandate')} error={errors.mandate} rows={2} maxLength={LIMITS.mandate} />
              </>
            )}
            <Fieldset id={idOf('subject')} legend={V.subjectLegend}>
              <TextField id={idOf('subject_name')} label={V.fSubjectName} value={values.subject_name} onValue={set('subject_name')} error={errors.subject_name} autocomplete="off" size="lg" maxLength={LIMITS.name} />
              <TextField id={idOf('subject_birth_date')} label={V.fBirthDate} hint={t.form.dateHint} value={values.subject_birth_date} onValue={set('subject_birth_date')} error={errors.subject_birth_date} autocomplete="off" size="date" />
              <TextField id={idOf('subject_bsn')} label={V.fBsn} value={values.subject_bsn} onValue={set('subject_bsn')} error={errors.subject_bsn} optional autocomplete="off" inputMode="numeric" maxLength={11} />
            </Fieldset>
            <TextArea id={idOf('note')} label={V.fNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={2} maxLength={LIMITS.text} />
          </>
        )}
      </CaseForm>
    </Page>
  );
}

function Facts({ item }) {
  const facts = [[V.dSubject, item.subject_name], [V.dBirthDate, formatMediumDate(item.subject_birth_date)]];
  if (item.subject_bsn) facts.push([V.dBsn, item.subject_bsn]);
  if (item.requester_label) facts.push([V.dRequester, item.representative_name ? `${item.requester_label}: ${item.representative_name}` : item.requester_label]);
  if (item.mandate) facts.push([V.dMandate, <span class="regie-break">{item.mandate}</span>]);
  if (item.channel_label) facts.push([V.dChannel, item.channel_label]);
  if (item.municipality?.name) facts.push([V.dMunicipality, item.municipality.name]);
  facts.push([V.dReceived, formatMediumDate(item.received_date)]);
  if (item.extended) facts.push([V.dBaseDue, formatMediumDate(item.base_due_date)]);
  facts.push([V.dDue, formatMediumDate(item.due_date)]);
  facts.push([V.dStatus, <DeadlineBadge item={item} />]);
  if (item.note) facts.push([V.dNote, <span class="regie-break">{item.note}</span>]);
  return <DataList items={facts} />;
}

function Section({ id, title, intro, children }) {
  return (
    <section class="regie-section" aria-labelledby={`${id}-title`}>
      <Heading level={2} id={`${id}-title`}>{title}</Heading>
      {intro && <Paragraph>{intro}</Paragraph>}
      {children}
    </section>
  );
}

function Items({ item, orgs, mayDecide, reload }) {
  const items = Array.isArray(item.items) ? item.items : [];
  return (
    <>
      {items.length === 0 ? (
        <Paragraph id="vz-items-none">{V.itemsNone}</Paragraph>
      ) : (
        <Table
          id="vz-items"
          caption={V.itemsCaption(items.length)}
          rows={items}
          rowKey={(x) => x.id}
          columns={[
            { key: 'n', label: '#', render: (x) => String(items.indexOf(x) + 1) },
            { key: 'text', label: V.cText, render: (x) => <span class="regie-break">{x.text}</span> },
            { key: 'owner', label: V.cOwner, render: (x) => x.owner?.name || '' },
            {
              key: 'decision',
              label: V.cDecision,
              render: (x) => (x.police ? V.routedToPolice(x.police.organisation?.name || '') : (
                <span class="regie-break">
                  {x.decision_label}
                  {x.ground_label ? ` — ${x.ground_label}` : ''}
                  {x.reason ? `. ${x.reason}` : ''}
                  {x.changes ? `. ${x.changes}` : ''}
                </span>
              )),
            },
          ]}
        />
      )}
      {mayDecide && items.filter((x) => !x.police).map((x) => (
        <CaseForm
          key={x.id}
          name={`vzd-${x.id}`}
          title={V.decideTitle(items.indexOf(x) + 1)}
          headingLevel={3}
          fields={DECISION_FIELDS}
          initial={{ decision: x.decision === 'open' ? '' : x.decision, ground: x.ground || '', reason: x.reason || '', changes: x.changes || '' }}
          validate={(v) => validateDecision(v, item.kind)}
          labels={{ decision: V.fDecision, ground: V.fGround, reason: V.fDecisionReason, changes: V.fChanges }}
          submitLabel={V.decideSave}
          keep
          send={async (body) => {
            await patch(`${apiPath(item.id)}/items/${encodeURIComponent(x.id)}`, body);
            await reload();
            return V.decideSaved;
          }}
        >
          {({ values, set, errors, idOf }) => (
            <>
              <RadioGroup id={idOf('decision')} legend={V.fDecision} options={toOptions(DECISION_LABELS)} value={values.decision} onValue={set('decision')} error={errors.decision} />
              {(values.decision === 'geweigerd' || values.decision === 'gedeeltelijk_geweigerd') && (
                <SelectField id={idOf('ground')} label={V.fGround} value={values.ground} onValue={set('ground')} placeholder={V.pick} options={toOptions(GROUND_LABELS)} error={errors.ground} />
              )}
              <TextArea id={idOf('reason')} label={V.fDecisionReason} value={values.reason} onValue={set('reason')} error={errors.reason} optional={values.decision === 'toegewezen'} rows={2} maxLength={LIMITS.text} />
              {item.kind !== 'inzage' && (
                <TextArea id={idOf('changes')} label={V.fChanges} value={values.changes} onValue={set('changes')} error={errors.changes} optional={values.decision === 'geweigerd'} rows={2} maxLength={LIMITS.text} />
              )}
            </>
          )}
        </CaseForm>
      ))}
      {orgs && (
        <CaseForm
          name="vzi"
          title={V.itemSave}
          headingLevel={3}
          fields={ITEM_FIELDS}
          initial={{ text: '', owner_org_id: '' }}
          validate={validateItem}
          labels={{ text: V.fText, owner_org_id: V.fOwner }}
          submitLabel={V.itemSave}
          send={async (body) => {
            await post(`${apiPath(item.id)}/items`, body);
            await reload();
            return V.itemSaved;
          }}
        >
          {({ values, set, errors, idOf }) => (
            <>
              <TextArea id={idOf('text')} label={V.fText} value={values.text} onValue={set('text')} error={errors.text} rows={2} maxLength={LIMITS.text} />
              <SelectField id={idOf('owner_org_id')} label={V.fOwner} value={values.owner_org_id} onValue={set('owner_org_id')} placeholder={V.pick} options={orgs.map((o) => ({ value: String(o.id), label: o.name }))} error={errors.owner_org_id} />
            </>
          )}
        </CaseForm>
      )}
    </>
  );
}

export function RightsDetail({ id }) {
  const [item, setItem] = useState(null);
  const [orgs, setOrgs] = useState(null);
  const [error, setError] = useState('');
  const session = getState().session;
  const load = async () => {
    try {
      const r = await get(apiPath(id));
      setItem(r);
      setError('');
      if (r?.full_view && can(session, 'create.rights_request') && !orgs) {
        const o = await get('/api/orgs').catch(() => null);
        setOrgs(Array.isArray(o?.items) ? o.items : []);
      }
    } catch (e) {
      setError(e?.status === 404 ? V.notFound : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [id]);
  if (error) {
    return (
      <Page title={V.title}>
        <Alert type="error" id="vz-detail-error"><Paragraph>{error}</Paragraph></Alert>
        <Paragraph><Link href={BASE}>{V.back}</Link></Paragraph>
      </Page>
    );
  }
  if (!item) return <Loading />;
  const open = item.deadline_status !== 'closed';
  const manage = open && item.full_view && can(session, 'create.rights_request');
  const mayDecide = open && item.identity_result === 'vastgesteld' && (manage || !item.full_view);
  const police = (orgs || []).filter((o) => o.kind === 'politie');
  const idc = item.identity;
  const ext = item.extension;
  const resp = item.response;
  return (
    <Page title={V.detailTitle(item.kind_label || item.kind)} wide>
      <Paragraph><Link href={BASE}>{V.back}</Link></Paragraph>
      {!open && <Alert type="info" id="vz-closed"><Paragraph>{V.closedNotice}</Paragraph></Alert>}
      {!item.full_view && <Alert type="info" id="vz-partner"><Paragraph>{V.partnerView}</Paragraph></Alert>}
      <Facts item={item} />
      {item.full_view && (
        <Section id="vz-identity" title={V.identityTitle} intro={V.identityIntro}>
          <Paragraph id="vz-identity-state">
            {idc ? V.identityDone(`${ID_RESULT_LABELS[idc.result] || ''} (${idc.method_label || ''})`, formatMediumDate(idc.date), idc.by?.name) : V.identityNone}
          </Paragraph>
          {manage && (
            <CaseForm
              name="vzid"
              fields={IDENTITY_FIELDS}
              initial={{ method: '', result: 'vastgesteld', date: today() }}
              validate={(v) => validateIdentity(v)}
              labels={{ method: V.fMethod, result: V.fResult, date: V.fDate }}
              formLabel={V.identityTitle}
              submitLabel={V.identitySave}
              send={async (body) => {
                await post(`${apiPath(item.id)}/identity`, body);
                await load();
                return V.identitySaved;
              }}
            >
              {({ values, set, errors, idOf }) => (
                <>
                  <RadioGroup id={idOf('method')} legend={V.fMethod} options={toOptions(ID_METHOD_LABELS)} value={values.method} onValue={set('method')} error={errors.method} />
                  <RadioGroup id={idOf('result')} legend={V.fResult} options={toOptions(ID_RESULT_LABELS)} value={values.result} onValue={set('result')} error={errors.result} />
                  <TextField id={idOf('date')} label={V.fDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                </>
              )}
            </CaseForm>
          )}
        </Section>
      )}
      {item.full_view && (ext || manage) && (
        <Section id="vz-ext" title={V.extensionTitle} intro={ext ? null : V.extensionIntro}>
          {ext ? (
            <Paragraph id="vz-ext-state">{V.extensionDone(ext.months, formatMediumDate(ext.told_date))} {ext.reason}</Paragraph>
          ) : (
            <CaseForm
              name="vzx"
              fields={EXTENSION_FIELDS}
              initial={{ months: '', reason: '', told_date: today() }}
              validate={(v) => validateExtension(v)}
              labels={{ months: V.fMonths, reason: V.fReason, told_date: V.fTold }}
              formLabel={V.extensionTitle}
              submitLabel={V.extensionSave}
              send={async (body) => {
                await post(`${apiPath(item.id)}/extension`, body);
                await load();
                return V.extensionSaved;
              }}
            >
              {({ values, set, errors, idOf }) => (
                <>
                  <RadioGroup id={idOf('months')} legend={V.fMonths} options={toOptions(V.monthOptions)} value={values.months} onValue={set('months')} error={errors.months} />
                  <TextArea id={idOf('reason')} label={V.fReason} value={values.reason} onValue={set('reason')} error={errors.reason} rows={2} maxLength={LIMITS.text} />
                  <TextField id={idOf('told_date')} label={V.fTold} hint={t.form.dateHint} value={values.told_date} onValue={set('told_date')} error={errors.told_date} autocomplete="off" size="date" />
                </>
              )}
            </CaseForm>
          )}
        </Section>
      )}
      <Section id="vz-items" title={V.itemsTitle} intro={item.full_view ? V.itemsIntro : null}>
        <Items item={item} orgs={manage && item.identity_result === 'vastgesteld' ? orgs : null} mayDecide={mayDecide} reload={load} />
      </Section>
      {item.full_view && (item.police || (manage && item.identity_result === 'vastgesteld' && police.length > 0)) && (
        <Section id="vz-police" title={V.policeTitle} intro={V.policeIntro}>
          {item.police ? (
            <Paragraph id="vz-police-state">{V.policeDone(item.police.organisation?.name || '', formatMediumDate(item.police.date))}</Paragraph>
          ) : (
            <CaseForm
              name="vzp"
              fields={POLICE_FIELDS}
              initial={{ police_org_id: police.length === 1 ? String(police[0].id) : '', date: today(), item_id: '' }}
              validate={(v) => validatePolice(v)}
              labels={{ police_org_id: V.fPoliceOrg, date: V.fDate }}
              formLabel={V.policeTitle}
              submitLabel={V.policeSave}
              send={async (body) => {
                await post(`${apiPath(item.id)}/route-police`, body);
                await load();
                return V.policeSaved;
              }}
            >
              {({ values, set, errors, idOf }) => (
                <>
                  <SelectField id={idOf('police_org_id')} label={V.fPoliceOrg} value={values.police_org_id} onValue={set('police_org_id')} placeholder={V.pick} options={police.map((o) => ({ value: String(o.id), label: o.name }))} error={errors.police_org_id} />
                  <SelectField id={idOf('item_id')} label={V.fPoliceItem} value={values.item_id} onValue={set('item_id')} optional placeholder="Het hele verzoek" options={(item.items || []).filter((x) => !x.police && x.decision === 'open').map((x, i) => ({ value: String(x.id), label: `${i + 1}. ${x.text.slice(0, 60)}` }))} />
                  <TextField id={idOf('date')} label={V.fDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                </>
              )}
            </CaseForm>
          )}
        </Section>
      )}
      {item.full_view && (resp || (manage && item.identity_result)) && (
        <Section id="vz-response" title={V.responseTitle} intro={resp ? null : V.responseIntro}>
          {resp ? (
            <DataList items={[
              [V.fRespDate, V.responseDone(formatMediumDate(resp.date), resp.method_label || '')],
              [V.fSummary, <span class="regie-break">{resp.summary}</span>],
              ...(resp.export_id ? [[V.fExport, String(resp.export_id)]] : []),
            ]} />
          ) : (
            <CaseForm
              name="vzr"
              fields={RESPONSE_FIELDS}
              initial={{ date: today(), method: '', summary: '', export_id: '' }}
              validate={(v) => validateResponse(v)}
              labels={{ date: V.fRespDate, method: V.fRespMethod, summary: V.fSummary, export_id: V.fExport }}
              formLabel={V.responseTitle}
              submitLabel={V.responseSave}
              send={async (body) => {
                await post(`${apiPath(item.id)}/response`, body);
                await load();
                return V.responseSaved;
              }}
            >
              {({ values, set, errors, idOf }) => (
                <>
                  <TextField id={idOf('date')} label={V.fRespDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                  <RadioGroup id={idOf('method')} legend={V.fRespMethod} options={toOptions(RESPONSE_METHOD_LABELS)} value={values.method} onValue={set('method')} error={errors.method} />
                  <TextArea id={idOf('summary')} label={V.fSummary} value={values.summary} onValue={set('summary')} error={errors.summary} rows={4} maxLength={LIMITS.summary} />
                  <TextField id={idOf('export_id')} label={V.fExport} value={values.export_id} onValue={set('export_id')} error={errors.export_id} optional autocomplete="off" inputMode="numeric" />
                </>
              )}
            </CaseForm>
          )}
        </Section>
      )}
    </Page>
  );
}
