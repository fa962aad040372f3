// Gereedheid (docs/preparedness.md): is the municipality ready for its first case? The P1-P7
// checklist of the factsheet's chapter 1, computed by the server from the data (nobody ticks a
// box): each item with a status badge in words, the facts and what to do next; the continuity
// warning as a prominent alert; forms to name the dossierhouder and deputy (or the regional
// arrangement), add or withdraw policy documents, log a joint training and edit the COT table.
// The beheerder (or anyone who may see several municipalities) first gets an overview table.
import { useEffect, useState } from 'preact/hooks';
import { t, todayISO } from '../i18n/nl.js';
import { get, post, api, errorView } from '../api.js';
import { formatMediumDate } from '../meetings.js';
import {
  R, statusBadge, overviewRows, singleMunicipality, peopleForm, validatePeople, emptyDocForm, DOC_FIELDS, validateDoc,
  emptyTrainingForm, TRAINING_FIELDS, validateTraining, cotForm, validateCot, lastTrainingText, LIMITS,
} from '../readiness.js';
import {
  Page, Paragraph, Heading, Button, Link, Alert, Table, Loading, SelectField, TextField, CheckboxGroup, StatusBadge, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';
import { Disclosure } from './MeetingParts.jsx';

const BASE = '/app/gereedheid';
const apiPath = (id, rest = '') => `/api/readiness/${encodeURIComponent(id)}${rest}`;
const opt = (list) => (Array.isArray(list) ? list : []).map((x) => ({ value: String(x.id), label: x.municipality?.name ? `${x.name} (${x.municipality.name})` : x.org?.name ? `${x.name} (${x.org.name})` : x.name }));
const codes = (list) => (Array.isArray(list) ? list : []).map((x) => ({ value: x.code, label: x.label }));

function Badge({ status }) {
  const b = statusBadge(status);
  return <StatusBadge status={b.status}>{b.text}</StatusBadge>;
}

/** /app/gereedheid: the overview, or straight the own municipality when there is only one. */
export function Readiness() {
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    get('/api/readiness')
      .then((r) => alive && setList(r || { items: [] }))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, []);
  if (error) {
    return (
      <Page title={R.title}>
        <Alert type="error" id="rd-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>
      </Page>
    );
  }
  if (!list) return <Page title={R.title}><Loading /></Page>;
  const single = singleMunicipality(list);
  if (single) return <ReadinessDetail id={single} single />;
  const rows = overviewRows(list);
  return (
    <Page title={R.overviewTitle} wide>
      <Paragraph lead>{R.overviewIntro}</Paragraph>
      <Table
        id="rd-overview"
        caption={R.caption}
        rows={rows}
        rowKey={(x) => x.municipality.id}
        columns={[
          { key: 'm', label: R.cMunicipality, render: (x) => <a class="utrecht-link utrecht-link--html-a" href={`${BASE}/${encodeURIComponent(x.municipality.id)}`}>{x.municipality.name}</a> },
          { key: 'ok', label: R.cOk, render: (x) => String(x.summary?.in_orde ?? 0) },
          { key: 'att', label: R.cAttention, render: (x) => String(x.summary?.aandachtspunt ?? 0) },
          { key: 'mis', label: R.cMissing, render: (x) => String(x.summary?.ontbreekt ?? 0) },
          {
            key: 'cont',
            label: R.cContinuity,
            render: (x) => (x.continuity_warning
              ? <StatusBadge status="warning">{R.continuityWarn}</StatusBadge>
              : <StatusBadge status="valid">{R.continuityOk}</StatusBadge>),
          },
        ]}
      />
    </Page>
  );
}

function Item({ item }) {
  const hid = `rd-${item.code}-title`;
  return (
    <section class="regie-section regie-panel" aria-labelledby={hid} id={`rd-${item.code}`}>
      <Heading level={3} id={hid}>{`${item.code}. ${item.title}`}</Heading>
      <p class="utrecht-paragraph"><Badge status={item.status} /></p>
      <ul class="utrecht-unordered-list regie-plain-list">
        {(item.facts || []).map((f, i) => <li class="utrecht-unordered-list__item regie-break" key={i}>{f}</li>)}
      </ul>
      {item.source && <Paragraph><strong>{R.source}</strong> {item.source}</Paragraph>}
      {item.next && <Paragraph><strong>{R.next}</strong> {item.next}</Paragraph>}
    </section>
  );
}

