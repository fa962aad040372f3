// Weging: the display of a weighing (used on the detail page and in the history), the form to
// record one (or a correction of the current one, sent with `corrects`), and the version history.
import { useState } from 'preact/hooks';
import {
  t, formatDate, formatDateTime, WEIGHING_OUTCOME_LABELS, ASSESSMENT_LABELS, DECISION_RULE_LABELS,
} from '../i18n/nl.js';
import { get, post, ApiError } from '../api.js';
import { navigate } from '../router.js';
import {
  optionList, optionLabel, userOptions, emptyWeighingForm, weighingFormFrom, validateWeighing, weighingFieldKeys,
  weighingRewrite, formErrors, fieldId, emptyAttendee, MAX_ATTENDEES,
} from '../signals.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Alert, Table, StatusBadge, Loading, DataList, TextField,
  SelectField, TextArea, RadioGroup, Fieldset, Checkbox, announce,
} from '../components/ui.jsx';
import { loadSignalOptions, loadOrgs, useLoad, FormErrors, MultiLine, yesNo, detailFlash } from './SignalParts.jsx';

const PREFIX = 'w';
const id = (k) => fieldId(PREFIX, k);
const empty = () => <span class="regie-muted">{t.form.empty}</span>;
const signalPath = (sid) => `/app/meldingen/${encodeURIComponent(sid)}`;

/** The "not joint" warning (REQ-SIG-02). `w` is a weighing; `single` may come from the signal. */
export function JointWarning({ w, single, idSuffix = '' }) {
  const s = t.signals;
  if (!w) return null;
  const isSingle = single ?? w.single_org;
  if (isSingle) {
    return (
      <Alert type="warning" title={s.singleOrg} id={`w-single${idSuffix}`}>
        <Paragraph>{s.singleOrgText}</Paragraph>
      </Alert>
    );
  }
  if (w.joint === false) {
    return (
      <Alert type="warning" title={s.notJoint} id={`w-notjoint${idSuffix}`}>
        <Paragraph>{s.notJointText}</Paragraph>
      </Alert>
    );
  }
  return null;
}

const orgNameOf = (a, orgs) => a.org?.name || a.org_name || orgs.find((o) => String(o.id) === String(a.org_id ?? a.org?.id))?.name || (a.org_id != null ? String(a.org_id) : t.form.empty);

/**
 * One weighing as read-only data. headingLevel: the level of the sub-headings.
 * @param {{ w: any, options: any, orgs?: any[], users?: any[], tableId?: string }} p
 */
