// Informeren van betrokkenen (docs/informing.md): per person of the case (the subject and the
// people of the network analysis) whether they were informed, or why not yet and until when;
// overdue said in words; the form to record a new decision (immutable: a new one supersedes).
import { useEffect, useState } from 'preact/hooks';
import { t, formatDate, formatDateTime } from '../i18n/nl.js';
import { get, post, ApiError, errorView } from '../api.js';
import {
  I, HOW_LABELS, LIMITS, personName, statusText, historyText, personValue, emptyInformingForm, INFORMING_FIELDS, validateInforming,
} from '../informing.js';
import {
  Paragraph, Heading, Table, TextField, SelectField, TextArea, RadioGroup, Checkbox, Alert, LinkButton, StatusBadge, Loading,
} from '../components/ui.jsx';
import { Disclosure } from './MeetingParts.jsx';
import { useCase, CaseShell, CaseForm, casePath, caseHref, who } from './CaseParts.jsx';

function useInforming(id) {
  const [v, setV] = useState(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      setV(await get(`${casePath(id)}/informing`));
      setError('');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? t.cases.notFound : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [id]);
  return { v, error, reload: load };
}

function StatusCell({ item, reasons }) {
  const s = statusText(item, reasons);
  return (
    <span class="regie-cell-stack">
      <span class="regie-break">{s.text}</span>
      {s.late && (
        <StatusBadge status="invalid"><span class="regie-overdue">{s.lateText}</span></StatusBadge>
      )}
    </span>
  );
}

function History({ item, reasons }) {
  const hist = Array.isArray(item.history) ? item.history : [];
  if (hist.length < 2) return null;
  const name = personName(item);
  return (
    <Disclosure id={`inf-hist-${item.person_id}`} summary={I.historyTitle(name)}>
      <ul class="utrecht-unordered-list regie-plain-list">
        {hist.map((r) => (
          <li class="utrecht-unordered-list__item regie-break" key={r.id}>
            {I.historyLine(r.version, historyText(r, reasons), who(r.recorded_by), formatDateTime(r.recorded_at) || t.form.empty)}
            {r.explanation ? ` ${r.explanation}` : ''}
            {r.note ? ` ${r.note}` : ''}
          </li>
        ))}
      </ul>
    </Disclosure>
  );
}

