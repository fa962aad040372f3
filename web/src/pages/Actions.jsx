// Acties: the work list of actions from meetings (GET /api/actions). "Mijn acties" for everyone;
// "Alle acties van de gemeente" for the dossierhouder and voorzitter. Late actions say so in
// text ("Te laat"), not by colour only. The status changes in a dialog (POST /api/actions/{id}).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDate, ACTION_STATUS_LABELS } from '../i18n/nl.js';
import { get, post, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { canListMunicipalityActions } from '../permissions.js';
import { formErrors } from '../signals.js';
import {
  parseActionsSearch, actionsSearch, actionsQuery, isOverdue, optionsOrTable, validateActionStatus, STATUS_FIELDS, actionStatusLabel,
  formatMediumDate, LIMITS,
} from '../meetings.js';
import {
  Page, Paragraph, Button, ButtonGroup, Alert, Table, Loading, SelectField, RadioGroup, TextArea, Dialog, ErrorSummary, announce,
} from '../components/ui.jsx';
import { loadMeetingOptions, ActionStatusBadge, OverdueBadge } from './MeetingParts.jsx';

function StatusDialog({ action, options, onClose, onSaved }) {
  const a = t.actions;
  const [values, setValues] = useState({ status: '', note: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setValues({ status: action?.status || '', note: '' });
    setErr(null);
  }, [action?.id]);
  const statuses = optionsOrTable(options?.action_statuses, ACTION_STATUS_LABELS);
  const errors = err?.errors || {};
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validateActionStatus(values);
    if (!v.body) {
      setErr((o) => ({ errors: v.errors, summary: '', focusKey: (o?.focusKey || 0) + 1 }));
      return;
    }
    setBusy(true);
    try {
      await post(`/api/actions/${encodeURIComponent(action.id)}`, v.body);
      onSaved(a.saved(actionStatusLabel(options, v.body.status).toLowerCase()));
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(STATUS_FIELDS), labels: { status: a.fNewStatus, note: a.fNote } });
      setErr((o) => ({ errors: v2.fields, summary: [v2.summary, ...v2.loose].filter(Boolean).join(' '), focusKey: (o?.focusKey || 0) + 1 }));
    } finally {
      setBusy(false);
    }
  };
  const items = STATUS_FIELDS.filter((k) => errors[k]).map((k) => ({ id: `as-${k}`, message: errors[k] }));
  return (
    <Dialog id="status-dialog" open={!!action} title={a.changeTitle} onCancel={onClose}>
      {action && (
        <>
          <p class="utrecht-paragraph regie-break" id="status-dialog-text">{action.description}</p>
          {err && <ErrorSummary id="status-errors" title={items.length ? t.form.errorSummaryTitle(items.length) : t.errors.unknown} message={err.summary} items={items} focusKey={err.focusKey} />}
          <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-label={a.changeTitle}>
            <RadioGroup id="as-status" legend={a.fNewStatus} options={statuses} value={values.status} onValue={(v) => setValues({ ...values, status: v })} error={errors.status} />
            <TextArea id="as-note" label={a.fNote} value={values.note} onValue={(v) => setValues({ ...values, note: v })} error={errors.note} optional rows={3} maxLength={LIMITS.note} />
            <ButtonGroup>
              <Button type="submit" busy={busy} data-autofocus>{busy ? t.form.busy : a.save}</Button>
              <Button variant="secondary" onClick={onClose}>{t.form.cancel}</Button>
            </ButtonGroup>
          </form>
        </>
      )}
    </Dialog>
  );
}

