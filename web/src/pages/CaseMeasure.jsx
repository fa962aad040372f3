// One measure of a case: its facts, its sub-steps (paspoort: RPS request … hand-in;
// brp_uitschrijving: address investigation, intention date, decision) and notes, and for who may
// update it (`can_update`: the municipality, or the organisation that owns it) the status, the
// dates, the step dates and a note (PATCH /api/cases/{id}/measures/{m}).
import { t, MEASURE_STATUS_LABELS } from '../i18n/nl.js';
import { patch } from '../api.js';
import {
  measureUpdateForm, measureUpdateKeys, validateMeasureUpdate, optionsOrTable, domainLabel, measureStatusLabel, formatMediumDate, LIMITS,
} from '../cases.js';
import {
  Page, Paragraph, Heading, Alert, Table, DataList, TextField, SelectField, TextArea, Fieldset, LinkButton,
} from '../components/ui.jsx';
import { useCase, CaseShell, CaseForm, Text, casePath, caseHref, who } from './CaseParts.jsx';

const yesNo = (b) => (b === true ? t.cases.yes : b === false ? t.cases.no : t.form.empty);

function Facts({ m, options }) {
  const k = t.cases;
  const facts = [
    [k.mType, m.type_label || m.type],
    [k.mDomain, domainLabel(m.domain)],
    [k.mStatus, m.status_label || measureStatusLabel(options, m.status)],
    [k.mOwnerOrg, m.owner_org?.name || t.form.empty],
  ];
  if (m.owner) facts.push([k.mOwner, who(m.owner)]);
  facts.push([k.mLegalBasis, m.legal_basis || t.form.empty]);
  if (m.decider) facts.push([k.mDecider, m.decider]);
  facts.push([k.mDecided, formatMediumDate(m.decided_date) || t.form.empty]);
  facts.push([k.mStart, formatMediumDate(m.start_date) || t.form.empty]);
  facts.push([k.mEnd, formatMediumDate(m.end_date) || t.form.empty]);
  facts.push([k.mReview, formatMediumDate(m.review_date) || t.form.empty]);
  if (m.appeal != null) facts.push([k.mAppeal, yesNo(m.appeal)]);
  if (m.consent != null) facts.push([k.mConsent, yesNo(m.consent)]);
  facts.push([k.mDescription, m.description ? <Text text={m.description} id="measure-description" /> : t.form.empty]);
  return <DataList items={facts} />;
}

function Steps({ m }) {
  const k = t.cases;
  const steps = Array.isArray(m.steps) ? m.steps : [];
  if (steps.length === 0) return null;
  return (
    <section class="regie-section" aria-labelledby="steps-title">
      <Heading level={2} id="steps-title">{k.stepsTitle}</Heading>
      <Table
        id="steps"
        caption={k.stepsCaption}
        rows={steps}
        rowKey={(s) => s.code}
        columns={[
          { key: 'step', label: k.cStep, render: (s) => s.label || s.code },
          { key: 'date', label: k.cStepDate, render: (s) => (s.date ? <span class="regie-nowrap">{formatMediumDate(s.date)}</span> : <span class="regie-muted">{k.stepOpen}</span>) },
        ]}
      />
    </section>
  );
}