function RecordForm({ c, v, onDone }) {
  const items = Array.isArray(v.items) ? v.items : [];
  const people = items.map((x) => ({ value: personValue(x), label: `${personName(x)} (${x.kind === 'network' ? I.network : I.subject})` }));
  const hows = Object.entries(HOW_LABELS).map(([value, label]) => ({ value, label }));
  const reasons = (Array.isArray(v.reasons) ? v.reasons : []).map((r) => ({ value: r.code, label: r.label, hint: r.help }));
  const max = formatDate(v.reassess_max_date) || '';
  return (
    <CaseForm
      name="inf"
      title={I.formTitle}
      headingLevel={2}
      intro={I.formIntro}
      fields={INFORMING_FIELDS}
      initial={emptyInformingForm()}
      validate={(f) => validateInforming(f, { maxDays: v.reassess_max_days || 182 })}
      labels={{
        person: I.fPerson, outcome: I.fOutcome, informed_date: I.fDate, how: I.fHow, note: I.fNote, reason: I.fReason,
        explanation: I.fExplanation, om_consulted: I.fOm, reassess_date: I.fReassess, network_person_id: I.fPerson, person_id: I.fPerson,
      }}
      submitLabel={I.submit}
      variant="primary"
      send={async (body) => {
        await post(`${casePath(c.id)}/informing`, body);
        await onDone();
        return I.saved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <SelectField id={idOf('person')} label={I.fPerson} value={values.person} onValue={set('person')} error={errors.person} placeholder={I.personRequired} options={people} />
          <RadioGroup
            id={idOf('outcome')}
            legend={I.fOutcome}
            options={[{ value: 'informed', label: I.oInformed }, { value: 'deferred', label: I.oDeferred }]}
            value={values.outcome}
            onValue={set('outcome')}
            error={errors.outcome}
          />
          {values.outcome === 'informed' && (
            <>
              <TextField id={idOf('informed_date')} label={I.fDate} hint={I.dateHint} value={values.informed_date} onValue={set('informed_date')} error={errors.informed_date} autocomplete="off" size="date" />
              <RadioGroup id={idOf('how')} legend={I.fHow} options={hows} value={values.how} onValue={set('how')} error={errors.how} />
              <TextArea id={idOf('note')} label={I.fNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={3} maxLength={LIMITS.note} />
            </>
          )}
          {values.outcome === 'deferred' && (
            <>
              <RadioGroup id={idOf('reason')} legend={I.fReason} options={reasons} value={values.reason} onValue={set('reason')} error={errors.reason} />
              {values.reason === 'zou_opsporing_of_vervolging_schaden' && (
                <Checkbox id={idOf('om_consulted')} label={I.fOm} checked={values.om_consulted} onChecked={set('om_consulted')} error={errors.om_consulted} />
              )}
              <TextArea
                id={idOf('explanation')}
                label={I.fExplanation}
                hint={I.fExplanationHint}
                value={values.explanation}
                onValue={set('explanation')}
                error={errors.explanation}
                optional={values.reason !== 'overig'}
                rows={3}
                maxLength={LIMITS.note}
              />
              <TextField id={idOf('reassess_date')} label={I.fReassess} hint={I.fReassessHint(max)} value={values.reassess_date} onValue={set('reassess_date')} error={errors.reassess_date} autocomplete="off" size="date" />
            </>
          )}
        </>
      )}
    </CaseForm>
  );
}

export function CaseInforming({ id }) {
  const state = useCase(id);
  const inf = useInforming(id);
  return (
    <CaseShell state={state} part="informeren" title={(c) => I.title(c.reference)}>
      {(c) => {
        if (inf.error) return <Alert type="error" id="inf-error"><Paragraph>{inf.error}</Paragraph></Alert>;
        if (!inf.v) return <Loading />;
        const v = inf.v;
        const items = Array.isArray(v.items) ? v.items : [];
        return (
          <>
            <Paragraph lead>{I.intro}</Paragraph>
            <section class="regie-section" aria-labelledby="inf-status-title">
              <Heading level={2} id="inf-status-title">{I.statusTitle}</Heading>
              {items.length === 0 ? (
                <Paragraph>{I.none}</Paragraph>
              ) : (
                <Table
                  id="inf-table"
                  caption={I.caption}
                  rows={items}
                  rowKey={(x) => personValue(x)}
                  columns={[
                    { key: 'person', label: I.cPerson, render: (x) => <span class="regie-break">{personName(x)}</span> },
                    { key: 'kind', label: I.cKind, render: (x) => (x.kind === 'network' ? I.network : I.subject) },
                    { key: 'status', label: I.cStatus, render: (x) => <StatusCell item={x} reasons={v.reasons} /> },
                    { key: 'due', label: I.cDue, render: (x) => <span class="regie-nowrap">{formatDate(x.due_date) || t.form.empty}</span> },
                  ]}
                />
              )}
              {items.map((x) => <History key={personValue(x)} item={x} reasons={v.reasons} />)}
            </section>
            {v.can?.record && items.length > 0 ? (
              <section class="regie-section regie-panel" aria-labelledby="inf-heading">
                <RecordForm c={c} v={v} onDone={inf.reload} />
              </section>
            ) : (
              <Paragraph>{I.readOnly}</Paragraph>
            )}
            <LinkButton variant="secondary" href={caseHref(c.id)}>{I.back}</LinkButton>
          </>
        );
      }}
    </CaseShell>
  );
}
