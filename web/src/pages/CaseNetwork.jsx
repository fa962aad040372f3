// Netwerk van een casus (docs/network.md): the persons around the case's subjects and their
// relations as tables (always present: the keyboard and screen-reader path, and what prints),
// "ook bekend in een andere casus" per person, and — on request — the same persons as a graph
// (cytoscape, loaded lazily). Who may (dossierhouder/voorzitter of the municipality) adds persons
// and relations, records a concern (a human judgement with a reason; no scores) and gives
// follow-up (a new signal, or a care measure in the case).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDate, formatDateTime } from '../i18n/nl.js';
import { get, post, errorView } from '../api.js';
import { getState } from '../session.js';
import {
  personName, byId, distances, relationText, concernText, graphElements, graphSummary, linkLines, canEditNetwork,
  relTypeOptions, confidenceOptions, concernOptions, relTypeLabel, confidenceLabel, emptyPersonForm, PERSON_FIELDS, validatePerson,
  emptyRelationForm, RELATION_FIELDS, validateRelation, emptyConcernForm, CONCERN_FIELDS, validateConcern, emptyFollowupForm,
  followupFields, validateFollowup, CARE_TYPE_LABELS, DEPTHS, LIMITS,
} from '../network.js';
import { formatMediumDate } from '../cases.js';
import {
  Paragraph, Heading, Alert, Table, DataList, TextField, SelectField, TextArea, RadioGroup, Link, Button, ButtonGroup, StatusBadge, Loading,
} from '../components/ui.jsx';
import { Disclosure } from './MeetingParts.jsx';
import { useCase, CaseShell, CaseForm, casePath, caseHref } from './CaseParts.jsx';

const n = () => t.network;
const personPath = (id) => `/api/network/persons/${encodeURIComponent(id)}`;