export function WeighingView({ w, options, orgs = [], users = [], tableId = 'w' }) {
  const s = t.signals;
  const criteriaLabel = (code) => optionLabel(options?.criteria, code);
  const who = (uid) => users.find((u) => String(u.id) === String(uid));
  const items = [
    [s.wOutcome, <strong>{w.outcome_label || optionLabel(options?.outcomes, w.outcome, WEIGHING_OUTCOME_LABELS)}</strong>],
    [s.wVersion, String(w.version ?? 1)],
    [s.wDecidedOn, formatDate(w.decided_on) || t.form.empty],
    [s.wInMeeting, yesNo(w.in_meeting)],
    [s.wDecisionRule, w.decision_rule_label || optionLabel(options?.decision_rules, w.decision_rule, DECISION_RULE_LABELS) || t.form.empty],
  ];
  if (w.referral) {
    items.push([s.wReferralTo, w.referral.to || t.form.empty]);
    if (w.referral.informed_by) items.push([s.wReferralBy, w.referral.informed_by]);
  }
  if (w.reweigh) {
    items.push([s.wReweighDate, formatDate(w.reweigh.date) || t.form.empty]);
    if (w.reweigh.information_sought) items.push([s.wReweighInfo, w.reweigh.information_sought]);
    if (w.reweigh.from) items.push([s.wReweighFrom, w.reweigh.from]);
  }
  if (w.admission) {
    const cr = w.admission.casusregisseur;
    const u = who(w.admission.casusregisseur_id);
    items.push([s.wCasusregisseur, cr?.display_name || cr?.name || u?.display_name || (w.admission.casusregisseur_id != null ? String(w.admission.casusregisseur_id) : t.form.empty)]);
    if (w.admission.first_overleg_date) items.push([s.wFirstOverleg, formatDate(w.admission.first_overleg_date)]);
  }
  if (w.escalation) {
    items.push([s.wDriehoek, formatDate(w.escalation.driehoek_date) || t.form.empty]);
    if (w.escalation.note) items.push([s.wEscalationNote, w.escalation.note]);
  }
  if (w.case_id) items.push([s.dCase, s.caseCreated(w.case_id)]);
  if (w.created_at) {
    const by = w.created_by?.display_name || w.created_by?.name || (typeof w.created_by === 'string' ? w.created_by : '');
    items.push([s.wCreated, by ? s.wCreatedBy(by, formatDateTime(w.created_at)) : formatDateTime(w.created_at)]);
  }
  const attendees = Array.isArray(w.attendees) ? w.attendees : [];
  const criteria = Array.isArray(w.criteria) ? w.criteria : [];
  return (
    <div class="regie-section">
      <DataList items={items} />
      {attendees.length > 0 && (
        <Table
          id={`${tableId}-attendees`}
          caption={s.attendeeCaption}
          rows={attendees.map((a, i) => ({ ...a, _i: i }))}
          rowKey={(a) => a._i}
          columns={[
            { key: 'org', label: s.cOrg, render: (a) => orgNameOf(a, orgs) },
            { key: 'name', label: s.cName, render: (a) => a.name || t.form.empty },
            { key: 'function', label: s.cFunction, render: (a) => a.function || t.form.empty },
          ]}
        />
      )}
      {criteria.length > 0 && (
        <Table
          id={`${tableId}-criteria`}
          caption={s.criteriaCaption}
          rows={criteria}
          rowKey={(c) => c.code}
          columns={[
            { key: 'c', label: s.wCriterion, render: (c) => c.label || criteriaLabel(c.code) },
            { key: 'a', label: s.wAssessment, render: (c) => c.assessment_label || optionLabel(null, c.assessment, ASSESSMENT_LABELS) },
            { key: 'n', label: s.wNote, render: (c) => (c.note ? <span class="regie-break">{c.note}</span> : empty()) },
          ]}
        />
      )}
      <Heading level={3}>{s.wRationale}</Heading>
      <MultiLine text={w.rationale} />
      <Heading level={3}>{s.wProportionality}</Heading>
      <MultiLine text={w.proportionality} />
      <Heading level={3}>{s.wSubsidiarity}</Heading>
      <MultiLine text={w.subsidiarity} />
      {w.dissent && (
        <>
          <Heading level={3}>{s.wDissent}</Heading>
          <MultiLine text={w.dissent} />
        </>
      )}
    </div>
  );
}

/**
 * Casusregisseur candidates: from /api/signal-options when the server lists them, else from
 * GET /api/users. null = the caller may not see users (403), so no select can be shown.
 */
