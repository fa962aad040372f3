// Shared pieces of the signal screens: option loading, state badge, deadline text, the subject
// and acute-danger fieldsets, and the form error summary.
import { useEffect, useState } from 'preact/hooks';
import { t, SUBJECT_KIND_LABELS } from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { getState } from '../session.js';
import { deadlineInfo, fieldId, optionList, stateLabel, MAX_SUBJECTS, MAX_READERS, emptySubject } from '../signals.js';
import {
  StatusBadge, TextField, TextArea, RadioGroup, CheckboxGroup, Fieldset, Button, ButtonGroup, ErrorSummary, Alert, Paragraph, announce,
} from '../components/ui.jsx';

// ------------------------------------------------------------------ data loading

let optionsCache = null; // { owner, promise }
/** GET /api/signal-options, once per logged-in user. */
export function loadSignalOptions() {
  const owner = String(getState().session?.user?.id ?? '');
  if (!optionsCache || optionsCache.owner !== owner) {
    const promise = get('/api/signal-options').catch((e) => {
      optionsCache = null;
      throw e;
    });
    optionsCache = { owner, promise };
  }
  return optionsCache.promise;
}

/** [value, error]: the loaded value (null while loading) and an error summary. */
export function useLoad(loader, deps = []) {
  const [value, setValue] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    setError('');
    loader()
      .then((v) => alive && setValue(v))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, deps);
  return [value, error, setValue];
}

/** Organisations for selects (GET /api/orgs); an empty list when the caller may not list them. */
export async function loadOrgs() {
  try {
    const r = await get('/api/orgs');
    return Array.isArray(r?.items) ? r.items : [];
  } catch {
    return [];
  }
}

/** Matches returned by POST /api/signals, handed to the detail page (memory only). */
export const createdFlash = { id: null, matches: null };

/** One-shot messages for the detail page after a save elsewhere (memory only, not in the URL). */
export const detailFlash = { id: null, message: '' };
export function takeDetailFlash(id) {
  if (detailFlash.id == null || String(detailFlash.id) !== String(id)) return '';
  const m = detailFlash.message;
  detailFlash.id = null;
  detailFlash.message = '';
  return m;
}

// ------------------------------------------------------------------ display

const STATE_BADGE = {
  ontvangen: 'neutral',
  geregistreerd: 'neutral',
  informatie_aanvullen: 'warning',
  weging: 'active',
  geen_zorg: 'inactive',
  verwezen_regulier: 'valid',
  herwegen: 'warning',
  opname_pga: 'active',
  acuut_escalatie: 'danger',
  in_behandeling: 'active',
  afgehandeld: 'inactive',
};
export function StateBadge({ item, options }) {
  const code = item?.state ?? item?.status;
  return <StatusBadge status={STATE_BADGE[code] || 'neutral'}>{stateLabel(item, options)}</StatusBadge>;
}

/** Due date with a note ("nog 3 dagen"); late deadlines get a "te laat" badge (text, not colour only). */
export function Deadline({ item }) {
  const d = deadlineInfo(item);
  if (!d.date && !d.overdue) return <span class="regie-muted">{t.signals.noDeadline}</span>;
  return (
    <span class="regie-cell-stack">
      {d.date && <span class="regie-nowrap">{d.date}</span>}
      {d.overdue ? <StatusBadge status="invalid">{d.note || t.signals.overdue}</StatusBadge> : d.note && <span class="regie-cell-note">{d.note}</span>}
    </span>
  );
}

/** Free text with line breaks as paragraphs (no raw HTML). */
export function MultiLine({ text }) {
  const parts = String(text ?? '').split(/\n{2,}/);
  return (
    <>
      {parts.map((p, i) => (
        <p class="utrecht-paragraph regie-break" key={i}>
          {p.split('\n').map((line, j) => (
            <>{j > 0 && <br />}{line}</>
          ))}
        </p>
      ))}
    </>
  );
}

export const yesNoOptions = () => [
  { value: 'ja', label: t.signals.yes },
  { value: 'nee', label: t.signals.no },
];
export const yesNo = (b) => (b === true ? t.signals.yes : b === false ? t.signals.no : t.form.empty);

// ------------------------------------------------------------------ forms

/** The error summary of a form: field errors in form order, then messages without a field. */
export function FormErrors({ state, order, idOf, id }) {
  if (!state) return null;
  const { errors, summary, loose = [], focusKey } = state;
  const keys = [...order.filter((k) => errors[k]), ...Object.keys(errors).filter((k) => !order.includes(k))];
  const items = keys.map((k) => ({ id: idOf(k), message: errors[k] }));
  const n = items.length + loose.length;
  return (
    <ErrorSummary
      title={n ? t.form.errorSummaryTitle(n) : t.errors.unknown}
      message={[summary, ...loose].filter(Boolean).join(' ')}
      items={items}
      focusKey={focusKey}
      id={id}
    />
  );
}