function PeopleForm({ d, reload }) {
  const o = d.options || {};
  return (
    <CaseForm
      name="rdp"
      title={R.peopleTitle}
      intro={R.peopleIntro}
      headingLevel={2}
      fields={['dossierhouder_id', 'deputy_id', 'regional_org_id', 'regional_body_id']}
      initial={peopleForm(d)}
      keep
      validate={validatePeople}
      labels={{ dossierhouder_id: R.fDossierhouder, deputy_id: R.fDeputy, regional_org_id: R.fRegionalOrg, regional_body_id: R.fRegionalBody }}
      submitLabel={R.savePeople}
      send={async (body) => {
        await api('PUT', apiPath(d.municipality.id, '/people'), body);
        reload();
        return R.savedPeople;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <div class="regie-field-row">
            <SelectField id={idOf('dossierhouder_id')} label={R.fDossierhouder} value={values.dossierhouder_id} onValue={set('dossierhouder_id')} error={errors.dossierhouder_id} placeholder={R.none} options={opt(o.dossierhouders)} optional />
            <SelectField id={idOf('deputy_id')} label={R.fDeputy} value={values.deputy_id} onValue={set('deputy_id')} error={errors.deputy_id} placeholder={R.none} options={opt(o.dossierhouders)} optional />
          </div>
          <div class="regie-field-row">
            <SelectField id={idOf('regional_org_id')} label={R.fRegionalOrg} value={values.regional_org_id} onValue={set('regional_org_id')} error={errors.regional_org_id} placeholder={R.noneOrg} options={opt(o.regional_orgs)} optional />
            <SelectField id={idOf('regional_body_id')} label={R.fRegionalBody} value={values.regional_body_id} onValue={set('regional_body_id')} error={errors.regional_body_id} placeholder={R.noneOrg} options={opt(o.regional_bodies)} optional />
          </div>
        </>
      )}
    </CaseForm>
  );
}

function Documents({ d, reload }) {
  const [msg, setMsg] = useState(null);
  const docs = Array.isArray(d.documents) ? d.documents : [];
  const withdraw = async (doc) => {
    try {
      await api('POST', `/api/readiness/documents/${encodeURIComponent(doc.id)}/withdraw`);
      setMsg({ type: 'ok', text: R.withdrawnDone, key: Date.now() });
      announce(R.withdrawnDone);
      reload();
    } catch (e) {
      setMsg({ type: 'error', text: errorView(e).summary, key: Date.now() });
    }
  };
  return (
    <section class="regie-section" aria-labelledby="rd-docs-title">
      <Heading level={2} id="rd-docs-title">{R.docsTitle}</Heading>
      {msg && <Alert type={msg.type} id="rd-docs-msg" focusKey={msg.key}><Paragraph>{msg.text}</Paragraph></Alert>}
      {docs.length === 0 ? <Paragraph>{R.docsNone}</Paragraph> : (
        <Table
          id="rd-docs"
          caption={R.docsCaption}
          rows={docs}
          rowKey={(x) => x.id}
          rowHeader={1}
          columns={[
            { key: 'kind', label: R.cKind, render: (x) => x.kind_label || x.kind },
            { key: 'title', label: R.cTitle, render: (x) => <span class="regie-break">{x.title}</span> },
            { key: 'ref', label: R.cReference, render: (x) => x.reference || t.form.empty },
            { key: 'dec', label: R.cDecision, render: (x) => <span class="regie-nowrap">{x.decision_date ? formatMediumDate(x.decision_date) : t.form.empty}</span> },
            { key: 'state', label: R.cState, render: (x) => (x.withdrawn ? <StatusBadge status="inactive">{R.withdrawn}</StatusBadge> : <StatusBadge status="valid">{R.current}</StatusBadge>) },
            ...(d.can_update ? [{
              key: 'act',
              label: "Actie",
              render: (x) => (x.withdrawn ? t.form.empty : <Button variant="secondary" aria-label={R.withdrawLabel(x.title)} onClick={() => withdraw(x)}>{R.withdraw}</Button>),
            }] : []),
          ]}
        />
      )}
      {d.can_update && (
        <Disclosure id="rd-doc-add" summary={R.addDoc}>
          <CaseForm
            name="rdd"
            formLabel={R.addDoc}
            fields={DOC_FIELDS}
            initial={emptyDocForm()}
            validate={(v) => validateDoc(v, todayISO())}
            labels={{ kind: R.fKind, title: R.fTitle, reference: R.fReference, decision_date: R.fDecision }}
            submitLabel={R.addDoc}
            send={async (body) => {
              await post(apiPath(d.municipality.id, '/documents'), body);
              reload();
              return R.savedDoc;
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <SelectField id={idOf('kind')} label={R.fKind} value={values.kind} onValue={set('kind')} error={errors.kind} placeholder="Kies…" options={codes(d.options?.document_kinds)} />
                <TextField id={idOf('title')} label={R.fTitle} value={values.title} onValue={set('title')} error={errors.title} size="lg" maxLength={LIMITS.title} autocomplete="off" />
                <TextField id={idOf('reference')} label={R.fReference} value={values.reference} onValue={set('reference')} error={errors.reference} optional maxLength={LIMITS.reference} autocomplete="off" />
                <TextField id={idOf('decision_date')} label={R.fDecision} hint={R.fDecisionHint} value={values.decision_date} onValue={set('decision_date')} error={errors.decision_date} optional size="date" autocomplete="off" />
              </>
            )}
          </CaseForm>
        </Disclosure>
      )}
    </section>
  );
}