function Notes({ m }) {
  const k = t.cases;
  const notes = Array.isArray(m.notes) ? m.notes : [];
  return (
    <section class="regie-section" aria-labelledby="notes-title">
      <Heading level={2} id="notes-title">{k.notesTitle}</Heading>
      {notes.length === 0 ? (
        <Paragraph>{k.notesNone}</Paragraph>
      ) : (
        <ul class="utrecht-unordered-list regie-plain-list" id="measure-notes">
          {notes.map((n, i) => (
            <li class="utrecht-unordered-list__item" key={i}>
              <span class="regie-nowrap"><strong>{formatMediumDate(n.date)}</strong></span>
              <span class="regie-cell-line regie-break">{n.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function UpdateForm({ c, m, options, onDone }) {
  const k = t.cases;
  const statuses = optionsOrTable(options?.measure_statuses, MEASURE_STATUS_LABELS);
  const steps = Array.isArray(m.steps) ? m.steps : [];
  const labels = {
    status: k.fStatus, decided_date: k.fDecided, start_date: k.fStart, end_date: k.fEnd, review_date: k.fReviewDate, note: k.fNote, steps: k.stepsTitle,
  };
  for (const s of steps) labels[`steps.${s.code}`] = k.fStepDate(s.label || s.code);
  return (
    <section class="regie-section regie-panel" aria-labelledby="mu-heading">
      <CaseForm
        name="mu"
        title={k.updateTitle}
        headingLevel={2}
        intro={k.updateIntro}
        fields={measureUpdateKeys(m)}
        initial={measureUpdateForm(m)}
        keep={(v) => ({ ...v, note: '' })}
        validate={(v) => validateMeasureUpdate(v, m)}
        labels={labels}
        submitLabel={k.saveMeasure}
        send={async (body) => {
          const r = await patch(`${casePath(c.id)}/measures/${encodeURIComponent(m.id)}`, body);
          await onDone(r);
          return k.measureSaved;
        }}
      >
        {({ values, set, errors, idOf, setValues }) => (
          <>
            <SelectField id={idOf('status')} label={k.fStatus} value={values.status} onValue={set('status')} error={errors.status} options={statuses} />
            <div class="regie-field-row">
              <TextField id={idOf('decided_date')} label={k.fDecided} hint={t.form.dateHint} value={values.decided_date} onValue={set('decided_date')} error={errors.decided_date} optional autocomplete="off" size="date" />
              <TextField id={idOf('review_date')} label={k.fReviewDate} hint={t.form.dateHint} value={values.review_date} onValue={set('review_date')} error={errors.review_date} optional autocomplete="off" size="date" />
            </div>
            <div class="regie-field-row">
              <TextField id={idOf('start_date')} label={k.fStart} hint={t.form.dateHint} value={values.start_date} onValue={set('start_date')} error={errors.start_date} optional autocomplete="off" size="date" />
              <TextField id={idOf('end_date')} label={k.fEnd} hint={t.form.dateHint} value={values.end_date} onValue={set('end_date')} error={errors.end_date} optional autocomplete="off" size="date" />
            </div>
            {steps.length > 0 && (
              <Fieldset id={idOf('steps')} legend={k.stepsTitle} hint={t.form.dateHint} error={errors.steps}>
                {steps.map((s) => (
                  <TextField
                    key={s.code}
                    id={idOf(`steps.${s.code}`)}
                    label={s.label || s.code}
                    value={values.steps?.[s.code] || ''}
                    onValue={(v) => setValues((old) => ({ ...old, steps: { ...old.steps, [s.code]: v } }))}
                    error={errors[`steps.${s.code}`]}
                    optional
                    autocomplete="off"
                    size="date"
                  />
                ))}
              </Fieldset>
            )}
            <TextArea id={idOf('note')} label={k.fNote} hint={k.fNoteHint} value={values.note} onValue={set('note')} error={errors.note} optional rows={3} maxLength={LIMITS.item} />
          </>
        )}
      </CaseForm>
    </section>
  );
}

export function CaseMeasure({ id, measureId }) {
  const k = t.cases;
  const state = useCase(id);
  const m = (Array.isArray(state.c?.measures) ? state.c.measures : []).find((x) => String(x.id) === String(measureId));
  if (state.c && !m && !state.error) {
    return (
      <Page title={k.detailTitle}>
        <Alert type="error" id="measure-error"><Paragraph>{k.measureNotFound}</Paragraph></Alert>
        <LinkButton variant="secondary" href={caseHref(id, 'plan')}>{k.backToPlan}</LinkButton>
      </Page>
    );
  }
  return (
    <CaseShell state={state} part="plan" title={(c) => k.measureTitle(m?.type_label || m?.type || '', c.reference)}>
      {(c, options) => (
        <>
          <Paragraph><a class="utrecht-link utrecht-link--html-a" href={caseHref(c.id, 'plan')}>{k.backToPlan}</a></Paragraph>
          <Facts m={m} options={options} />
          <Steps m={m} />
          <Notes m={m} />
          {m.can_update && c.state !== 'afgesloten' ? (
            <UpdateForm c={c} m={m} options={options} onDone={() => state.reload()} />
          ) : (
            <Paragraph>{k.readOnlyMeasure}</Paragraph>
          )}
        </>
      )}
    </CaseShell>
  );
}
