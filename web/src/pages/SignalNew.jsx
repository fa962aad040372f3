// Nieuwe melding: the full registration form for the meldpunt (dossierhouder) and the short form
// for a melder or partner, who get only a receipt with the reference back. The burgemeester
// (options.can_ambtsbericht) can also choose route "AIVD-ambtsbericht", which asks the
// ambtsbericht questions (addressee, received date, readers, NCTV, driehoek) instead of the reporter.
import { useState } from 'preact/hooks';
import { t, SIGNAL_ROUTE_LABELS, REPORTER_KIND_LABELS } from '../i18n/nl.js';
import { post } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import {
  emptySignalForm, validateSignal, signalFieldKeys, signalRewrite, formErrors, fieldId, optionList, readerOptions, ambtsberichtLabels,
} from '../signals.js';
import {
  Page, Paragraph, Button, ButtonGroup, LinkButton, Alert, Loading, TextField, SelectField, TextArea, RadioGroup, Fieldset,
  announce,
} from '../components/ui.jsx';
import {
  loadSignalOptions, loadOrgs, useLoad, SubjectsFields, AcuteFields, AmbtsberichtFields, FormErrors, municipalityOptions, createdFlash,
  subjectLabels,
} from './SignalParts.jsx';

const PREFIX = 'sig';
const id = (k) => fieldId(PREFIX, k);

/** The full form is for the meldpunt; everyone else gets the short form. */
function modeFor(session) {
  const roles = session?.user?.roles || [];
  return roles.includes('dossierhouder') || roles.includes('burgemeester') ? 'full' : 'short';
}

const fieldLabels = () => {
  const s = t.signals;
  return {
    municipality_id: s.fMunicipality, route: s.fRoute, received_date: s.fReceived, 'reporter.kind': s.fReporterKind,
    'reporter.org_id': s.fReporterOrg, 'reporter.name': s.fReporterName, 'reporter.function': s.fReporterFunction,
    'reporter.contact': s.fReporterContact, observed: s.fObserved, phenomenon: s.fPhenomenon, legal_ground: s.fLegalGround,
    'acute.danger': s.fDanger, 'acute.police_called': s.fPoliceCalled, 'acute.called_by': s.fCalledBy, 'acute.called_at': s.fCalledAt,
    subjects: s.subjectsLegend, ambtsbericht: s.ambLegend, ...ambtsberichtLabels('ambtsbericht.'),
  };
};

