// Plan en maatregelen: the current plan version (and the adopted one when a newer concept
// exists), earlier versions, the measures the caller may see, "Maatregel toevoegen" (the
// catalogue grouped by domain) and "Nieuwe versie van het plan" (goals, the views of the person
// and the family, consent, the measures, the next review, and "vaststellen" as a decision).
import { t, formatDateTime, CASE_DECIDER_LABELS, MEASURE_STATUS_LABELS } from '../i18n/nl.js';
import { post } from '../api.js';
import {
  planFormFrom, planFieldKeys, validatePlan, planMeasures, measureTypeGroups, emptyMeasureForm, MEASURE_FIELDS, validateMeasure,
  measureType, optionsOrTable, domainLabel, deciderLabel, measureStatusLabel, formatMediumDate, LIMITS,
} from '../cases.js';
import {
  Paragraph, Heading, Table, DataList, TextField, SelectField, TextArea, RadioGroup, CheckboxGroup, Checkbox, Fieldset, Link,
} from '../components/ui.jsx';
import { Disclosure } from './MeetingParts.jsx';
import { useCase, CaseShell, CaseForm, Text, TextList, MeetingDecisionField, casePath, caseHref, who } from './CaseParts.jsx';

function viewText(v) {
  const k = t.cases;
  if (!v || typeof v.heard !== 'boolean') return <span class="regie-muted">{k.notAsked}</span>;
  return (
    <>
      <strong>{k.heard(v.heard)}</strong>
      {v.what && <Text text={v.what} />}
    </>
  );
}

function PlanView({ plan, c, options, level = 3, id }) {
  const k = t.cases;
  const ms = planMeasures(plan, c.measures);
  const facts = [
    [k.goalsTitle, <TextList items={plan.goals} />],
    [k.personView, viewText(plan.person_view)],
    [k.familyView, viewText(plan.family_view)],
    [k.consentApproach, plan.consent_approach ? <Text text={plan.consent_approach} /> : <span class="regie-muted">{t.form.empty}</span>],
    [k.planMeasures, ms.length ? (
      <ul class="utrecht-unordered-list regie-plain-list">
        {ms.map((m) => <li class="utrecht-unordered-list__item" key={m.id}>{m.type_label || m.type}</li>)}
      </ul>
    ) : <span class="regie-muted">{k.listNone}</span>],
    [k.planReview, formatMediumDate(plan.next_review_date) || t.form.empty],
  ];
  if (plan.adopted && plan.adoption) {
    facts.push([k.fAdoptRationale, (
      <>
        <span>{k.planAdoption(deciderLabel(options, plan.adoption.decided_by), formatMediumDate(plan.adopted_date) || t.form.empty)}</span>
        {plan.adoption.rationale && <Text text={plan.adoption.rationale} />}
      </>
    )]);
  }
  return (
    <article class="regie-section regie-plan" aria-labelledby={`${id}-title`} id={id} data-version={plan.version}>
      <Heading level={level} id={`${id}-title`}>{k.planVersion(plan.version ?? 1, !!plan.adopted, formatMediumDate(plan.adopted_date))}</Heading>
      <DataList items={facts} />
      <Paragraph small>{k.planRecorded(who(plan.created_by), formatDateTime(plan.created_at) || t.form.empty)}</Paragraph>
    </article>
  );
}

