// Casus (overview): the header (reference, phase, flags, casusregisseur, subjects, dates, the
// council), the coming deadlines and the open checklist items (late ones say so in text), the
// plan at a glance, the timeline of decisions (transitions and flags with their rationale) and
// the participating organisations. Who may (`can`) changes the phase or sets/clears a flag;
// each is a decision with a rationale.
import { t, formatDate, CASE_DECIDER_LABELS, CASE_FLAG_LABELS } from '../i18n/nl.js';
import { post } from '../api.js';
import { navigate } from '../router.js';
import {
  stateLabel, flagLabel, deciderLabel, activeFlags, nextDeadlines, openTaskGroups, planMeasures, allowedTransitions,
  emptyTransitionForm, transitionFieldKeys, validateTransition, emptyFlagForm, flagFieldKeys, validateFlag, optionsOrTable,
  formatMediumDate, measureStatusLabel, timelineEntries, meetingDecisionTypeLabel, LIMITS,
} from '../cases.js';
import {
  Paragraph, Heading, Alert, Table, DataList, TextField, SelectField, TextArea, RadioGroup, Link, StatusBadge, announce,
} from '../components/ui.jsx';
import { Disclosure } from './MeetingParts.jsx';
import { KnownElsewhere } from './CaseElsewhere.jsx';
import {
  useCase, CaseShell, CaseForm, DueCell, Text, TextList, MeetingDecisionField, casePath, caseHref, who, recorded,
} from './CaseParts.jsx';

function Header({ c, options }) {
  const k = t.cases;
  const facts = [[k.dReference, c.reference || t.form.empty]];
  if (c.municipality?.name) facts.push([k.dMunicipality, c.municipality.name]);
  facts.push([k.dState, stateLabel(c, options)]);
  const flags = (Array.isArray(c.flags) ? c.flags : []).map((f) => k.flagSince(f.label || flagLabel(options, f.flag), f.since ? formatMediumDate(f.since) : ''));
  facts.push([k.dFlags, flags.length ? flags.join(', ') : k.noFlags]);
  facts.push([k.dRegisseur, who(c.casusregisseur)]);
  const subjects = (Array.isArray(c.subjects) ? c.subjects : []).filter((s) => s && s.name);
  if (subjects.length) {
    facts.push([k.dSubjects, subjects.map((s) => k.subjectLine(s.name, s.birth_date ? formatDate(s.birth_date) : '')).join('; ')]);
  }
  facts.push([k.dAdmitted, formatMediumDate(c.admitted_date) || t.form.empty]);
  if (c.first_overleg_date) facts.push([k.dFirstOverleg, formatMediumDate(c.first_overleg_date)]);
  if (c.state !== 'afgesloten') facts.push([k.dReview, formatMediumDate(c.next_review_date) || k.noReview]);
  if (c.closed_date) facts.push([k.dClosed, formatMediumDate(c.closed_date)]);
  if (c.retention_until) facts.push([k.dRetention, formatMediumDate(c.retention_until)]);
  return (
    <>
      <DataList items={facts} />
      {c.council_informed_date ? (
        <Paragraph id="council-informed"><strong>{k.councilInformed(formatMediumDate(c.council_informed_date))}</strong></Paragraph>
      ) : (
        Array.isArray(c.tasks) && <Paragraph id="council-informed">{k.councilNotInformed}</Paragraph>
      )}
    </>
  );
}

function Deadlines({ c }) {
  const k = t.cases;
  const rows = nextDeadlines(c);
  return (
    <section class="regie-section" aria-labelledby="deadlines-title">
      <Heading level={2} id="deadlines-title">{k.deadlinesTitle}</Heading>
      {rows.length === 0 ? (
        <Paragraph>{k.deadlinesNone}</Paragraph>
      ) : (
        <Table
          id="deadlines"
          caption={k.deadlinesCaption}
          rows={rows}
          rowKey={(x) => x.key}
          columns={[
            { key: 'what', label: k.cWhat, render: (x) => <span class="regie-break">{x.what}</span> },
            { key: 'due', label: k.cDue, render: (x) => <DueCell item={{ due_date: x.due_date, overdue: x.overdue }} /> },
          ]}
        />
      )}
    </section>
  );
}