/**
 * Subjects (betrokkenen), repeatable. `full` adds birth date and BSN.
 * @param {{ prefix: string, subjects: any[], onChange: (s: any[]) => void, errors: Record<string,string>, full?: boolean, hint?: string }} p
 */
export function SubjectsFields({ prefix, subjects, onChange, errors, full = false }) {
  const s = t.signals;
  const set = (i, k) => (v) => onChange(subjects.map((x, j) => (j === i ? { ...x, [k]: v } : x)));
  const id = (k) => fieldId(prefix, k);
  const add = () => {
    onChange([...subjects, emptySubject()]);
    announce(s.subjectAdded(subjects.length + 1));
    window.setTimeout(() => document.getElementById(id(`subjects.${subjects.length}.kind`))?.focus(), 0);
  };
  const remove = (i) => {
    onChange(subjects.filter((_, j) => j !== i));
    announce(s.subjectRemoved(i + 1));
    window.setTimeout(() => document.getElementById(id(`subjects.${Math.max(0, i - 1)}.kind`))?.focus(), 0);
  };
  const kinds = Object.entries(SUBJECT_KIND_LABELS).map(([value, label]) => ({ value, label }));
  return (
    <Fieldset id={id('subjects')} legend={s.subjectsLegend} hint={s.subjectsHint} error={errors.subjects}>
      {subjects.map((sub, i) => {
        const k = (f) => `subjects.${i}.${f}`;
        return (
          <Fieldset key={i} id={id(`subjects.${i}`)} legend={s.subjectLegend(i + 1)} class="regie-panel" error={errors[`subjects.${i}`]}>
            <RadioGroup
              id={id(k('kind'))}
              legend={s.fSubjectKind}
              options={kinds}
              value={sub.kind}
              onValue={set(i, 'kind')}
              error={errors[k('kind')]}
            />
            <TextField id={id(k('name'))} label={s.fSubjectName} value={sub.name} onValue={set(i, 'name')} error={errors[k('name')]} optional autocomplete="off" size="lg" />
            {full && sub.kind !== 'organisation' && (
              <TextField id={id(k('birth_date'))} label={s.fSubjectBirth} hint={t.form.dateHint} value={sub.birth_date} onValue={set(i, 'birth_date')} error={errors[k('birth_date')]} optional autocomplete="off" size="date" />
            )}
            {full && sub.kind !== 'organisation' && (
              <TextField id={id(k('bsn'))} label={s.fSubjectBsn} hint={s.fSubjectBsnHint} value={sub.bsn} onValue={set(i, 'bsn')} error={errors[k('bsn')]} optional autocomplete="off" inputMode="numeric" size="md" />
            )}
            <TextArea id={id(k('description'))} label={s.fSubjectDescription} hint={s.fSubjectDescriptionHint} value={sub.description} onValue={set(i, 'description')} error={errors[k('description')]} optional rows={3} />
            {subjects.length > 1 && (
              <ButtonGroup>
                <Button variant="secondary" onClick={() => remove(i)}>{s.removeSubject(i + 1)}</Button>
              </ButtonGroup>
            )}
          </Fieldset>
        );
      })}
      {subjects.length < MAX_SUBJECTS && (
        <ButtonGroup>
          <Button variant="secondary" onClick={add}>{s.addSubject}</Button>
        </ButtonGroup>
      )}
    </Fieldset>
  );
}

/** "Is er acuut gevaar?" → "Is politie/112 gebeld?" → door wie, wanneer. */
export function AcuteFields({ prefix, acute, onChange, errors }) {
  const s = t.signals;
  const set = (k) => (v) => onChange({ ...acute, [k]: v });
  const id = (k) => fieldId(prefix, k);
  return (
    <Fieldset id={id('acute')} legend={s.acuteLegend} error={errors.acute}>
      <RadioGroup id={id('acute.danger')} legend={s.fDanger} hint={s.fDangerHint} options={yesNoOptions()} value={acute.danger} onValue={set('danger')} error={errors['acute.danger']} />
      {acute.danger === 'ja' && (
        <RadioGroup id={id('acute.police_called')} legend={s.fPoliceCalled} options={yesNoOptions()} value={acute.police_called} onValue={set('police_called')} error={errors['acute.police_called']} />
      )}
      {acute.danger === 'ja' && acute.police_called === 'nee' && (
        <Alert type="warning" id={id('acute.call-now')}>
          <Paragraph><strong>{s.callNow}</strong></Paragraph>
        </Alert>
      )}
      {acute.danger === 'ja' && acute.police_called === 'ja' && (
        <>
          <TextField id={id('acute.called_by')} label={s.fCalledBy} value={acute.called_by} onValue={set('called_by')} error={errors['acute.called_by']} autocomplete="off" size="lg" />
          <Fieldset id={id('acute.when')} legend={s.fCalledAt}>
            <div class="regie-field-row">
              <TextField id={id('acute.called_at')} label={s.fCalledDate} hint={t.form.dateHint} value={acute.called_date} onValue={set('called_date')} error={errors['acute.called_at']} autocomplete="off" size="date" />
              <TextField id={id('acute.called_time')} label={s.fCalledTime} hint={s.fCalledTimeHint} value={acute.called_time} onValue={set('called_time')} error={errors['acute.called_time']} autocomplete="off" size="date" />
            </div>
          </Fieldset>
        </>
      )}
    </Fieldset>
  );
}