function Plans({ c, options }) {
  const k = t.cases;
  const all = Array.isArray(c.plans) ? c.plans : c.plan ? [c.plan] : [];
  const cur = c.plan;
  const adopted = c.plan_adopted;
  const older = all.filter((p) => p.id !== cur?.id && p.id !== adopted?.id).slice().reverse();
  return (
    <section class="regie-section" aria-labelledby="plan-title" id="plan">
      <Heading level={2} id="plan-title">{k.currentPlanTitle}</Heading>
      {!cur ? <Paragraph>{k.planNone}</Paragraph> : <PlanView plan={cur} c={c} options={options} id="plan-current" />}
      {cur && adopted && adopted.id !== cur.id && (
        <>
          <Heading level={2} id="plan-adopted-title">{k.adoptedPlanTitle}</Heading>
          <PlanView plan={adopted} c={c} options={options} id="plan-adopted" />
        </>
      )}
      {older.length > 0 && (
        <Disclosure id="plan-versions" summary={k.versionsTitle}>
          {older.map((p) => <PlanView key={p.id} plan={p} c={c} options={options} level={4} id={`plan-v${p.version}`} />)}
        </Disclosure>
      )}
      {cur && <Paragraph small>{k.hiddenMeasures}</Paragraph>}
    </section>
  );
}

function Measures({ c, options }) {
  const k = t.cases;
  const list = Array.isArray(c.measures) ? c.measures : [];
  return (
    <section class="regie-section" aria-labelledby="measures-title" id="maatregelen">
      <Heading level={2} id="measures-title">{k.measuresTitle}</Heading>
      {list.length === 0 ? (
        <Paragraph>{k.measuresNone}</Paragraph>
      ) : (
        <Table
          id="measures"
          caption={k.measuresCaption}
          rows={list}
          rowKey={(m) => m.id}
          columns={[
            {
              key: 'type',
              label: k.cType,
              render: (m) => (
                <span>
                  <Link href={caseHref(c.id, `maatregelen/${encodeURIComponent(m.id)}`)}>{m.type_label || m.type}</Link>
                  {m.description && <span class="regie-cell-note regie-break">{m.description}</span>}
                </span>
              ),
            },
            { key: 'domain', label: k.cDomain, render: (m) => domainLabel(m.domain) },
            { key: 'status', label: k.cStatus, render: (m) => m.status_label || measureStatusLabel(options, m.status) },
            { key: 'owner', label: k.cOwner, render: (m) => m.owner_org?.name || t.form.empty },
            { key: 'review', label: k.cReviewDate, render: (m) => (m.review_date ? <span class="regie-nowrap">{formatMediumDate(m.review_date)}</span> : <span class="regie-muted">{t.form.empty}</span>) },
          ]}
        />
      )}
    </section>
  );
}

