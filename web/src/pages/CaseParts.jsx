// Shared parts of the case screens: the options cache, loading a case (or one section of it),
// the page shell (title, "Vertrouwelijk", phase and flags as text badges, the section links),
// the due-date cell ("Te laat" in text, not colour only) and a small form with its own error
// summary and success message.
import { useEffect, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n/nl.js';
import { get, ApiError, errorView } from '../api.js';
import { getState } from '../session.js';
import { formErrors, fieldId } from '../signals.js';
import { caseTitle, stateLabel, flagLabels, dueInfo, meetingDecisionOptions } from '../cases.js';
import {
  Page, Heading, Button, ButtonGroup, Alert, Paragraph, StatusBadge, SubNav, LinkButton, Loading, SelectField, announce,
} from '../components/ui.jsx';
import { FormErrors } from './SignalParts.jsx';
import { BreakGlassOffer, BreakGlassBanner } from './BreakGlass.jsx';
import { PurposeLine } from '../components/PurposeDialog.jsx'; // purpose binding (docs/purpose.md)

export const casePath = (id) => `/api/cases/${encodeURIComponent(id)}`;
export const caseHref = (id, part = '') => `/app/casussen/${encodeURIComponent(id)}${part ? `/${part}` : ''}`;

let optionsCache = null; // { owner, promise }
/** GET /api/case-options, once per logged-in user. */
export function loadCaseOptions() {
  const owner = String(getState().session?.user?.id ?? '');
  if (!optionsCache || optionsCache.owner !== owner) {
    const promise = get('/api/case-options').catch((e) => {
      optionsCache = null;
      throw e;
    });
    optionsCache = { owner, promise };
  }
  return optionsCache.promise;
}

/**
 * Loads the case (section: null = the overview, or "plans", "checklist", "assessments",
 * "family-support", "communication-line") and the options. reload() fetches again.
 */
export function useCase(id, section = null) {
  const [c, setC] = useState(null);
  const [options, setOptions] = useState(null);
  const [error, setError] = useState('');
  const [notFound, setNotFound] = useState(false); // break-glass hook: the 404 page offers it
  const load = async () => {
    try {
      const r = await get(`${casePath(id)}${section ? `/${section}` : ''}`);
      setC(r);
      setError('');
      setNotFound(false);
      return r;
    } catch (e) {
      setNotFound(e instanceof ApiError && e.status === 404);
      setError(e instanceof ApiError && e.status === 404 ? t.cases.notFound : errorView(e).summary);
      return null;
    }
  };
  useEffect(() => {
    load();
    loadCaseOptions().then(setOptions).catch(() => setOptions({}));
  }, [id, section]);
  return { c, options, error, notFound, id, reload: load };
}

export function CaseStateBadge({ c, options }) {
  const s = c?.state;
  const status = s === 'afgesloten' ? 'inactive' : s === 'afgeschaald' ? 'neutral' : s === 'opgenomen' || s === 'beeldvorming' ? 'warning' : 'active';
  return <StatusBadge status={status}>{stateLabel(c, options)}</StatusBadge>;
}

/** The flags as tags (text). */
export function FlagTags({ flags, options, none }) {
  const labels = flagLabels(flags, options);
  if (labels.length === 0) return none ? <span class="regie-muted">{none}</span> : null;
  return (
    <ul class="regie-tags" role="list">
      {labels.map((l) => (
        <li class="regie-tags__item" key={l}><StatusBadge status="neutral">{l}</StatusBadge></li>
      ))}
    </ul>
  );
}

/** "Te laat" as a badge with text (WCAG 1.4.1: not colour only). */
export function LateBadge({ text }) {
  return <StatusBadge status="invalid"><span class="regie-overdue">{text || t.cases.overdue}</span></StatusBadge>;
}

/** A due date with its note: "31 oktober 2026" + "Te laat: 28 dagen" / "Nog 5 dagen". */
export function DueCell({ item, none }) {
  const d = dueInfo(item);
  if (!d.date && !d.overdue) return <span class="regie-muted">{none || t.cases.noDue}</span>;
  return (
    <span class="regie-cell-stack">
      {d.date && <span class="regie-nowrap">{d.date}</span>}
      {d.overdue ? <LateBadge text={d.note} /> : d.note && <span class="regie-cell-note">{d.note}</span>}
    </span>
  );
}

/** The section links of a case. */
function CaseNav({ c, current }) {
  const k = t.cases;
  // The same links on every part of the case (consistent navigation, WCAG 3.2.3): whoever may
  // read a case sees its plan data; a part the caller may not see says so on its page.
  const links = [
    { href: caseHref(c.id), label: k.navOverview },
    { href: caseHref(c.id, 'plan'), label: k.navPlan },
    { href: caseHref(c.id, 'checklist'), label: k.navChecklist },
    { href: caseHref(c.id, 'beoordelingen'), label: k.navAssessments },
    { href: caseHref(c.id, 'familie'), label: k.navFamily },
    { href: caseHref(c.id, 'communicatie'), label: k.navCommunication },
    { href: caseHref(c.id, 'netwerk'), label: k.navNetwork },
  ];
  return <SubNav label={k.sectionNav} links={links} current={current} />;
}

/**
 * The page of one case (or one of its parts). `title` defaults to "Casus <reference>".
 * `part` is the path segment of the current section ('' = overview).
 */
export function CaseShell({ state, part = '', title, children }) {
  const k = t.cases;
  const { c, options, error } = state;
  if (error) {
    return (
      <Page title={k.detailTitle}>
        <Alert type="error" id="case-error"><Paragraph>{error}</Paragraph></Alert>
        {/* break-glass hook (docs/breakglass.md): offered only on "niet gevonden" */}
        {state.notFound && state.id && <BreakGlassOffer caseId={state.id} onGranted={state.reload} />}
        <LinkButton variant="secondary" href="/app/casussen">{k.backToList}</LinkButton>
      </Page>
    );
  }
  if (!c || !options) return <Page title={k.detailTitle}><Loading /></Page>;
  return (
    <Page title={typeof title === 'function' ? title(c) : title || caseTitle(c)} wide>
      <p class="utrecht-paragraph regie-badges" id="case-badges">
        <StatusBadge status="warning">{k.confidential}</StatusBadge>
        <CaseStateBadge c={c} options={options} />
        {flagLabels(c.flags, options).map((l) => <StatusBadge status="neutral" key={l}>{l}</StatusBadge>)}
      </p>
      <CaseNav c={c} current={caseHref(c.id, part)} />
      <PurposeLine caseId={c.id} />
      <BreakGlassBanner grant={c.break_glass} />
      {children(c, options)}
    </Page>
  );
}

/** "Daan Dossier (demo)" or '—'. */
export const who = (x) => x?.name || (x?.id != null ? String(x.id) : t.form.empty);
/** "Vastgelegd door … op …" */
export const recorded = (x, fmt) => fmt(who(x?.created_by), formatDateTime(x?.created_at) || t.form.empty);

/** Free text with line breaks kept (no raw HTML). */
export function Text({ text, id }) {
  return <p class="utrecht-paragraph regie-break regie-prewrap" id={id}>{String(text ?? '')}</p>;
}

/** A bulleted list of texts, or "Geen.". */
export function TextList({ items, id }) {
  const list = Array.isArray(items) ? items.filter(Boolean) : [];
  if (list.length === 0) return <p class="utrecht-paragraph regie-muted" id={id}>{t.cases.listNone}</p>;
  return (
    <ul class="utrecht-unordered-list regie-plain-list" id={id}>
      {list.map((x, i) => <li class="utrecht-unordered-list__item regie-break" key={i}>{x}</li>)}
    </ul>
  );
}

/**
 * A small form: its own error summary (unique id), success message, and focus handling.
 * `validate(values)` → { errors, body }; `send(body, values)` writes it and returns the success
 * message. After a success the form is emptied (`initial`), unless `keep` (true, or a function
 * old → new values). `submitLabel` may depend on the values; `formLabel` names a form without
 * a title (default: the submit label). children({ values, set, errors,
 * idOf, submit, setValues }).
 */
export function CaseForm({
  name, title, intro, fields, initial, validate, send, submitLabel, formLabel, labels = {}, keep = false, headingLevel = 3, children, variant = 'secondary',
}) {
  const [values, setValues] = useState(initial);
  const [err, setErr] = useState(null);
  const [ok, setOk] = useState(null);
  const [busy, setBusy] = useState(false);
  const idOf = (k) => fieldId(name, k);
  const set = (k) => (v) => setValues((old) => ({ ...old, [k]: v }));
  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const order = typeof fields === 'function' ? fields(values) : fields;
  const label = typeof submitLabel === 'function' ? submitLabel(values) : submitLabel;
  const submit = async (e) => {
    e?.preventDefault?.();
    if (busy) return;
    const v = validate(values);
    if (!v.body) {
      fail({ errors: v.errors, summary: '', loose: [] });
      return;
    }
    setBusy(true);
    try {
      const message = await send(v.body, values);
      setErr(null);
      if (typeof keep === 'function') setValues((old) => keep(old));
      else if (!keep) setValues(initial);
      if (message) {
        setOk((o) => ({ message, key: (o?.key || 0) + 1 }));
        announce(message);
      }
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(order), labels });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="regie-section regie-case-form">
      {title && <Heading level={headingLevel} id={`${name}-heading`}>{title}</Heading>}
      {ok && (
        <Alert type="ok" id={`${name}-ok`} focusKey={ok.key}>
          <Paragraph>{ok.message}</Paragraph>
        </Alert>
      )}
      <FormErrors id={`${name}-errors`} state={err} order={order} idOf={idOf} />
      {intro && <Paragraph>{intro}</Paragraph>}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby={title ? `${name}-heading` : undefined} aria-label={title ? undefined : formLabel || label}>
        {children({ values, set, errors: err?.errors || {}, idOf, submit, setValues })}
        <ButtonGroup>
          <Button type="submit" variant={variant} busy={busy}>{busy ? t.form.busy : label}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}

/** "Besluit van het overleg" (meeting_decision_id), when the case has overleg decisions. */
export function MeetingDecisionField({ c, id, value, onValue, error }) {
  const k = t.cases;
  const opts = meetingDecisionOptions(c);
  if (opts.length === 0) return null;
  return <SelectField id={id} label={k.fMeetingDecision} hint={k.fMeetingDecisionHint} value={value} onValue={onValue} error={error} placeholder={k.fMeetingDecisionNone} options={opts} optional />;
}