function Trainings({ d, reload }) {
  const rows = Array.isArray(d.trainings) ? d.trainings : [];
  const p2 = (d.items || []).find((x) => x.code === 'P2');
  const perOrg = p2?.training?.per_org || [];
  const people = (d.options?.people || []).map((p) => ({ value: String(p.id), label: `${p.name} (${p.org?.name || ''})` }));
  return (
    <section class="regie-section" aria-labelledby="rd-tr-title">
      <Heading level={2} id="rd-tr-title">{R.trainingsTitle}</Heading>
      {rows.length === 0 ? <Paragraph>{R.trainingsNone}</Paragraph> : (
        <Table
          id="rd-trainings"
          caption={R.trainingsCaption}
          rows={rows}
          rowKey={(x) => x.id}
          rowHeader={1}
          columns={[
            { key: 'date', label: R.cDate, render: (x) => <span class="regie-nowrap">{formatMediumDate(x.date)}</span> },
            { key: 'topic', label: R.cTopic, render: (x) => <span class="regie-break">{x.topic}</span> },
            { key: 'prov', label: R.cProvider, render: (x) => x.provider || t.form.empty },
            { key: 'att', label: R.cAttendees, render: (x) => R.attendeesCount(x.attendee_count, (x.orgs || []).map((o) => o.name).join(', ')) },
          ]}
        />
      )}
      {perOrg.length > 0 && (
        <Table
          id="rd-per-org"
          caption={R.perOrgCaption}
          rows={perOrg}
          rowKey={(x) => x.org?.id}
          columns={[
            { key: 'org', label: R.cOrg, render: (x) => x.org?.name },
            { key: 'last', label: R.cLast, render: (x) => lastTrainingText(x, formatMediumDate) },
          ]}
        />
      )}
      {d.can_update && (
        <Disclosure id="rd-tr-add" summary={R.addTraining}>
          <CaseForm
            name="rdt"
            formLabel={R.addTraining}
            fields={TRAINING_FIELDS}
            initial={emptyTrainingForm()}
            validate={(v) => validateTraining(v, todayISO())}
            labels={{ date: R.fDate, topic: R.fTopic, provider: R.fProvider, attendee_ids: R.fAttendees }}
            submitLabel={R.addTraining}
            send={async (body) => {
              await post(apiPath(d.municipality.id, '/trainings'), body);
              reload();
              return R.savedTraining;
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <TextField id={idOf('date')} label={R.fDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} size="date" autocomplete="off" />
                <TextField id={idOf('topic')} label={R.fTopic} value={values.topic} onValue={set('topic')} error={errors.topic} size="lg" maxLength={LIMITS.topic} autocomplete="off" />
                <TextField id={idOf('provider')} label={R.fProvider} value={values.provider} onValue={set('provider')} error={errors.provider} optional maxLength={LIMITS.provider} autocomplete="off" />
                <CheckboxGroup id={idOf('attendee_ids')} legend={R.fAttendees} hint={R.fAttendeesHint} error={errors.attendee_ids} options={people} values={values.attendee_ids} onValues={set('attendee_ids')} />
              </>
            )}
          </CaseForm>
        </Disclosure>
      )}
    </section>
  );
}