function MeasureForm({ c, options, onDone }) {
  const k = t.cases;
  const groups = measureTypeGroups(options?.measure_types);
  const orgs = (Array.isArray(options?.organisations) ? options.organisations : []).map((o) => ({ value: String(o.id), label: o.name }));
  const statuses = optionsOrTable(options?.measure_statuses, MEASURE_STATUS_LABELS);
  return (
    <Disclosure id="measure-open" summary={k.newMeasureTitle}>
      <CaseForm
        name="ms"
        intro={k.newMeasureIntro}
        fields={MEASURE_FIELDS}
        initial={emptyMeasureForm()}
        validate={validateMeasure}
        labels={{
          type: k.fType, legal_basis: k.fLegalBasis, owner_org_id: k.fOwnerOrg, decider: k.fDecider, status: k.fStatus, decided_date: k.fDecided,
          start_date: k.fStart, end_date: k.fEnd, review_date: k.fReviewDate, description: k.fDescription,
        }}
        submitLabel={k.addMeasure}
        send={async (body) => {
          const r = await post(`${casePath(c.id)}/measures`, body);
          await onDone(r);
          return k.measureAdded(measureType(options?.measure_types, body.type)?.label || body.type);
        }}
      >
        {({ values, set, errors, idOf }) => (
          <>
            <SelectField id={idOf('type')} label={k.fType} value={values.type} onValue={set('type')} error={errors.type} placeholder={k.fTypeChoose} groups={groups} />
            <TextField id={idOf('legal_basis')} label={k.fLegalBasis} hint={k.fLegalBasisHint} value={values.legal_basis} onValue={set('legal_basis')} error={errors.legal_basis} autocomplete="off" size="lg" maxLength={LIMITS.line} />
            <SelectField id={idOf('owner_org_id')} label={k.fOwnerOrg} value={values.owner_org_id} onValue={set('owner_org_id')} error={errors.owner_org_id} placeholder={k.fOwnerOrgChoose} options={orgs} />
            <TextField id={idOf('decider')} label={k.fDecider} value={values.decider} onValue={set('decider')} error={errors.decider} optional autocomplete="off" size="lg" maxLength={LIMITS.line} />
            <SelectField id={idOf('status')} label={k.fStatus} value={values.status} onValue={set('status')} error={errors.status} options={statuses} />
            <div class="regie-field-row">
              <TextField id={idOf('decided_date')} label={k.fDecided} hint={t.form.dateHint} value={values.decided_date} onValue={set('decided_date')} error={errors.decided_date} optional autocomplete="off" size="date" />
              <TextField id={idOf('start_date')} label={k.fStart} hint={t.form.dateHint} value={values.start_date} onValue={set('start_date')} error={errors.start_date} optional autocomplete="off" size="date" />
            </div>
            <div class="regie-field-row">
              <TextField id={idOf('end_date')} label={k.fEnd} hint={t.form.dateHint} value={values.end_date} onValue={set('end_date')} error={errors.end_date} optional autocomplete="off" size="date" />
              <TextField id={idOf('review_date')} label={k.fReviewDate} hint={t.form.dateHint} value={values.review_date} onValue={set('review_date')} error={errors.review_date} optional autocomplete="off" size="date" />
            </div>
            <TextArea id={idOf('description')} label={k.fDescription} value={values.description} onValue={set('description')} error={errors.description} optional rows={3} />
          </>
        )}
      </CaseForm>
    </Disclosure>
  );
}

