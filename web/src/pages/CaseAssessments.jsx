// Beoordelingen: the risk assessments of a case as versions (newest first) and "Nieuwe
// beoordeling". Regie keeps the instrument, the risk and protective factors and the needs; it
// computes and shows no score.
import { t, formatDateTime } from '../i18n/nl.js';
import { post } from '../api.js';
import { emptyAssessmentForm, ASSESSMENT_FIELDS, validateAssessment, formatMediumDate, LIMITS } from '../cases.js';
import { Paragraph, Heading, DataList, TextField, TextArea } from '../components/ui.jsx';
import { useCase, CaseShell, CaseForm, Text, TextList, casePath, who } from './CaseParts.jsx';

function Assessment({ a }) {
  const k = t.cases;
  const facts = [];
  if (a.instrument_version) facts.push([k.aInstrumentVersion, a.instrument_version]);
  facts.push([k.aRisk, <TextList items={a.risk_factors} />]);
  facts.push([k.aProtective, <TextList items={a.protective_factors} />]);
  facts.push([k.aNeeds, <TextList items={a.needs} />]);
  if (a.sources) facts.push([k.aSources, <Text text={a.sources} />]);
  if (a.summary) facts.push([k.aSummary, <Text text={a.summary} />]);
  return (
    <article class="regie-section regie-version" aria-labelledby={`as-${a.id}-title`} data-version={a.version}>
      <Heading level={3} id={`as-${a.id}-title`}>{k.assessmentHeading(a.version ?? 1, a.instrument || t.form.empty, formatMediumDate(a.date))}</Heading>
      <DataList items={facts} />
      <Paragraph small>{k.aRecorded(who(a.created_by), formatDateTime(a.created_at) || t.form.empty)}</Paragraph>
    </article>
  );
}

export function CaseAssessments({ id }) {
  const k = t.cases;
  const state = useCase(id, 'assessments');
  return (
    <CaseShell state={state} part="beoordelingen" title={(c) => k.assessmentsTitle(c.reference)}>
      {(c) => {
        if (!Array.isArray(c.assessments)) return <Paragraph id="part-no-access">{k.noAccessPart}</Paragraph>;
        const list = (Array.isArray(c.assessments) ? c.assessments : []).slice().sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
        return (
          <>
            <Paragraph lead>{k.assessmentsIntro}</Paragraph>
            <section class="regie-section" aria-labelledby="assessments-title">
              <Heading level={2} id="assessments-title">{k.navAssessments}</Heading>
              {list.length === 0 ? <Paragraph>{k.assessmentsNone}</Paragraph> : list.map((a) => <Assessment key={a.id} a={a} />)}
            </section>
            {c.can?.assessment && c.state !== 'afgesloten' && (
              <section class="regie-section regie-panel" aria-labelledby="assessment-new-title">
                <Heading level={2} id="assessment-new-title">{k.newAssessmentTitle}</Heading>
                <CaseForm
                  name="as"
                  fields={ASSESSMENT_FIELDS}
                  initial={emptyAssessmentForm()}
                  validate={(v) => validateAssessment(v)}
                  labels={{
                    instrument: k.fInstrument, instrument_version: k.fInstrumentVersion, date: k.fAssessmentDate, risk_factors: k.fRisk,
                    protective_factors: k.fProtective, needs: k.fNeeds, sources: k.fSources,
                  }}
                  submitLabel={k.addAssessment}
                  send={async (body) => {
                    await post(`${casePath(c.id)}/assessments`, body);
                    await state.reload();
                    return k.assessmentSaved;
                  }}
                >
                  {({ values, set, errors, idOf }) => (
                    <>
                      <TextField id={idOf('instrument')} label={k.fInstrument} hint={k.fInstrumentHint} value={values.instrument} onValue={set('instrument')} error={errors.instrument} autocomplete="off" size="lg" maxLength={LIMITS.instrument} />
                      <div class="regie-field-row">
                        <TextField id={idOf('instrument_version')} label={k.fInstrumentVersion} value={values.instrument_version} onValue={set('instrument_version')} error={errors.instrument_version} optional autocomplete="off" size="date" maxLength={LIMITS.instrumentVersion} />
                        <TextField id={idOf('date')} label={k.fAssessmentDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                      </div>
                      <TextArea id={idOf('risk_factors')} label={k.fRisk} hint={k.fListHint} value={values.risk_factors} onValue={set('risk_factors')} error={errors.risk_factors} optional rows={4} />
                      <TextArea id={idOf('protective_factors')} label={k.fProtective} hint={k.fListHint} value={values.protective_factors} onValue={set('protective_factors')} error={errors.protective_factors} optional rows={4} />
                      <TextArea id={idOf('needs')} label={k.fNeeds} hint={k.fListHint} value={values.needs} onValue={set('needs')} error={errors.needs} optional rows={3} />
                      <TextArea id={idOf('sources')} label={k.fSources} value={values.sources} onValue={set('sources')} error={errors.sources} optional rows={2} />
                    </>
                  )}
                </CaseForm>
              </section>
            )}
          </>
        );
      }}
    </CaseShell>
  );
}