function Cot({ d, reload }) {
  const rows = Array.isArray(d.cot) ? d.cot : [];
  const fns = d.options?.cot_functions || rows.map((r) => ({ code: r.function, label: r.label }));
  const orgs = (d.options?.orgs || []).map((o) => ({ value: String(o.id), label: o.name }));
  const fields = fns.flatMap((_, i) => [`roles.${i}.org_ids`, `roles.${i}.note`]);
  return (
    <section class="regie-section" aria-labelledby="rd-cot-title">
      <Heading level={2} id="rd-cot-title">{R.cotTitle}</Heading>
      <Table
        id="rd-cot"
        caption={R.cotCaption}
        rows={rows}
        rowKey={(x) => x.function}
        columns={[
          { key: 'f', label: R.cFunction, render: (x) => x.label },
          { key: 'o', label: R.cOrgs, render: (x) => (x.open ? <StatusBadge status="warning">{R.open}</StatusBadge> : <span class="regie-break">{(x.orgs || []).map((o) => o.name).join(', ')}</span>) },
          { key: 'n', label: R.cNote, render: (x) => <span class="regie-break">{x.note || t.form.empty}</span> },
        ]}
      />
      {d.can_update && (
        <Disclosure id="rd-cot-edit" summary={R.editCot}>
          <CaseForm
            name="rdc"
            formLabel={R.editCot}
            fields={fields}
            initial={cotForm(d)}
            keep
            validate={(v) => validateCot(v, fns)}
            submitLabel={R.saveCot}
            send={async (body) => {
              await api('PUT', apiPath(d.municipality.id, '/cot'), body);
              reload();
              return R.savedCot;
            }}
          >
            {({ values, setValues, errors, idOf }) => (
              <>
                {fns.map((f, i) => {
                  const row = values[f.code] || { org_ids: [], note: '' };
                  const put = (k) => (v) => setValues((old) => ({ ...old, [f.code]: { ...(old[f.code] || { org_ids: [], note: '' }), [k]: v } }));
                  return (
                    <div class="regie-panel" key={f.code}>
                      <CheckboxGroup id={idOf(`roles.${i}.org_ids`)} legend={R.fCotOrgs(f.label)} error={errors[`roles.${i}.org_ids`]} options={orgs} values={row.org_ids} onValues={put('org_ids')} optional />
                      <TextField id={idOf(`roles.${i}.note`)} label={R.fCotNote(f.label)} value={row.note} onValue={put('note')} error={errors[`roles.${i}.note`]} optional size="lg" maxLength={LIMITS.note} autocomplete="off" />
                    </div>
                  );
                })}
              </>
            )}
          </CaseForm>
        </Disclosure>
      )}
    </section>
  );
}

/** /app/gereedheid/:id (and /app/gereedheid for a single municipality). */
export function ReadinessDetail({ id, single = false }) {
  const [d, setD] = useState(null);
  const [error, setError] = useState('');
  const [gen, setGen] = useState(0);
  useEffect(() => {
    let alive = true;
    get(apiPath(id))
      .then((r) => {
        if (!alive) return;
        setD(r);
        setError('');
      })
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, [id, gen]);
  const reload = () => setGen((g) => g + 1);
  const title = d ? `${R.title}: ${d.municipality?.name}` : R.title;
  return (
    <Page title={title} wide>
      {!single && <Paragraph><Link href={BASE}>{R.back}</Link></Paragraph>}
      {error && <Alert type="error" id="rd-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {!d && !error && <Loading />}
      {d && (
        <>
          {d.continuity_warning && (
            <Alert type="warning" id="rd-continuity" title={R.continuityTitle} role="alert">
              <Paragraph>{d.continuity_text}</Paragraph>
            </Alert>
          )}
          <Paragraph lead>{R.intro}</Paragraph>
          <section class="regie-section" aria-labelledby="rd-check-title">
            <Heading level={2} id="rd-check-title">{R.checklistTitle}</Heading>
            <Paragraph id="rd-summary">{R.summary(d.summary)}</Paragraph>
            {(d.items || []).map((it) => <Item item={it} key={it.code} />)}
          </section>
          {d.can_update ? <PeopleForm d={d} reload={reload} /> : <Paragraph>{R.readOnly}</Paragraph>}
          <Documents d={d} reload={reload} />
          <Trainings d={d} reload={reload} />
          <Cot d={d} reload={reload} />
        </>
      )}
    </Page>
  );
}