function OpenItems({ c }) {
  const k = t.cases;
  if (!Array.isArray(c.tasks)) return null;
  const groups = openTaskGroups(c.tasks);
  const open = groups.reduce((n, g) => n + g.items.length, 0);
  const late = groups.reduce((n, g) => n + g.overdue, 0);
  return (
    <section class="regie-section" aria-labelledby="open-items-title" id="open-items">
      <Heading level={2} id="open-items-title">{k.openItemsTitle}</Heading>
      {open === 0 ? (
        <Paragraph>{k.openItemsNone}</Paragraph>
      ) : (
        <>
          <Paragraph>{k.openItemsCount(open, late)}</Paragraph>
          {groups.map((g) => (
            <div class="regie-task-group" key={g.group}>
              <Heading level={3} id={`open-${g.group.replace(/[^A-Za-z]+/g, '-')}`}>{g.group}</Heading>
              <ul class="utrecht-unordered-list regie-plain-list" aria-label={g.group}>
                {g.items.map((x) => (
                  <li class="utrecht-unordered-list__item" key={x.id} data-task={x.code}>
                    <span class="regie-break"><strong>{x.code}</strong> {x.title}</span>
                    {(x.due_date || x.overdue) && (
                      <span class="regie-cell-line"><DueCell item={x} /></span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      <Paragraph><Link href={caseHref(c.id, 'checklist')}>{k.toChecklist}</Link></Paragraph>
    </section>
  );
}

function PlanGlance({ c, options }) {
  const k = t.cases;
  if (!('plan' in c)) return null;
  const p = c.plan;
  const adopted = c.plan_adopted;
  const measures = p ? planMeasures(p, c.measures) : (Array.isArray(c.measures) ? c.measures : []);
  return (
    <section class="regie-section" aria-labelledby="plan-glance-title" id="plan-glance">
      <Heading level={2} id="plan-glance-title">{k.planTitle}</Heading>
      {!p ? (
        <Paragraph>{k.planNone}</Paragraph>
      ) : (
        <>
          <Paragraph><strong>{k.planVersion(p.version ?? 1, !!p.adopted, formatMediumDate(p.adopted_date))}</strong></Paragraph>
          {!p.adopted && adopted && <Paragraph>{k.planAdoptedOther(adopted.version ?? 1, formatMediumDate(adopted.adopted_date))}</Paragraph>}
          <Heading level={3} id="plan-glance-goals">{k.goalsTitle}</Heading>
          <TextList items={p.goals} id="plan-goals" />
        </>
      )}
      {(p || measures.length > 0) && (
        <>
          <Heading level={3} id="plan-glance-measures">{k.measuresTitle}</Heading>
          {measures.length === 0 ? (
            <Paragraph>{k.measuresNone}</Paragraph>
          ) : (
            <ul class="utrecht-unordered-list regie-plain-list" id="plan-measures">
              {measures.map((m) => (
                <li class="utrecht-unordered-list__item" key={m.id} data-measure={m.type}>
                  <Link href={caseHref(c.id, `maatregelen/${encodeURIComponent(m.id)}`)}>{m.type_label || m.type}</Link>
                  <span class="regie-cell-note">{`${m.status_label || measureStatusLabel(options, m.status)}${m.owner_org?.name ? `, ${m.owner_org.name}` : ''}`}</span>
                  {m.description && <span class="regie-cell-line regie-break">{m.description}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {p?.next_review_date && <Paragraph>{`${k.planReview}: ${formatMediumDate(p.next_review_date)}`}</Paragraph>}
      <Paragraph><Link href={caseHref(c.id, 'plan')}>{k.toPlan}</Link></Paragraph>
    </section>
  );
}

function Timeline({ c, options }) {
  const k = t.cases;
  if (!Array.isArray(c.events) && !Array.isArray(c.meeting_decisions)) return null;
  const entries = timelineEntries(c);
  return (
    <section class="regie-section" aria-labelledby="timeline-title" id="timeline">
      <Heading level={2} id="timeline-title">{k.timelineTitle}</Heading>
      {entries.length === 0 ? (
        <Paragraph>{k.timelineNone}</Paragraph>
      ) : (
        <ol class="regie-timeline" id="timeline-list">
          {entries.map(({ kind, key, item: e, superseded }) => {
            if (kind === 'meeting') {
              return (
                <li class="regie-timeline__item" key={key} data-kind="meeting">
                  <p class="utrecht-paragraph regie-timeline__head">
                    <span class="regie-nowrap">{formatMediumDate(e.decided_date) || t.form.empty}</span>
                    {' — '}
                    <strong>{k.evMeeting(meetingDecisionTypeLabel(e.type))}</strong>
                    {e.result && ` (${k.evResult(e.result).toLowerCase()})`}
                  </p>
                  {superseded && <p class="utrecht-paragraph"><StatusBadge status="inactive">{k.evSuperseded}</StatusBadge></p>}
                  {e.text && <Text text={e.text} />}
                  {e.rationale && <Text text={e.rationale} />}
                  {e.meeting_id != null && <p class="utrecht-paragraph"><Link href={`/app/overleggen/${encodeURIComponent(e.meeting_id)}`}>{k.toMeeting}</Link></p>}
                </li>
              );
            }
            const lbl = e.label || (kind === 'flag' ? flagLabel(options, e.code) : stateLabel({ state: e.code }, options));
            const head = kind === 'flag' ? (e.on ? k.evFlagOn(lbl) : k.evFlagOff(lbl)) : k.evTransition(lbl);
            return (
              <li class="regie-timeline__item" key={key} data-kind={kind}>
                <p class="utrecht-paragraph regie-timeline__head">
                  <span class="regie-nowrap">{formatMediumDate(e.decided_date) || t.form.empty}</span>
                  {' — '}
                  <strong>{head}</strong>
                </p>
                {e.decided_by && <p class="utrecht-paragraph">{k.evDecidedBy(deciderLabel(options, e.decided_by))}</p>}
                {e.rationale && <Text text={e.rationale} />}
                {e.departure_date && <p class="utrecht-paragraph">{k.evDeparture(formatMediumDate(e.departure_date))}</p>}
                {e.closure && <p class="utrecht-paragraph regie-break">{k.evClosure(!!e.closure.subject_informed, e.closure.informed_note || '')}</p>}
                <p class="utrecht-paragraph regie-cell-note">{recorded(e, k.evRecorded)}</p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Participants({ c }) {
  const k = t.cases;
  const list = Array.isArray(c.participants) ? c.participants : [];
  return (
    <section class="regie-section" aria-labelledby="participants-title">
      <Heading level={2} id="participants-title">{k.participantsTitle}</Heading>
      {list.length === 0 ? (
        <Paragraph>{k.participantsNone}</Paragraph>
      ) : (
        <Table
          id="participants"
          caption={k.participantsCaption}
          rows={list}
          rowKey={(p) => `${p.org?.id}-${p.kind}`}
          columns={[
            { key: 'org', label: k.cOrg, render: (p) => p.org?.name || t.form.empty },
            { key: 'kind', label: k.cKind, render: (p) => p.kind_label || p.kind },
            { key: 'reason', label: k.cReason, render: (p) => (p.reason ? <span class="regie-break">{p.reason}</span> : <span class="regie-muted">{t.form.empty}</span>) },
          ]}
        />
      )}
    </section>
  );
}

const deciderOptions = (options) => optionsOrTable(options?.deciders, CASE_DECIDER_LABELS);

function TransitionForm({ c, options, onDone }) {
  const k = t.cases;
  const targets = allowedTransitions(c, { canClose: !!c.can?.close });
  const planHint = c.state === 'beeldvorming' && !c.plan_adopted;
  return (
    <Disclosure id="transition-open" summary={k.transitionTitle}>
      {targets.length === 0 ? (
        <Paragraph>{k.transitionNone}</Paragraph>
      ) : (
        <CaseForm
          name="tr"
          intro={`${k.transitionIntro}${planHint ? ` ${k.transitionPlanHint}` : ''}`}
          fields={transitionFieldKeys}
          initial={emptyTransitionForm()}
          validate={validateTransition}
          labels={{
            to: k.fTo, rationale: k.fRationale, decided_by: k.fDecidedBy, meeting_decision_id: k.fMeetingDecision, decided_date: k.fDecidedDate, next_review_date: k.fNextReview,
            closure: k.fInformed, 'closure.subject_informed': k.fInformed, 'closure.informed_note': k.fInformedNote,
          }}
          submitLabel={k.transitionSubmit}
          send={async (body) => {
            const r = await post(`${casePath(c.id)}/transitions`, body);
            await onDone(r);
            return k.transitionDone(stateLabel({ state: body.to }, options));
          }}
        >
          {({ values, set, errors, idOf }) => (
            <>
              <SelectField
                id={idOf('to')}
                label={k.fTo}
                value={values.to}
                onValue={set('to')}
                error={errors.to}
                placeholder={k.fToChoose}
                options={targets.map((s) => ({ value: s, label: stateLabel({ state: s }, options) }))}
              />
              <TextArea id={idOf('rationale')} label={k.fRationale} hint={k.fRationaleHint} value={values.rationale} onValue={set('rationale')} error={errors.rationale} rows={3} maxLength={LIMITS.rationale} />
              <RadioGroup id={idOf('decided_by')} legend={k.fDecidedBy} options={deciderOptions(options)} value={values.decided_by} onValue={set('decided_by')} error={errors.decided_by} />
              <MeetingDecisionField c={c} id={idOf('meeting_decision_id')} value={values.meeting_decision_id} onValue={set('meeting_decision_id')} error={errors.meeting_decision_id} />
              <div class="regie-field-row">
                <TextField id={idOf('decided_date')} label={k.fDecidedDate} hint={k.fDecidedDateHint} value={values.decided_date} onValue={set('decided_date')} error={errors.decided_date} optional autocomplete="off" size="date" />
                {values.to !== 'afgesloten' && (
                  <TextField id={idOf('next_review_date')} label={k.fNextReview} hint={t.form.dateHint} value={values.next_review_date} onValue={set('next_review_date')} error={errors.next_review_date} optional autocomplete="off" size="date" />
                )}
              </div>
              {values.to === 'afgesloten' && (
                <>
                  <RadioGroup
                    id={idOf('closure.subject_informed')}
                    legend={k.fInformed}
                    options={[{ value: 'ja', label: k.yes }, { value: 'nee', label: k.no }]}
                    value={values.informed}
                    onValue={set('informed')}
                    error={errors['closure.subject_informed'] || errors.closure}
                  />
                  <TextArea id={idOf('closure.informed_note')} label={k.fInformedNote} hint={k.fInformedNoteHint} value={values.informed_note} onValue={set('informed_note')} error={errors['closure.informed_note']} rows={3} />
                </>
              )}
            </>
          )}
        </CaseForm>
      )}
    </Disclosure>
  );
}

function FlagForm({ c, options, onDone }) {
  const k = t.cases;
  const active = activeFlags(c);
  const flagOptions = optionsOrTable(options?.flags, CASE_FLAG_LABELS).map((o) => ({ ...o, label: active.includes(o.value) ? `${o.label}${k.flagOnSuffix}` : o.label }));
  const municipalities = (Array.isArray(options?.organisations) ? options.organisations : [])
    .filter((o) => o.kind === 'gemeente' && String(o.id) !== String(c.municipality?.id))
    .map((o) => ({ value: String(o.id), label: o.name }));
  return (
    <Disclosure id="flag-open" summary={k.flagTitle}>
      <CaseForm
        name="fl"
        intro={k.flagIntro}
        fields={(v) => flagFieldKeys(v, active)}
        initial={emptyFlagForm()}
        validate={(v) => validateFlag(v, active)}
        labels={{
          flag: k.fFlag, on: k.fFlag, rationale: k.fRationale, decided_by: k.fDecidedBy, meeting_decision_id: k.fMeetingDecision, date: k.fSince, departure_date: k.fDeparture,
          to_municipality_id: k.fToMunicipality, new_casusregisseur_id: k.fNewRegisseur,
        }}
        submitLabel={(v) => (!v.flag ? k.flagSubmit : active.includes(v.flag) ? k.flagOff : k.flagOn)}
        formLabel={k.flagTitle}
        send={async (body) => {
          const r = await post(`${casePath(c.id)}/flags`, body);
          const lbl = flagLabel(options, body.flag);
          if (r?.transferred) {
            announce(k.transferred);
            navigate('/app/casussen');
            return '';
          }
          await onDone(r);
          return body.on ? k.flagDoneOn(lbl) : k.flagDoneOff(lbl);
        }}
      >
        {({ values, set, errors, idOf }) => {
          const on = !!values.flag && !active.includes(values.flag);
          const people = (Array.isArray(options?.people) ? options.people : [])
            .filter((p) => values.to_municipality_id && String(p.org?.id) === values.to_municipality_id)
            .map((p) => ({ value: String(p.id), label: p.name }));
          return (
            <>
              <SelectField id={idOf('flag')} label={k.fFlag} value={values.flag} onValue={set('flag')} error={errors.flag || errors.on} placeholder={k.fFlagChoose} options={flagOptions} />
              {values.flag && <p class="utrecht-paragraph" id={idOf('direction')}>{on ? k.flagWillTurnOn : k.flagWillTurnOff}</p>}
              {on && values.flag === 'uitgereisd' && (
                <TextField id={idOf('departure_date')} label={k.fDeparture} hint={k.fDepartureHint} value={values.departure_date} onValue={set('departure_date')} error={errors.departure_date} autocomplete="off" size="date" />
              )}
              {on && values.flag === 'verhuisd' && (
                <>
                  <SelectField id={idOf('to_municipality_id')} label={k.fToMunicipality} value={values.to_municipality_id} onValue={set('to_municipality_id')} error={errors.to_municipality_id} placeholder={k.fToMunicipalityChoose} options={municipalities} />
                  <SelectField id={idOf('new_casusregisseur_id')} label={k.fNewRegisseur} hint={k.fNewRegisseurHint} value={values.new_casusregisseur_id} onValue={set('new_casusregisseur_id')} error={errors.new_casusregisseur_id} placeholder={k.fChoosePerson} options={people} />
                </>
              )}
              <TextArea id={idOf('rationale')} label={k.fRationale} hint={k.fRationaleHint} value={values.rationale} onValue={set('rationale')} error={errors.rationale} rows={3} maxLength={LIMITS.rationale} />
              <RadioGroup id={idOf('decided_by')} legend={k.fDecidedBy} options={deciderOptions(options)} value={values.decided_by} onValue={set('decided_by')} error={errors.decided_by} />
              <MeetingDecisionField c={c} id={idOf('meeting_decision_id')} value={values.meeting_decision_id} onValue={set('meeting_decision_id')} error={errors.meeting_decision_id} />
              <TextField id={idOf('date')} label={k.fSince} hint={k.fDecidedDateHint} value={values.date} onValue={set('date')} error={errors.date} optional autocomplete="off" size="date" />
            </>
          );
        }}
      </CaseForm>
    </Disclosure>
  );
}

export function CaseDetail({ id }) {
  const k = t.cases;
  const state = useCase(id);
  const onDone = async () => {
    await state.reload();
  };
  return (
    <CaseShell state={state}>
      {(c, options) => (
        <>
          {c.state === 'afgesloten' && (
            <Alert type="info" id="case-closed"><Paragraph>{k.closedText(formatMediumDate(c.closed_date) || t.form.empty, formatMediumDate(c.retention_until) || t.form.empty)}</Paragraph></Alert>
          )}
          <Header c={c} options={options} />
          {/* informing the person (docs/informing.md) */}
          <Paragraph id="informing-link"><Link href={caseHref(c.id, 'informeren')}>Informeren van betrokkenen: stand en besluiten</Link></Paragraph>
          <Deadlines c={c} />
          <OpenItems c={c} />
          <PlanGlance c={c} options={options} />
          <Timeline c={c} options={options} />
          <Participants c={c} />
          <KnownElsewhere c={c} />
          {(c.can?.transition || c.can?.close) && (
            <section class="regie-section regie-panel" aria-labelledby="decide-title" id="besluiten">
              <Heading level={2} id="decide-title">{k.decideTitle}</Heading>
              <Paragraph>{k.decideIntro}</Paragraph>
              <TransitionForm c={c} options={options} onDone={onDone} />
              {c.can?.transition && c.state !== 'afgesloten' && <FlagForm c={c} options={options} onDone={onDone} />}
            </section>
          )}
        </>
      )}
    </CaseShell>
  );
}