export function SignalNew() {
  const session = getState().session;
  const mode = modeFor(session);
  const full = mode === 'full';
  const s = t.signals;
  const [data, loadError] = useLoad(async () => {
    const [options, orgs] = await Promise.all([loadSignalOptions(), full ? loadOrgs() : Promise.resolve([])]);
    return { options: options || {}, orgs };
  });
  const [f, setF] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState(null);

  const title = receipt ? s.receiptTitle : full ? s.newTitle : s.shortTitle;
  if (loadError) {
    return (
      <Page title={title}>
        <Alert type="error" id="signal-load-error"><Paragraph>{loadError}</Paragraph></Alert>
      </Page>
    );
  }
  if (!data) return <Page title={title}><Loading /></Page>;
  const { options, orgs } = data;
  const form = f || emptySignalForm({ municipality_id: options.own_municipality_id ?? (optionList(options.municipalities).length === 1 ? optionList(options.municipalities)[0].value : '') });
  const update = (patch) => setF({ ...form, ...patch });
  const errors = err?.errors || {};
  const order = signalFieldKeys(form, mode);

  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const kind = session?.user?.organisation?.kind;
    const v = validateSignal(form, { mode, route: full ? '' : kind === 'politie' || kind === 'om' ? 'police_om' : 'professional' });
    if (!v.body) return fail({ errors: v.errors, summary: '', loose: [] });
    setBusy(true);
    try {
      const r = await post('/api/signals', v.body);
      setErr(null);
      if (r?.view === 'full' || (r && r.can)) {
        createdFlash.id = r.id;
        createdFlash.matches = Array.isArray(r.matches) ? r.matches : r.matches?.items || null;
        announce(s.receiptText);
        navigate(`/app/meldingen/${encodeURIComponent(r.id)}`);
        return;
      }
      setReceipt(r || {});
      setF(null);
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(order), labels: { ...fieldLabels(), ...subjectLabels(form.subjects.length) }, rewrite: signalRewrite });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <Page title={title}>
        <Alert type="ok" id="signal-receipt" focusKey={receipt.reference || 'ok'}>
          <Paragraph>{s.receiptText}</Paragraph>
          <p class="utrecht-paragraph">
            <span class="regie-secret__label">{s.receiptReference}: </span>
            <code class="utrecht-code regie-secret__value" data-reference={receipt.reference}>{receipt.reference}</code>
          </p>
          <Paragraph>{s.receiptKeep}</Paragraph>
        </Alert>
        <Paragraph>{s.receiptNext}</Paragraph>
        <ButtonGroup>
          <LinkButton href="/app/meldingen">{s.toMine}</LinkButton>
          <Button variant="secondary" onClick={() => {
            setReceipt(null);
            window.setTimeout(() => document.getElementById('page-title')?.focus(), 0);
          }}
          >
            {s.another}
          </Button>
        </ButtonGroup>
      </Page>
    );
  }

  // Only the burgemeester may register an AIVD-ambtsbericht (the server refuses it for anyone else).
  const routes = optionList(options.routes, SIGNAL_ROUTE_LABELS).filter((o) => o.value !== 'ambtsbericht' || options.can_ambtsbericht === true);
  const amb = full && form.route === 'ambtsbericht';
  const ab = form.ambtsbericht;
  const kinds = (options.reporter_kinds?.length ? optionList(options.reporter_kinds, REPORTER_KIND_LABELS) : optionList(Object.keys(REPORTER_KIND_LABELS), REPORTER_KIND_LABELS))
    .map((o) => ({ ...o, hint: s.reporterKindHints[o.value] }));
  const rep = form.reporter;
  const setRep = (k) => (v) => update({ reporter: { ...rep, [k]: v } });

  return (
    <Page title={title}>
      <FormErrors state={err} order={order} idOf={id} />
      <Paragraph lead>{full ? s.newIntro : s.shortIntro}</Paragraph>
      {!full && (
        <Alert type="warning" title={s.emergencyTitle} id="signal-emergency">
          <Paragraph>{s.emergencyText}</Paragraph>
        </Alert>
      )}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-label={title}>
        <SelectField
          id={id('municipality_id')}
          label={s.fMunicipality}
          hint={s.fMunicipalityHint}
          value={form.municipality_id}
          onValue={(v) => update({ municipality_id: v })}
          error={errors.municipality_id}
          placeholder={s.fChoose}
          options={municipalityOptions(options.municipalities)}
        />
        {full && (
          <>
            <SelectField id={id('route')} label={s.fRoute} value={form.route} onValue={(v) => update({ route: v })} error={errors.route} placeholder={s.fChoose} options={routes} />
            <TextField id={id('received_date')} label={s.fReceived} hint={s.fReceivedHint} value={form.received_date} onValue={(v) => update({ received_date: v })} error={errors.received_date} optional autocomplete="off" size="date" />
            {amb && (
              <Fieldset id={id('ambtsbericht')} legend={s.ambLegend} error={errors.ambtsbericht}>
                <Alert type="warning" id="amb-confidential" title={s.restrictedTitle}>
                  <Paragraph>{s.ambIntro}</Paragraph>
                </Alert>
                <AmbtsberichtFields
                  creating
                  a={ab}
                  set={(k, v) => update({ ambtsbericht: { ...ab, [k]: v } })}
                  idOf={(k) => id(`ambtsbericht.${k}`)}
                  errorOf={(k) => errors[`ambtsbericht.${k}`]}
                  readers={readerOptions(options.ambtsbericht_readers)}
                />
              </Fieldset>
            )}
            {!amb && (
              <Fieldset id={id('reporter')} legend={s.reporterLegend}>
                <RadioGroup id={id('reporter.kind')} legend={s.fReporterKind} options={kinds} value={rep.kind} onValue={setRep('kind')} error={errors['reporter.kind']} />
                {rep.kind && rep.kind !== 'anonymous' && (
                  <>
                    {orgs.length > 0 && (
                      <SelectField id={id('reporter.org_id')} label={s.fReporterOrg} value={rep.org_id} onValue={setRep('org_id')} error={errors['reporter.org_id']} placeholder={s.fChoose} optional options={orgs.map((o) => ({ value: String(o.id), label: o.name }))} />
                    )}
                    <TextField id={id('reporter.name')} label={s.fReporterName} value={rep.name} onValue={setRep('name')} error={errors['reporter.name']} optional autocomplete="off" size="lg" />
                    <TextField id={id('reporter.function')} label={s.fReporterFunction} value={rep.function} onValue={setRep('function')} error={errors['reporter.function']} optional autocomplete="off" size="lg" />
                    <TextField id={id('reporter.contact')} label={s.fReporterContact} value={rep.contact} onValue={setRep('contact')} error={errors['reporter.contact']} optional autocomplete="off" size="lg" />
                  </>
                )}
              </Fieldset>
            )}
          </>
        )}
        <SubjectsFields prefix={PREFIX} subjects={form.subjects} onChange={(subjects) => update({ subjects })} errors={errors} full={full} />
        <TextArea id={id('observed')} label={s.fObserved} hint={s.fObservedHint} value={form.observed} onValue={(v) => update({ observed: v })} error={errors.observed} rows={8} />
        {full && (
          <>
            <SelectField id={id('phenomenon')} label={s.fPhenomenon} value={form.phenomenon} onValue={(v) => update({ phenomenon: v })} error={errors.phenomenon} placeholder={s.fChoose} optional options={optionList(options.phenomena)} />
            <TextField id={id('legal_ground')} label={s.fLegalGround} hint={s.fLegalGroundHint} value={form.legal_ground} onValue={(v) => update({ legal_ground: v })} error={errors.legal_ground} optional autocomplete="off" size="lg" />
          </>
        )}
        <AcuteFields prefix={PREFIX} acute={form.acute} onChange={(acute) => update({ acute })} errors={errors} />
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : full ? s.submitFull : s.submitShort}</Button>
          <Button variant="secondary" onClick={() => navigate('/app/meldingen')}>{t.form.cancel}</Button>
        </ButtonGroup>
      </form>
    </Page>
  );
}