async function loadCasusregisseurs(options) {
  const fromOptions = options?.casusregisseurs ?? options?.users;
  if (Array.isArray(fromOptions)) return fromOptions;
  try {
    const r = await get('/api/users');
    return Array.isArray(r?.items) ? r.items : [];
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

const fieldLabels = (criteria, nAttendees) => {
  const s = t.signals;
  const l = {
    decided_on: s.fDecidedOn, attendees: s.attendeesLegend, criteria: s.criteriaLegend, rationale: s.fRationale,
    proportionality: s.fProportionality, subsidiarity: s.fSubsidiarity, dissent: s.fDissent, decision_rule: s.fDecisionRule,
    outcome: s.fOutcome, 'referral.to': s.fReferralTo, 'referral.informed_by': s.fReferralBy, 'reweigh.date': s.fReweighDate,
    'reweigh.information_sought': s.fReweighInfo, 'reweigh.from': s.fReweighFrom, 'admission.casusregisseur_id': s.fCasusregisseur,
    'admission.first_overleg_date': s.fFirstOverleg, 'escalation.driehoek_date': s.fDriehoekDate, 'escalation.note': s.fEscalationNote,
    corrects: s.wCorrection, referral: s.fOutcome, reweigh: s.fOutcome, admission: s.fOutcome, escalation: s.fOutcome,
  };
  for (let i = 0; i < nAttendees; i++) {
    l[`attendees.${i}.org_id`] = `${s.attendeeLegend(i + 1)}, ${s.fAttendeeOrg.toLowerCase()}`;
    l[`attendees.${i}.name`] = `${s.attendeeLegend(i + 1)}, ${s.fAttendeeName.toLowerCase()}`;
    l[`attendees.${i}.function`] = `${s.attendeeLegend(i + 1)}, ${s.fAttendeeFunction.toLowerCase()}`;
  }
  for (const c of criteria) {
    l[`criteria.${c.value}.assessment`] = c.label;
    l[`criteria.${c.value}.note`] = `${c.label}, ${s.fCriterionNote.toLowerCase()}`;
  }
  return l;
};

/** Weging vastleggen / corrigeren. `search` "?corrigeer=1" prefills the current weighing. */
export function SignalWeighingForm({ id: signalId, search = '' }) {
  const s = t.signals;
  const correcting = new URLSearchParams(search).get('corrigeer') === '1';
  const [data, loadError] = useLoad(async () => {
    const [signal, options, orgs] = await Promise.all([
      get(`/api/signals/${encodeURIComponent(signalId)}`), loadSignalOptions(), loadOrgs(),
    ]);
    const users = await loadCasusregisseurs(options);
    return { signal, options: options || {}, orgs, users };
  }, [signalId]);
  const [f, setF] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);

  const baseTitle = correcting ? s.wCorrectTitle : s.wFormTitle;
  if (loadError) {
    return (
      <Page title={baseTitle}>
        <Alert type="error" id="w-load-error"><Paragraph>{loadError}</Paragraph></Alert>
        <LinkButton variant="secondary" href={signalPath(signalId)}>{s.backToSignal}</LinkButton>
      </Page>
    );
  }
  if (!data) return <Page title={baseTitle}><Loading /></Page>;
  const { signal, options, orgs, users } = data;
  const title = `${baseTitle}: ${signal.reference}`;
  const current = signal.weighing || null;
  if (!signal.can?.weigh || (correcting && !current)) {
    return (
      <Page title={title}>
        <Alert type="error" id="w-forbidden"><Paragraph>{t.errors.forbidden}</Paragraph></Alert>
        <LinkButton variant="secondary" href={signalPath(signalId)}>{s.backToSignal}</LinkButton>
      </Page>
    );
  }
  const criteria = optionList(options.criteria);
  const outcomes = optionList(options.outcomes, WEIGHING_OUTCOME_LABELS);
  const form = f || (correcting ? weighingFormFrom(current, criteria) : emptyWeighingForm(criteria));
  const update = (patch) => setF({ ...form, ...patch });
  const errors = err?.errors || {};
  const order = weighingFieldKeys(form, criteria);
  const orgOptions = orgs.map((o) => ({ value: String(o.id), label: o.name }));
  const userOpts = users ? userOptions(users) : null;

  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validateWeighing(form, criteria);
    if (!v.body) return fail({ errors: v.errors, summary: '', loose: [] });
    setBusy(true);
    try {
      const w = await post(`/api/signals/${encodeURIComponent(signalId)}/weighings`, v.body);
      detailFlash.id = signalId;
      detailFlash.message = w?.case_id ? `${s.wSaved} ${s.caseCreated(w.case_id)}.` : s.wSaved;
      announce(detailFlash.message);
      navigate(`${signalPath(signalId)}#weging`);
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(order), labels: fieldLabels(criteria, form.attendees.length), rewrite: weighingRewrite(criteria.map((c) => c.value)) });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
      setBusy(false);
    }
  };

  const setAtt = (i, k) => (v) => update({ attendees: form.attendees.map((a, j) => (j === i ? { ...a, [k]: v } : a)) });
  const addAtt = () => {
    update({ attendees: [...form.attendees, emptyAttendee()] });
    announce(s.attendeeAdded(form.attendees.length + 1));
    window.setTimeout(() => document.getElementById(id(`attendees.${form.attendees.length}.org_id`))?.focus(), 0);
  };
  const removeAtt = (i) => {
    update({ attendees: form.attendees.filter((_, j) => j !== i) });
    announce(s.attendeeRemoved(i + 1));
    window.setTimeout(() => document.getElementById(id(`attendees.${Math.max(0, i - 1)}.org_id`))?.focus(), 0);
  };
  const setCrit = (code, k) => (v) => update({ criteria: { ...form.criteria, [code]: { ...(form.criteria[code] || { assessment: '', note: '' }), [k]: v } } });
  const setSub = (group, k) => (v) => update({ [group]: { ...form[group], [k]: v } });
  const assessments = Object.entries(ASSESSMENT_LABELS).map(([value, label]) => ({ value, label }));
  const rules = options.decision_rules?.length ? optionList(options.decision_rules, DECISION_RULE_LABELS) : Object.entries(DECISION_RULE_LABELS).map(([value, label]) => ({ value, label }));

  return (
    <Page title={title}>
      <FormErrors state={err} order={order} idOf={id} />
      <Paragraph lead>{s.wFormIntro}</Paragraph>
      {correcting && (
        <Alert type="info" id="w-correcting">
          <Paragraph>{s.wCorrectNotice(current.version ?? 1, formatDate(current.decided_on))}</Paragraph>
        </Alert>
      )}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-label={baseTitle}>
        <TextField id={id('decided_on')} label={s.fDecidedOn} hint={t.form.dateHint} value={form.decided_on} onValue={(v) => update({ decided_on: v })} error={errors.decided_on} autocomplete="off" size="date" />
        <Checkbox id={id('in_meeting')} label={s.fInMeeting} checked={form.in_meeting} onChecked={(v) => update({ in_meeting: v })} error={errors.in_meeting} />
        <Fieldset id={id('attendees')} legend={s.attendeesLegend} hint={s.attendeesHint} error={errors.attendees}>
          {form.attendees.map((a, i) => (
            <Fieldset key={i} id={id(`attendees.${i}`)} legend={s.attendeeLegend(i + 1)} class="regie-panel" error={errors[`attendees.${i}`]}>
              <div class="regie-field-row">
                <SelectField id={id(`attendees.${i}.org_id`)} label={s.fAttendeeOrg} value={a.org_id} onValue={setAtt(i, 'org_id')} error={errors[`attendees.${i}.org_id`]} placeholder={s.fChoose} options={orgOptions} />
                <TextField id={id(`attendees.${i}.name`)} label={s.fAttendeeName} value={a.name} onValue={setAtt(i, 'name')} error={errors[`attendees.${i}.name`]} autocomplete="off" size="md" />
                <TextField id={id(`attendees.${i}.function`)} label={s.fAttendeeFunction} value={a.function} onValue={setAtt(i, 'function')} error={errors[`attendees.${i}.function`]} optional autocomplete="off" size="md" />
              </div>
              {form.attendees.length > 1 && (
                <ButtonGroup>
                  <Button variant="secondary" onClick={() => removeAtt(i)}>{s.removeAttendee(i + 1)}</Button>
                </ButtonGroup>
              )}
            </Fieldset>
          ))}
          {form.attendees.length < MAX_ATTENDEES && (
            <ButtonGroup>
              <Button variant="secondary" onClick={addAtt}>{s.addAttendee}</Button>
            </ButtonGroup>
          )}
        </Fieldset>
        <Fieldset id={id('criteria')} legend={s.criteriaLegend} hint={s.criteriaHint} error={errors.criteria}>
          {criteria.map((c) => {
            const v = form.criteria[c.value] || { assessment: '', note: '' };
            return (
              <div class="regie-panel" key={c.value}>
                <RadioGroup
                  id={id(`criteria.${c.value}.assessment`)}
                  legend={c.label}
                  options={assessments}
                  value={v.assessment}
                  onValue={setCrit(c.value, 'assessment')}
                  error={errors[`criteria.${c.value}.assessment`]}
                />
                <TextArea id={id(`criteria.${c.value}.note`)} label={`${s.fCriterionNote}: ${c.label}`} value={v.note} onValue={setCrit(c.value, 'note')} error={errors[`criteria.${c.value}.note`]} optional rows={2} />
              </div>
            );
          })}
        </Fieldset>
        <TextArea id={id('rationale')} label={s.fRationale} hint={s.fRationaleHint} value={form.rationale} onValue={(v) => update({ rationale: v })} error={errors.rationale} rows={5} />
        <TextArea id={id('proportionality')} label={s.fProportionality} hint={s.fProportionalityHint} value={form.proportionality} onValue={(v) => update({ proportionality: v })} error={errors.proportionality} rows={3} />
        <TextArea id={id('subsidiarity')} label={s.fSubsidiarity} hint={s.fSubsidiarityHint} value={form.subsidiarity} onValue={(v) => update({ subsidiarity: v })} error={errors.subsidiarity} rows={3} />
        <TextArea id={id('dissent')} label={s.fDissent} hint={s.fDissentHint} value={form.dissent} onValue={(v) => update({ dissent: v })} error={errors.dissent} optional rows={3} />
        <RadioGroup id={id('decision_rule')} legend={s.fDecisionRule} options={rules} value={form.decision_rule} onValue={(v) => update({ decision_rule: v })} error={errors.decision_rule} />
        <RadioGroup id={id('outcome')} legend={s.fOutcome} options={outcomes} value={form.outcome} onValue={(v) => update({ outcome: v })} error={errors.outcome} />
        {form.outcome === 'verwezen_regulier' && (
          <Fieldset id={id('referral')} legend={optionLabel(options.outcomes, 'verwezen_regulier', WEIGHING_OUTCOME_LABELS)} class="regie-panel" error={errors.referral}>
            <TextField id={id('referral.to')} label={s.fReferralTo} value={form.referral.to} onValue={setSub('referral', 'to')} error={errors['referral.to']} autocomplete="off" size="lg" />
            <TextField id={id('referral.informed_by')} label={s.fReferralBy} value={form.referral.informed_by} onValue={setSub('referral', 'informed_by')} error={errors['referral.informed_by']} autocomplete="off" size="lg" />
          </Fieldset>
        )}
        {form.outcome === 'herwegen' && (
          <Fieldset id={id('reweigh')} legend={optionLabel(options.outcomes, 'herwegen', WEIGHING_OUTCOME_LABELS)} class="regie-panel" error={errors.reweigh}>
            <TextField id={id('reweigh.date')} label={s.fReweighDate} hint={t.form.dateHint} value={form.reweigh.date} onValue={setSub('reweigh', 'date')} error={errors['reweigh.date']} autocomplete="off" size="date" />
            <TextArea id={id('reweigh.information_sought')} label={s.fReweighInfo} value={form.reweigh.information_sought} onValue={setSub('reweigh', 'information_sought')} error={errors['reweigh.information_sought']} rows={3} />
            <TextField id={id('reweigh.from')} label={s.fReweighFrom} value={form.reweigh.from} onValue={setSub('reweigh', 'from')} error={errors['reweigh.from']} autocomplete="off" size="lg" />
          </Fieldset>
        )}
        {form.outcome === 'opname_pga' && (
          <Fieldset id={id('admission')} legend={optionLabel(options.outcomes, 'opname_pga', WEIGHING_OUTCOME_LABELS)} class="regie-panel" error={errors.admission}>
            {userOpts && userOpts.length > 0 ? (
              <SelectField id={id('admission.casusregisseur_id')} label={s.fCasusregisseur} hint={s.fCasusregisseurHint} value={form.admission.casusregisseur_id} onValue={setSub('admission', 'casusregisseur_id')} error={errors['admission.casusregisseur_id']} placeholder={s.fChoose} options={userOpts} />
            ) : (
              <Alert type="warning" id={id('admission.casusregisseur_id')}>
                <Paragraph>{userOpts ? s.casusregisseurNone : s.casusregisseurNoAccess}</Paragraph>
              </Alert>
            )}
            <TextField id={id('admission.first_overleg_date')} label={s.fFirstOverleg} hint={t.form.dateHint} value={form.admission.first_overleg_date} onValue={setSub('admission', 'first_overleg_date')} error={errors['admission.first_overleg_date']} autocomplete="off" size="date" />
          </Fieldset>
        )}
        {form.outcome === 'acuut_escalatie' && (
          <Fieldset id={id('escalation')} legend={optionLabel(options.outcomes, 'acuut_escalatie', WEIGHING_OUTCOME_LABELS)} class="regie-panel" error={errors.escalation}>
            <TextField id={id('escalation.driehoek_date')} label={s.fDriehoekDate} hint={t.form.dateHint} value={form.escalation.driehoek_date} onValue={setSub('escalation', 'driehoek_date')} error={errors['escalation.driehoek_date']} autocomplete="off" size="date" />
            <TextArea id={id('escalation.note')} label={s.fEscalationNote} value={form.escalation.note} onValue={setSub('escalation', 'note')} error={errors['escalation.note']} optional rows={3} />
          </Fieldset>
        )}
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : s.wSave}</Button>
          <Button variant="secondary" onClick={() => navigate(signalPath(signalId))}>{t.form.cancel}</Button>
        </ButtonGroup>
      </form>
    </Page>
  );
}