function PlanForm({ c, options, onDone }) {
  const k = t.cases;
  const measures = (Array.isArray(c.measures) ? c.measures : []).map((m) => ({
    value: String(m.id),
    label: `${m.type_label || m.type}${m.owner_org?.name ? ` (${m.owner_org.name})` : ''}`,
  }));
  const yesNo = [{ value: 'ja', label: k.yes }, { value: 'nee', label: k.no }];
  const deciders = optionsOrTable(options?.deciders, CASE_DECIDER_LABELS);
  return (
    <Disclosure id="plan-open" summary={k.newPlanTitle}>
      <CaseForm
        name="pl"
        intro={k.newPlanIntro}
        fields={planFieldKeys}
        initial={planFormFrom(c.plan)}
        keep={(v) => ({ ...v, adopt: false, rationale: '', decided_date: '' })}
        validate={validatePlan}
        labels={{
          goals: k.fGoals, person_view: k.fPersonHeard, 'person_view.what': k.fPersonWhat, family_view: k.fFamilyHeard, 'family_view.what': k.fFamilyWhat,
          consent_approach: k.fConsent, measure_ids: k.fPlanMeasures, next_review_date: k.fNextReview, adopt: k.fAdopt,
          'adopt.decided_by': k.fDecidedBy, 'adopt.meeting_decision_id': k.fMeetingDecision, 'adopt.rationale': k.fAdoptRationale, 'adopt.decided_date': k.fDecidedDate,
        }}
        submitLabel={(v) => (v.adopt ? k.adoptPlan : k.savePlan)}
        formLabel={k.newPlanTitle}
        send={async (body) => {
          const r = await post(`${casePath(c.id)}/plans`, body);
          await onDone(r);
          const v = r?.plan?.version ?? '';
          return body.adopt ? k.planAdopted(v) : k.planSaved(v);
        }}
      >
        {({ values, set, errors, idOf }) => (
          <>
            <TextArea id={idOf('goals')} label={k.fGoals} hint={k.fGoalsHint} value={values.goals} onValue={set('goals')} error={errors.goals} rows={4} />
            <RadioGroup id={idOf('person_view')} legend={k.fPersonHeard} options={yesNo} value={values.person_heard} onValue={set('person_heard')} error={errors.person_view} optional />
            <TextArea id={idOf('person_view.what')} label={k.fPersonWhat} value={values.person_what} onValue={set('person_what')} error={errors['person_view.what']} optional rows={3} />
            <RadioGroup id={idOf('family_view')} legend={k.fFamilyHeard} options={yesNo} value={values.family_heard} onValue={set('family_heard')} error={errors.family_view} optional />
            <TextArea id={idOf('family_view.what')} label={k.fFamilyWhat} value={values.family_what} onValue={set('family_what')} error={errors['family_view.what']} optional rows={3} />
            <TextArea id={idOf('consent_approach')} label={k.fConsent} value={values.consent_approach} onValue={set('consent_approach')} error={errors.consent_approach} optional rows={3} />
            {measures.length > 0 ? (
              <CheckboxGroup id={idOf('measure_ids')} legend={k.fPlanMeasures} error={errors.measure_ids} options={measures} values={values.measure_ids} onValues={set('measure_ids')} optional />
            ) : (
              <Paragraph id={idOf('measure_ids')}>{k.fPlanMeasuresNone}</Paragraph>
            )}
            <TextField id={idOf('next_review_date')} label={k.fNextReview} hint={t.form.dateHint} value={values.next_review_date} onValue={set('next_review_date')} error={errors.next_review_date} optional autocomplete="off" size="date" />
            {c.can?.adopt && (
              <Checkbox id={idOf('adopt')} label={k.fAdopt} hint={k.fAdoptHint} checked={values.adopt} onChecked={set('adopt')} error={errors.adopt} />
            )}
            {values.adopt && (
              <Fieldset id={idOf('adoption')} legend={k.adoptLegend} class="regie-panel">
                <RadioGroup id={idOf('adopt.decided_by')} legend={k.fDecidedBy} options={deciders} value={values.decided_by} onValue={set('decided_by')} error={errors['adopt.decided_by']} />
                <MeetingDecisionField c={c} id={idOf('adopt.meeting_decision_id')} value={values.meeting_decision_id} onValue={set('meeting_decision_id')} error={errors['adopt.meeting_decision_id']} />
                <TextArea id={idOf('adopt.rationale')} label={k.fAdoptRationale} hint={k.fRationaleHint} value={values.rationale} onValue={set('rationale')} error={errors['adopt.rationale']} rows={3} maxLength={LIMITS.rationale} />
                <TextField id={idOf('adopt.decided_date')} label={k.fDecidedDate} hint={k.fDecidedDateHint} value={values.decided_date} onValue={set('decided_date')} error={errors['adopt.decided_date']} optional autocomplete="off" size="date" />
              </Fieldset>
            )}
          </>
        )}
      </CaseForm>
    </Disclosure>
  );
}

export function CasePlan({ id }) {
  const k = t.cases;
  const state = useCase(id, 'plans');
  const onDone = async () => {
    await state.reload();
  };
  return (
    <CaseShell state={state} part="plan" title={(c) => k.planPageTitle(c.reference)}>
      {(c, options) => (
        <>
          {'plan' in c ? <Plans c={c} options={options} /> : <Paragraph id="part-no-access">{k.noAccessPart}</Paragraph>}
          <Measures c={c} options={options} />
          {(c.can?.measure || c.can?.plan) && c.state !== 'afgesloten' && (
            <section class="regie-section regie-panel" aria-labelledby="plan-edit-title">
              <Heading level={2} id="plan-edit-title">{k.planEditTitle}</Heading>
              {c.can?.measure && <MeasureForm c={c} options={options} onDone={onDone} />}
              {c.can?.plan && <PlanForm c={c} options={options} onDone={onDone} />}
            </section>
          )}
        </>
      )}
    </CaseShell>
  );
}
