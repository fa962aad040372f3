// Shared pieces of the meeting screens: the options (GET /api/meeting-options, once per user),
// a small form with its own error summary and success message, and the badges (state, access,
// action status, overdue: always text, never colour only).
import { useState } from 'preact/hooks';
import { t, label, MEETING_ACCESS_LABELS } from '../i18n/nl.js';
import { get } from '../api.js';
import { getState } from '../session.js';
import { formErrors, fieldId } from '../signals.js';
import { meetingStateLabel, actionStatusLabel } from '../meetings.js';
import { Heading, Button, ButtonGroup, Alert, Paragraph, StatusBadge, announce } from '../components/ui.jsx';
import { FormErrors } from './SignalParts.jsx';

/** One-shot message for the meeting page after "Overleg plannen" (memory only, not in the URL). */
export const meetingFlash = { id: null, message: '' };
export function takeMeetingFlash(id) {
  if (meetingFlash.id == null || String(meetingFlash.id) !== String(id)) return '';
  const msg = meetingFlash.message;
  meetingFlash.id = null;
  meetingFlash.message = '';
  return msg;
}

let optionsCache = null; // { owner, promise }
/** GET /api/meeting-options, once per logged-in user; `fresh` reloads (after a new body). */
export function loadMeetingOptions({ fresh = false } = {}) {
  const owner = String(getState().session?.user?.id ?? '');
  if (fresh || !optionsCache || optionsCache.owner !== owner) {
    const promise = get('/api/meeting-options').catch((e) => {
      optionsCache = null;
      throw e;
    });
    optionsCache = { owner, promise };
  }
  return optionsCache.promise;
}

export function MeetingStateBadge({ meeting }) {
  return <StatusBadge status={meeting?.state === 'vastgesteld' ? 'valid' : 'active'}>{meetingStateLabel(meeting)}</StatusBadge>;
}

export function AccessBadge({ access }) {
  if (!access || access === 'full') return null;
  return <StatusBadge status={access === 'invited' ? 'warning' : 'neutral'}>{label(MEETING_ACCESS_LABELS, access)}</StatusBadge>;
}

export function ActionStatusBadge({ action, options }) {
  const code = action?.status;
  const text = action?.status_label || actionStatusLabel(options, code);
  return <StatusBadge status={code === 'gereed' ? 'valid' : code === 'vervallen' ? 'inactive' : 'active'}>{text}</StatusBadge>;
}

/** "Te laat" as a badge with text (WCAG 1.4.1: not colour only). */
export function OverdueBadge() {
  return <StatusBadge status="invalid"><span class="regie-overdue">{t.actions.overdue}</span></StatusBadge>;
}

/** Free text with line breaks kept (no raw HTML). */
export function Text({ text, id }) {
  return <p class="utrecht-paragraph regie-break regie-prewrap" id={id}>{String(text ?? '')}</p>;
}

/**
 * A small form: its own error summary (unique id), success message, and focus handling.
 * `validate(values)` → { errors, body }; `send(body)` posts it and returns the success message.
 * After a success the form is emptied (`initial`), unless `keep` (true, or a function old → new
 * values). `headingLevel` of the title.
 * children({ values, set, errors, idOf, submit }).
 */
export function MeetingForm({
  name, title, intro, fields, initial, validate, send, submitLabel, labels = {}, keep = false, headingLevel = 3, children, variant = 'secondary',
}) {
  const [values, setValues] = useState(initial);
  const [err, setErr] = useState(null);
  const [ok, setOk] = useState(null);
  const [busy, setBusy] = useState(false);
  const idOf = (k) => fieldId(name, k);
  const set = (k) => (v) => setValues((old) => ({ ...old, [k]: v }));
  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const order = typeof fields === 'function' ? fields(values) : fields;
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
    <div class="regie-section regie-meeting-form">
      {title && <Heading level={headingLevel} id={`${name}-heading`}>{title}</Heading>}
      {ok && (
        <Alert type="ok" id={`${name}-ok`} focusKey={ok.key}>
          <Paragraph>{ok.message}</Paragraph>
        </Alert>
      )}
      <FormErrors id={`${name}-errors`} state={err} order={order} idOf={idOf} />
      {intro && <Paragraph>{intro}</Paragraph>}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby={title ? `${name}-heading` : undefined} aria-label={title ? undefined : submitLabel}>
        {children({ values, set, errors: err?.errors || {}, idOf, submit, setValues })}
        <ButtonGroup>
          <Button type="submit" variant={variant} busy={busy}>{busy ? t.form.busy : submitLabel}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}

/**
 * A disclosure (<details>) around a form that is not always needed. The content stays rendered
 * while closed, so typed text is kept when the user closes and opens it again.
 */
export function Disclosure({ id, summary, children, initiallyOpen = false }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details class="regie-details" id={id} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary class="regie-details__summary">{summary}</summary>
      <div class="regie-details__body">{children}</div>
    </details>
  );
}