/** Alle versies van de weging (GET /api/signals/{id}/weighings), newest first. */
export function SignalWeighingHistory({ id: signalId }) {
  const s = t.signals;
  const [data, loadError] = useLoad(async () => {
    const [signal, list, options, orgs] = await Promise.all([
      get(`/api/signals/${encodeURIComponent(signalId)}`),
      get(`/api/signals/${encodeURIComponent(signalId)}/weighings`),
      loadSignalOptions(),
      loadOrgs(),
    ]);
    return { signal, items: Array.isArray(list?.items) ? list.items : [], options: options || {}, orgs };
  }, [signalId]);
  if (loadError) {
    return (
      <Page title={s.weighingHistory}>
        <Alert type="error" id="wh-error"><Paragraph>{loadError}</Paragraph></Alert>
        <LinkButton variant="secondary" href={signalPath(signalId)}>{s.backToSignal}</LinkButton>
      </Page>
    );
  }
  if (!data) return <Page title={s.weighingHistory}><Loading /></Page>;
  const { signal, items, options, orgs } = data;
  const versionOf = (wid) => items.find((x) => String(x.id) === String(wid))?.version ?? wid;
  return (
    <Page title={s.historyTitle(signal.reference)}>
      <Paragraph lead>{s.historyIntro}</Paragraph>
      <ButtonGroup>
        <LinkButton variant="secondary" href={signalPath(signalId)}>{s.backToSignal}</LinkButton>
      </ButtonGroup>
      {items.length === 0 && <Paragraph>{s.historyNone}</Paragraph>}
      {items.map((w) => (
        <section class="regie-section regie-panel" aria-labelledby={`wh-${w.id}-title`} key={w.id}>
          <Heading level={2} id={`wh-${w.id}-title`}>{s.versionTitle(w.version ?? 1, formatDate(w.decided_on))}</Heading>
          <p class="utrecht-paragraph">
            {w.superseded_by ? <StatusBadge status="inactive">{s.wSupersededBy(versionOf(w.superseded_by))}</StatusBadge> : <StatusBadge status="valid">{s.wCurrent}</StatusBadge>}
            {w.corrects && <> <StatusBadge status="neutral">{s.wCorrects(versionOf(w.corrects))}</StatusBadge></>}
          </p>
          <JointWarning w={w} idSuffix={`-${w.id}`} />
          <WeighingView w={w} options={options} orgs={orgs} tableId={`wh-${w.id}`} />
        </section>
      ))}
    </Page>
  );
}