export function Actions({ search = '' }) {
  const a = t.actions;
  const session = getState().session;
  const municipality = canListMunicipalityActions(session);
  const filters = parseActionsSearch(search);
  if (!municipality) filters.scope = 'mine';
  const [scope, setScope] = useState(filters.scope);
  const [status, setStatus] = useState(filters.status);
  const [options, setOptions] = useState(null);
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(null);
  const [reloadKey, setReloadKey] = useState(0);
  const first = useRef(true);

  useEffect(() => {
    loadMeetingOptions().then(setOptions).catch(() => setOptions({}));
  }, []);
  useEffect(() => {
    let alive = true;
    setBusy(true);
    setScope(filters.scope);
    setStatus(filters.status);
    get(`/api/actions${actionsQuery(filters)}`)
      .then((r) => {
        if (!alive) return;
        const items = Array.isArray(r?.items) ? r.items : [];
        setList({ items, total: Number(r?.total ?? items.length) });
        setError('');
        if (!first.current && reloadKey === 0) document.getElementById('actions-count')?.focus();
        first.current = false;
      })
      .catch((e) => alive && setError(errorView(e).summary))
      .finally(() => alive && setBusy(false));
    return () => {
      alive = false;
    };
  }, [search, reloadKey]);

  const statusOptions = [...optionsOrTable(options?.action_statuses, ACTION_STATUS_LABELS), { value: 'all', label: a.statusAll }];
  const apply = (e) => {
    e.preventDefault();
    navigate(`/app/acties${actionsSearch({ scope, status })}`, { focus: false });
  };
  const items = list?.items || [];
  const showOwner = filters.scope === 'municipality';

  return (
    <Page title={a.title} wide>
      <Paragraph lead>{a.intro}</Paragraph>
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={apply} aria-labelledby="actions-filter-title">
        <h2 class="utrecht-heading-2" id="actions-filter-title">{a.filterTitle}</h2>
        {municipality && (
          <RadioGroup
            id="actions-scope"
            legend={a.fScope}
            options={[{ value: 'mine', label: a.scopeMine }, { value: 'municipality', label: a.scopeMunicipality }]}
            value={scope}
            onValue={setScope}
          />
        )}
        <SelectField id="actions-status" label={a.fStatus} value={status} onValue={setStatus} options={statusOptions} />
        <ButtonGroup>
          <Button type="submit" variant="secondary">{a.filter}</Button>
        </ButtonGroup>
      </form>
      {error && (
        <Alert type="error" id="actions-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="actions-count" tabIndex={-1} role="status">{items.length === 0 ? a.none : a.count(list.total)}</p>
          {items.length > 0 && (
            <Table
              id="actions-table"
              caption={a.caption}
              rows={items}
              rowKey={(x) => x.id}
              busy={busy}
              columns={[
                {
                  key: 'desc',
                  label: a.cDescription,
                  render: (x) => (
                    <span>
                      <span class="regie-break">{x.description}</span>
                      <span class="regie-cell-note">{x.item_title || a.itemHidden}</span>
                    </span>
                  ),
                },
                ...(showOwner ? [{ key: 'owner', label: a.cOwner, render: (x) => `${x.owner?.name || t.form.empty}${x.owner_org?.name ? `, ${x.owner_org.name}` : ''}` }] : []),
                {
                  key: 'due',
                  label: a.cDue,
                  render: (x) => (
                    <span class="regie-cell-stack">
                      <span class="regie-nowrap">{formatDate(x.due_date)}</span>
                      {isOverdue(x) && <OverdueBadge />}
                    </span>
                  ),
                },
                { key: 'status', label: a.cStatus, render: (x) => <ActionStatusBadge action={x} options={options} /> },
                {
                  key: 'meeting',
                  label: a.cMeeting,
                  render: (x) => (x.meeting?.id != null ? (
                    <a class="utrecht-link utrecht-link--html-a" href={`/app/overleggen/${encodeURIComponent(x.meeting.id)}`}>
                      {a.meetingLine(x.meeting.body_name || t.meetings.detailTitle, formatMediumDate(x.meeting.date))}
                    </a>
                  ) : t.form.empty),
                },
                {
                  key: 'change',
                  label: a.cChange,
                  render: (x) => (
                    <Button variant="secondary" aria-label={a.changeLabel(x.description)} onClick={() => setEditing(x)}>{a.change}</Button>
                  ),
                },
              ]}
            />
          )}
        </div>
      )}
      <StatusDialog
        action={editing}
        options={options}
        onClose={() => setEditing(null)}
        onSaved={(msg) => {
          setEditing(null);
          announce(msg);
          setReloadKey((k) => k + 1);
        }}
      />
    </Page>
  );
}