/** "Ook bekend in een andere casus?": asks the server when pressed, shows the answer below. */
function LinksCell({ p }) {
  const [st, setSt] = useState({ busy: false, lines: null, error: '' });
  const name = personName(p);
  const ask = async () => {
    setSt({ busy: true, lines: null, error: '' });
    try {
      const r = await get(`/api/persons/${encodeURIComponent(p.id)}/links`);
      setSt({ busy: false, lines: linkLines(r), error: '' });
    } catch (e) {
      setSt({ busy: false, lines: null, error: errorView(e).summary });
    }
  };
  return (
    <div class="regie-cell-stack regie-links" data-person={p.id}>
      <Button variant="secondary" class="regie-no-print" onClick={ask} busy={st.busy} aria-label={n().linksButtonLabel(name)}>{n().linksButton}</Button>
      <div aria-live="polite" class="regie-links__result">
        {st.busy && <span>{n().linksBusy}</span>}
        {st.error && <span class="regie-error-text">{st.error}</span>}
        {st.lines && st.lines.length === 0 && <span>{n().linksNone}</span>}
        {st.lines && st.lines.length > 0 && (
          <ul class="utrecht-unordered-list regie-plain-list">
            {st.lines.map((l, i) => (
              <li class="utrecht-unordered-list__item regie-break" key={i}>
                {l.kind === 'case' ? (
                  <Link href={caseHref(l.caseId, 'netwerk')}>{n().linksCase(l.reference, l.municipality)}</Link>
                ) : (
                  <>
                    <strong>{n().linksHit(l.municipality)}</strong> <span>{l.contact}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function FollowupLinks({ p, c }) {
  const f = p.followup || {};
  const items = [];
  if (f.signal_id != null) items.push(<Link href={`/app/meldingen/${encodeURIComponent(f.signal_id)}`} key="s">{`${n().followupSignal} ${f.signal_id}`}</Link>);
  if (f.measure_id != null) items.push(<Link href={caseHref(c.id, `maatregelen/${encodeURIComponent(f.measure_id)}`)} key="m">{n().followupMeasure}</Link>);
  if (!items.length) return <span class="regie-muted">{n().followupNone}</span>;
  return <span class="regie-cell-stack">{items}</span>;
}

function PersonsTable({ view, c, dist, selected, onSelect }) {
  const k = n();
  const items = view.items;
  if (items.length === 0) return <Paragraph>{k.personsNone}</Paragraph>;
  return (
    <Table
      id="network-persons"
      caption={k.personsCaption(items.length)}
      rows={items}
      rowKey={(p) => p.id}
      columns={[
        {
          key: 'name', label: k.cName, render: (p) => (
            <span class="regie-cell-stack" data-person-row={p.id}>
              <span class="regie-break">{personName(p)}</span>
              {p.birth_date && <span class="regie-cell-note">{k.born(formatDate(p.birth_date))}</span>}
              {p.subject && <StatusBadge status="neutral">{k.subjectTag}</StatusBadge>}
            </span>
          ),
        },
        { key: 'rel', label: k.cRelation, render: (p) => relationText(view, p, dist) },
        {
          key: 'concern', label: k.cConcern, render: (p) => (
            <span class="regie-cell-stack">
              <span>{concernText(view, p.concern)}</span>
              {p.concern?.reason && <span class="regie-cell-note regie-break">{k.concernReason(p.concern.reason)}</span>}
            </span>
          ),
        },
        { key: 'followup', label: k.cFollowup, render: (p) => <FollowupLinks p={p} c={c} /> },
        { key: 'links', label: k.cLinks, render: (p) => <LinksCell p={p} /> },
        {
          key: 'select', label: k.cActions, render: (p) => (
            String(selected) === String(p.id)
              ? <StatusBadge status="active">{k.selected}</StatusBadge>
              : <Button variant="subtle" class="regie-no-print" onClick={() => onSelect(p.id, true)} aria-label={k.selectLabel(personName(p))}>{k.select}</Button>
          ),
        },
      ]}
    />
  );
}

function RelationsTable({ view }) {
  const k = n();
  const persons = byId(view.items);
  const rel = view.relations;
  if (rel.length === 0) return <Paragraph>{k.relationsNone}</Paragraph>;
  return (
    <Table
      id="network-relations"
      caption={k.relationsCaption(rel.length)}
      rows={rel}
      rowKey={(r) => r.id}
      rowHeader={-1}
      columns={[
        { key: 'from', label: k.cFrom, render: (r) => personName(persons.get(String(r.from))) },
        { key: 'to', label: k.cTo, render: (r) => personName(persons.get(String(r.to))) },
        { key: 'type', label: k.cType, render: (r) => r.type_label || relTypeLabel(view, r.type) },
        { key: 'conf', label: k.cConfidence, render: (r) => confidenceLabel(view, r.confidence) },
        { key: 'period', label: k.cPeriod, render: (r) => k.period(r.since ? formatMediumDate(r.since) : '', r.until ? formatMediumDate(r.until) : '') },
        { key: 'note', label: k.cNote, render: (r) => (r.note ? <span class="regie-break">{r.note}</span> : <span class="regie-muted">{t.form.empty}</span>) },
      ]}
    />
  );
}

/** The graph: depth selector, the canvas (role img + summary), zoom buttons and a text legend. */
function GraphSection({ c, view, version, selected, onSelect }) {
  const k = n();
  const subjects = view.items.filter((p) => p.subject);
  const [depth, setDepth] = useState('2');
  const [from, setFrom] = useState(subjects[0] ? String(subjects[0].id) : '');
  const [graph, setGraph] = useState(null);
  const [error, setError] = useState('');
  const box = useRef(null);
  const handle = useRef(null);
  const [drawn, setDrawn] = useState(-1);

  useEffect(() => {
    let alive = true;
    setError('');
    const q = `depth=${encodeURIComponent(depth)}${from ? `&from=${encodeURIComponent(from)}` : ''}`;
    get(`${casePath(c.id)}/network/graph?${q}`).then((g) => alive && setGraph(g), (e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, [c.id, depth, from, version]);

  const elements = graph ? graphElements(view, graph) : null;
  useEffect(() => {
    if (!elements || !box.current) return undefined;
    let alive = true;
    import('../graph/cytoscape.js').then((m) => {
      if (!alive || !box.current) return;
      handle.current?.destroy();
      handle.current = m.mountGraph(box.current, elements, { onSelect: (id) => onSelect(id, false), selected });
      setDrawn(handle.current.cy.nodes().length);
    }, () => alive && setError(k.graphError));
    return () => {
      alive = false;
    };
  }, [graph, view]);
  useEffect(() => () => handle.current?.destroy(), []);
  useEffect(() => {
    handle.current?.select(selected);
  }, [selected]);

  const summary = graph ? graphSummary(view, graph) : '';
  return (
    <section class="regie-section regie-network-graph regie-no-print" aria-labelledby="network-graph-title" id="network-graph">
      <Heading level={2} id="network-graph-title">{k.graphTitle}</Heading>
      <Paragraph>{k.graphIntro}</Paragraph>
      <div class="regie-field-row">
        <SelectField id="network-depth" label={k.depth} value={depth} onValue={setDepth} options={DEPTHS.map((d) => ({ value: String(d), label: k.depthOption(d) }))} />
        {subjects.length > 1 && (
          <SelectField id="network-from" label={k.centreField} value={from} onValue={setFrom} options={subjects.map((p) => ({ value: String(p.id), label: personName(p) }))} />
        )}
      </div>
      {error && <Alert type="error" id="network-graph-error"><Paragraph>{error}</Paragraph></Alert>}
      {!graph && !error && <Paragraph>{k.graphLoading}</Paragraph>}
      {graph && <Paragraph id="network-graph-summary">{summary}</Paragraph>}
      <ButtonGroup>
        <Button variant="secondary" onClick={() => handle.current?.zoom(1.25)}>{k.zoomIn}</Button>
        <Button variant="secondary" onClick={() => handle.current?.zoom(0.8)}>{k.zoomOut}</Button>
        <Button variant="secondary" onClick={() => handle.current?.fit()}>{k.fit}</Button>
      </ButtonGroup>
      <div class="regie-network-canvas" ref={box} role="img" aria-label={summary || k.graphLoading} id="network-canvas" data-nodes={drawn >= 0 ? String(drawn) : undefined} />
      <Heading level={3} id="network-legend-title">{k.legendTitle}</Heading>
      <ul class="utrecht-unordered-list regie-plain-list" aria-labelledby="network-legend-title">
        {k.legend.map((l) => <li class="utrecht-unordered-list__item" key={l}>{l}</li>)}
      </ul>
    </section>
  );
}

function ConcernForm({ p, view, onDone }) {
  const k = n();
  return (
    <CaseForm
      name="nc"
      title={k.concernTitle}
      intro={k.concernIntro}
      fields={CONCERN_FIELDS}
      initial={emptyConcernForm()}
      validate={validateConcern}
      labels={{ concern: k.fConcern, reason: k.fReason, date: k.fConcernDate }}
      submitLabel={k.concernTitle}
      send={async (body) => {
        await post(`${personPath(p.id)}/assessments`, body);
        await onDone();
        return k.concernSaved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <RadioGroup id={idOf('concern')} legend={k.fConcern} options={concernOptions(view)} value={values.concern} onValue={set('concern')} error={errors.concern} />
          <TextArea id={idOf('reason')} label={k.fReason} value={values.reason} onValue={set('reason')} error={errors.reason} rows={3} maxLength={LIMITS.reason} />
          <TextField id={idOf('date')} label={k.fConcernDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} optional autocomplete="off" size="date" />
        </>
      )}
    </CaseForm>
  );
}

function FollowupForm({ p, options, onDone }) {
  const k = n();
  const orgs = (Array.isArray(options?.organisations) ? options.organisations : []).map((o) => ({ value: String(o.id), label: o.name }));
  const care = Object.entries(CARE_TYPE_LABELS).map(([value, label]) => ({ value, label }));
  return (
    <CaseForm
      name="nf"
      title={k.followupTitle}
      fields={followupFields}
      initial={emptyFollowupForm()}
      validate={validateFollowup}
      labels={{
        kind: k.fKind, observed: k.fObserved, legal_ground: k.fLegalGround, type: k.fCareType, owner_org_id: k.fOwner, legal_basis: k.fLegalBasis, description: k.fMeasureDescription,
      }}
      submitLabel={k.followupTitle}
      send={async (body) => {
        await post(`${personPath(p.id)}/followup`, body);
        await onDone();
        return k.followupSaved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <RadioGroup
            id={idOf('kind')}
            legend={k.fKind}
            options={[{ value: 'signal', label: k.kindSignal }, { value: 'measure', label: k.kindMeasure }]}
            value={values.kind}
            onValue={set('kind')}
            error={errors.kind}
          />
          {values.kind === 'signal' && (
            <>
              <TextArea id={idOf('observed')} label={k.fObserved} value={values.observed} onValue={set('observed')} error={errors.observed} rows={4} maxLength={LIMITS.observed} />
              <TextField id={idOf('legal_ground')} label={k.fLegalGround} value={values.legal_ground} onValue={set('legal_ground')} error={errors.legal_ground} optional autocomplete="off" size="lg" maxLength={LIMITS.legal} />
            </>
          )}
          {values.kind === 'measure' && (
            <>
              <SelectField id={idOf('type')} label={k.fCareType} value={values.type} onValue={set('type')} error={errors.type} placeholder={k.chooseCare} options={care} />
              <SelectField id={idOf('owner_org_id')} label={k.fOwner} value={values.owner_org_id} onValue={set('owner_org_id')} error={errors.owner_org_id} placeholder={k.chooseOwner} options={orgs} />
              <TextField id={idOf('legal_basis')} label={k.fLegalBasis} value={values.legal_basis} onValue={set('legal_basis')} error={errors.legal_basis} autocomplete="off" size="lg" maxLength={LIMITS.legal} />
              <TextArea id={idOf('description')} label={k.fMeasureDescription} value={values.description} onValue={set('description')} error={errors.description} rows={3} maxLength={LIMITS.observed} />
            </>
          )}
        </>
      )}
    </CaseForm>
  );
}

/** The chosen person: facts, and (for who may) the concern and follow-up forms. */
function Selected({ p, view, dist, options, editable, onDone }) {
  const k = n();
  if (!p) return <Paragraph id="network-selected-none">{k.detailNone}</Paragraph>;
  const facts = [[k.cRelation, relationText(view, p, dist)]];
  if (p.birth_date) facts.push([k.dBirth, formatDate(p.birth_date)]);
  if (p.description) facts.push([k.dDescription, p.description]);
  if (p.source_org?.name) facts.push([k.dSource, p.source_org.name]);
  if (p.recorded_at) facts.push([k.dRecorded, formatDateTime(p.recorded_at)]);
  facts.push([k.dConcern, concernText(view, p.concern)]);
  if (p.concern?.reason) facts.push([k.dReason, p.concern.reason]);
  return (
    <article aria-labelledby="network-selected-title" id="network-selected">
      <Heading level={3} id="network-selected-title" tabIndex={-1}>{k.detailTitle(personName(p))}</Heading>
      <DataList items={facts} />
      {editable && (
        <div class="regie-no-print">
          <ConcernForm key={`c${p.id}`} p={p} view={view} onDone={onDone} />
          <FollowupForm key={`f${p.id}`} p={p} options={options} onDone={onDone} />
        </div>
      )}
    </article>
  );
}

function AddPerson({ c, onDone }) {
  const k = n();
  return (
    <CaseForm
      name="np"
      intro={k.personIntro}
      fields={PERSON_FIELDS}
      initial={emptyPersonForm()}
      validate={validatePerson}
      labels={{ name: k.fName, birth_date: k.fBirthDate, bsn: k.fBsn, description: k.fDescription }}
      submitLabel={k.addPerson}
      send={async (body) => {
        await post(`${casePath(c.id)}/network/persons`, body);
        await onDone();
        return k.personSaved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <TextField id={idOf('name')} label={k.fName} value={values.name} onValue={set('name')} error={errors.name} optional autocomplete="off" size="lg" maxLength={LIMITS.name} />
          <div class="regie-field-row">
            <TextField id={idOf('birth_date')} label={k.fBirthDate} hint={t.form.dateHint} value={values.birth_date} onValue={set('birth_date')} error={errors.birth_date} optional autocomplete="off" size="date" />
            <TextField id={idOf('bsn')} label={k.fBsn} hint={k.fBsnHint} value={values.bsn} onValue={set('bsn')} error={errors.bsn} optional autocomplete="off" inputMode="numeric" maxLength={11} />
          </div>
          <TextArea id={idOf('description')} label={k.fDescription} hint={k.fDescriptionHint} value={values.description} onValue={set('description')} error={errors.description} optional rows={2} maxLength={LIMITS.description} />
        </>
      )}
    </CaseForm>
  );
}

function AddRelation({ c, view, onDone }) {
  const k = n();
  const people = view.items.map((p) => ({ value: String(p.id), label: personName(p) }));
  return (
    <CaseForm
      name="nr"
      fields={RELATION_FIELDS}
      initial={emptyRelationForm()}
      validate={validateRelation}
      labels={{ from_id: k.fFrom, to_id: k.fTo, type: k.fType, confidence: k.fConfidence, since_date: k.fSince, until_date: k.fUntil, note: k.fNote }}
      submitLabel={k.addRelation}
      send={async (body) => {
        await post(`${casePath(c.id)}/network/relations`, body);
        await onDone();
        return k.relationSaved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <div class="regie-field-row">
            <SelectField id={idOf('from_id')} label={k.fFrom} value={values.from_id} onValue={set('from_id')} error={errors.from_id} placeholder={k.choosePerson} options={people} />
            <SelectField id={idOf('to_id')} label={k.fTo} value={values.to_id} onValue={set('to_id')} error={errors.to_id} placeholder={k.choosePerson} options={people} />
          </div>
          <SelectField id={idOf('type')} label={k.fType} value={values.type} onValue={set('type')} error={errors.type} placeholder={k.chooseType} options={relTypeOptions(view)} />
          <RadioGroup id={idOf('confidence')} legend={k.fConfidence} options={confidenceOptions(view)} value={values.confidence} onValue={set('confidence')} error={errors.confidence} />
          <div class="regie-field-row">
            <TextField id={idOf('since_date')} label={k.fSince} hint={t.form.dateHint} value={values.since_date} onValue={set('since_date')} error={errors.since_date} optional autocomplete="off" size="date" />
            <TextField id={idOf('until_date')} label={k.fUntil} hint={t.form.dateHint} value={values.until_date} onValue={set('until_date')} error={errors.until_date} optional autocomplete="off" size="date" />
          </div>
          <TextArea id={idOf('note')} label={k.fNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={2} maxLength={LIMITS.note} />
        </>
      )}
    </CaseForm>
  );
}

function NetworkBody({ c, options }) {
  const k = n();
  const [view, setView] = useState(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState(null);
  const [showGraph, setShowGraph] = useState(false);
  const load = async () => {
    try {
      const v = await get(`${casePath(c.id)}/network/persons`);
      setView({ ...v, items: Array.isArray(v.items) ? v.items : [], relations: Array.isArray(v.relations) ? v.relations : [] });
      setVersion((x) => x + 1);
      setError('');
    } catch (e) {
      setError(e?.status === 403 || e?.status === 404 ? k.noAccess : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [c.id]);
  if (error) return <Alert type="error" id="network-error"><Paragraph>{error}</Paragraph></Alert>;
  if (!view) return <Loading />;
  const editable = canEditNetwork(getState().session, c);
  const dist = distances(view.items, view.relations);
  const chosen = selected != null ? byId(view.items).get(String(selected)) : null;
  const onSelect = (id, focus) => {
    setSelected(id);
    if (focus) window.setTimeout(() => document.getElementById('network-selected-title')?.focus(), 0);
  };
  return (
    <div class="regie-network">
      <Paragraph lead>{k.intro}</Paragraph>
      {!editable && <Paragraph id="network-read-only">{k.readOnly}</Paragraph>}
      <div class="regie-no-print">
        <ButtonGroup>
          <Button variant="secondary" id="network-toggle-graph" aria-expanded={showGraph ? 'true' : 'false'} aria-controls="network-graph-slot" onClick={() => setShowGraph((s) => !s)}>
            {showGraph ? k.hideGraph : k.showGraph}
          </Button>
        </ButtonGroup>
      </div>
      <div id="network-graph-slot">
        {showGraph && <GraphSection c={c} view={view} version={version} selected={selected} onSelect={onSelect} />}
      </div>
      <section class="regie-section" aria-labelledby="network-persons-title">
        <Heading level={2} id="network-persons-title">{k.personsTitle}</Heading>
        <PersonsTable view={view} c={c} dist={dist} selected={selected} onSelect={onSelect} />
      </section>
      <section class="regie-section regie-panel" aria-labelledby="network-selected-heading">
        <Heading level={2} id="network-selected-heading">{k.selectedTitle}</Heading>
        <Selected p={chosen} view={view} dist={dist} options={options} editable={editable} onDone={load} />
      </section>
      <section class="regie-section" aria-labelledby="network-relations-title">
        <Heading level={2} id="network-relations-title">{k.relationsTitle}</Heading>
        <RelationsTable view={view} />
      </section>
      {editable && (
        <section class="regie-section regie-no-print" aria-labelledby="network-add-title">
          <Heading level={2} id="network-add-title">{`${k.addPerson} / ${k.addRelation}`}</Heading>
          <Disclosure id="network-person-open" summary={k.addPerson}>
            <AddPerson c={c} onDone={load} />
          </Disclosure>
          <Disclosure id="network-relation-open" summary={k.addRelation}>
            <AddRelation c={c} view={view} onDone={load} />
          </Disclosure>
        </section>
      )}
    </div>
  );
}

export function CaseNetwork({ id }) {
  const state = useCase(id);
  return (
    <CaseShell state={state} part="netwerk" title={(c) => t.network.title(c.reference)}>
      {(c, options) => <NetworkBody c={c} options={options} />}
    </CaseShell>
  );
}
