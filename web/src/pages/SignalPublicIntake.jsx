// Melding doen (public): a simple form for residents, only when GET /api/public/intake says the
// municipality has switched it on. Returns the reference only.
import { useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, post, ApiError } from '../api.js';
import {
  emptySignalForm, validateSignal, signalFieldKeys, signalRewrite, formErrors, fieldId, optionList,
} from '../signals.js';
import {
  Page, Paragraph, Button, ButtonGroup, Alert, Loading, TextField, SelectField, TextArea, RadioGroup, Fieldset,
} from '../components/ui.jsx';
import { useLoad, SubjectsFields, AcuteFields, FormErrors, subjectLabels } from './SignalParts.jsx';

const PREFIX = 'pub';
const id = (k) => fieldId(PREFIX, k);

export function SignalPublicIntake() {
  const s = t.signals;
  const p = t.intake;
  const [intake, loadError] = useLoad(async () => {
    try {
      return await get('/api/public/intake', { anonymous: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return { enabled: false };
      throw e;
    }
  });
  const [f, setF] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);

  if (loadError) {
    return <Page title={p.title}><Alert type="error" id="intake-error"><Paragraph>{loadError}</Paragraph></Alert></Page>;
  }
  if (!intake) return <Page title={p.title}><Loading /></Page>;
  if (!intake.enabled) {
    return (
      <Page title={p.title}>
        <Alert type="info" title={p.closedTitle} id="intake-closed">
          <Paragraph>{p.closedText}</Paragraph>
        </Alert>
      </Page>
    );
  }
  if (done) {
    return (
      <Page title={p.doneTitle}>
        <Alert type="ok" id="intake-receipt" focusKey={done.reference || 'ok'}>
          <Paragraph>{s.receiptText}</Paragraph>
          <p class="utrecht-paragraph">
            <span class="regie-secret__label">{s.receiptReference}: </span>
            <code class="utrecht-code regie-secret__value" data-reference={done.reference}>{done.reference}</code>
          </p>
          <Paragraph>{s.receiptKeep}</Paragraph>
        </Alert>
        <Paragraph>{p.privacy}</Paragraph>
      </Page>
    );
  }

  const municipalities = optionList(intake.municipalities);
  const form = f || emptySignalForm({ municipality_id: municipalities.length === 1 ? municipalities[0].value : '' });
  const update = (patch) => setF({ ...form, ...patch });
  const errors = err?.errors || {};
  const order = signalFieldKeys(form, 'public');
  const rep = form.reporter;
  const setRep = (k) => (v) => update({ reporter: { ...rep, [k]: v } });
  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validateSignal(form, { mode: 'public' });
    if (!v.body) return fail({ errors: v.errors, summary: '', loose: [] });
    setBusy(true);
    try {
      const r = await post('/api/public/signals', v.body, { anonymous: true });
      setDone(r || {});
      setErr(null);
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(order), rewrite: signalRewrite, labels: {
        ...subjectLabels(form.subjects.length), observed: s.fObserved, municipality_id: s.fMunicipality, route: p.fRoute,
        'reporter.kind': p.fReporterKind, 'reporter.name': p.fName, 'reporter.contact': p.fContact, 'acute.danger': s.fDanger,
      } });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={p.title}>
      <FormErrors state={err} order={order} idOf={id} />
      <Paragraph lead>{p.intro}</Paragraph>
      <Alert type="warning" title={s.emergencyTitle} id="intake-emergency">
        <Paragraph>{s.emergencyText}</Paragraph>
      </Alert>
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-label={p.title}>
        <SelectField id={id('municipality_id')} label={s.fMunicipality} hint={s.fMunicipalityHint} value={form.municipality_id} onValue={(v) => update({ municipality_id: v })} error={errors.municipality_id} placeholder={s.fChoose} options={municipalities} />
        <RadioGroup id={id('route')} legend={p.fRoute} options={Object.entries(p.routes).map(([value, label]) => ({ value, label }))} value={form.route} onValue={(v) => update({ route: v })} error={errors.route} />
        <SubjectsFields prefix={PREFIX} subjects={form.subjects} onChange={(subjects) => update({ subjects })} errors={errors} />
        <TextArea id={id('observed')} label={s.fObserved} hint={s.fObservedHint} value={form.observed} onValue={(v) => update({ observed: v })} error={errors.observed} rows={8} />
        <AcuteFields prefix={PREFIX} acute={form.acute} onChange={(acute) => update({ acute })} errors={errors} />
        <Fieldset id={id('reporter')} legend={s.reporterLegend}>
          <RadioGroup id={id('reporter.kind')} legend={p.fReporterKind} options={Object.entries(p.reporterKinds).map(([value, label]) => ({ value, label }))} value={rep.kind} onValue={setRep('kind')} error={errors['reporter.kind']} />
          {rep.kind === 'named' && (
            <TextField id={id('reporter.name')} label={p.fName} value={rep.name} onValue={setRep('name')} error={errors['reporter.name']} optional autocomplete="name" size="lg" />
          )}
          {rep.kind && (
            <TextField id={id('reporter.contact')} label={p.fContact} hint={p.fContactHint} value={rep.contact} onValue={setRep('contact')} error={errors['reporter.contact']} optional autocomplete="email" size="lg" />
          )}
        </Fieldset>
        <Paragraph>{p.privacy}</Paragraph>
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : p.submit}</Button>
        </ButtonGroup>
      </form>
    </Page>
  );
}