/**
 * The members of an ambtsbericht. `creating` adds addressee and received date (the update form
 * changes only readers, NCTV and the driehoek). `idOf(member)` / `errors[keyOf(member)]` connect
 * the inputs to the error summary; `set(member, value)` changes one member.
 * @param {{ a: any, set: (k: string, v: any) => void, idOf: (k: string) => string, errorOf: (k: string) => string|undefined,
 *   readers: { value: string, label: string }[], creating?: boolean }} p
 */
export function AmbtsberichtFields({ a, set, idOf, errorOf, readers, creating = false }) {
  const s = t.signals;
  const on = (k) => (v) => set(k, v);
  return (
    <>
      {creating && (
        <>
          <TextField id={idOf('addressee')} label={s.fAddressee} hint={s.fAddresseeHint} value={a.addressee} onValue={on('addressee')} error={errorOf('addressee')} autocomplete="off" size="lg" />
          <TextField id={idOf('received_date')} label={s.fAmbReceived} hint={t.form.dateHint} value={a.received_date} onValue={on('received_date')} error={errorOf('received_date')} autocomplete="off" size="date" />
        </>
      )}
      {readers.length > 0 ? (
        <CheckboxGroup id={idOf('readers')} legend={s.fReaders} optional hint={s.fReadersHint(MAX_READERS)} error={errorOf('readers')} options={readers} values={a.readers} onValues={on('readers')} />
      ) : (
        <Paragraph id={idOf('readers')}>{s.readersNone}</Paragraph>
      )}
      <RadioGroup id={idOf('nctv_consulted')} legend={s.fNctv} options={yesNoOptions()} value={a.nctv_consulted} onValue={on('nctv_consulted')} error={errorOf('nctv_consulted')} optional />
      {a.nctv_consulted === 'ja' && (
        <>
          <TextField id={idOf('nctv_date')} label={s.fNctvDate} hint={t.form.dateHint} value={a.nctv_date} onValue={on('nctv_date')} error={errorOf('nctv_date')} optional autocomplete="off" size="date" />
          <TextField id={idOf('nctv_contact')} label={s.fNctvContact} value={a.nctv_contact} onValue={on('nctv_contact')} error={errorOf('nctv_contact')} optional autocomplete="off" size="lg" />
        </>
      )}
      <TextArea id={idOf('driehoek_decision')} label={s.fDriehoekDecision} hint={s.fDriehoekDecisionHint} value={a.driehoek_decision} onValue={on('driehoek_decision')} error={errorOf('driehoek_decision')} optional rows={3} />
      <TextField id={idOf('driehoek_date')} label={s.fDriehoekDecisionDate} hint={t.form.dateHint} value={a.driehoek_date} onValue={on('driehoek_date')} error={errorOf('driehoek_date')} optional autocomplete="off" size="date" />
    </>
  );
}

/** "Betrokkene 2, BSN" etc., so a server message in the error summary names its field. */
export function subjectLabels(n) {
  const s = t.signals;
  const l = {};
  for (let i = 0; i < n; i++) {
    const p = s.subjectLegend(i + 1);
    l[`subjects.${i}.kind`] = p;
    l[`subjects.${i}.name`] = `${p}, ${s.fSubjectName.toLowerCase()}`;
    l[`subjects.${i}.birth_date`] = `${p}, ${s.fSubjectBirth.toLowerCase()}`;
    l[`subjects.${i}.bsn`] = `${p}, ${s.fSubjectBsn}`;
    l[`subjects.${i}.description`] = `${p}, ${s.fSubjectDescription.toLowerCase()}`;
    l[`subjects.${i}`] = p;
  }
  return l;
}

/** Municipality select from the options (or the public intake list). */
export function municipalityOptions(list) {
  return optionList(list);
}
