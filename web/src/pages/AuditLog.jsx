// Toegangslogboek for the privacy officer (FG): search the access log, the break-glass queue, and
// the integrity check. Every search is itself logged by the server (the page says so).
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  t, label, formatTimestamp, formatDateTime, ROLE_LABELS, AUDIT_ACTION_LABELS, AUDIT_SEARCH_ACTIONS, AUDIT_OUTCOME_LABELS,
  AUDIT_OBJECT_LABELS, AUDIT_SUBJECT_TYPE_LABELS, AUDIT_VIEW_LABELS, AUDIT_VERIFY_STATUS_LABELS, formatList,
} from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import {
  validateAuditForm, auditQuery, nextBefore, shortPseudonym, formatLegalBasis, formatProcessing, PAGE_SIZE,
} from '../audit.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, Alert, Table, StatusBadge, Loading, TextField, SelectField, Fieldset,
  ErrorSummary, SubNav, DataList, announce,
} from '../components/ui.jsx';

const ids = {
  subject: 'log-subject', person_bsn: 'log-person-bsn', account: 'log-account', user: 'log-user', org: 'log-org',
  period: 'log-period', from: 'log-from', to: 'log-to', action: 'log-action',
};
const FIELD_ORDER = ['person_bsn', 'account', 'user', 'org', 'from', 'to', 'action'];
const EMPTY = { person_bsn: '', account: '', user: '', org: '', from: '', to: '', action: '' };
const OUTCOME_BADGE = { ok: 'valid', denied: 'invalid', error: 'warning' };

// The form and the last result survive a visit to another page (not a reload): the FG comes back
// to the same search. Nothing is kept in the URL or in web storage (a BSN does not belong there),
// and the memory is tied to the session (its CSRF token), so after logging out it is gone.
let kept = null;
const sessionKey = () => String(getState().session?.csrf_token || '');
const restore = () => (kept && kept.owner === sessionKey() ? kept : null);

const fieldLabels = () => ({
  person_bsn: t.audit.fPerson, bsn: t.audit.fPerson, account: t.audit.fAccount, user: t.audit.fUser, org: t.audit.fOrg,
  from: t.audit.fFrom, to: t.audit.fTo, action: t.audit.fAction,
});

function AuditNav({ current }) {
  return (
    <SubNav
      label={t.audit.views}
      current={current}
      links={[
        { href: '/app/logboek', label: t.audit.viewSearch },
        { href: '/app/logboek/break-glass', label: t.audit.viewQueue },
      ]}
    />
  );
}

/** One access-log record as table cells. `orgName` maps an organisation id to a name when known. */
function columns(orgName) {
  const attr = (r, k) => (r.attributes || {})[k];
  const empty = <span class="regie-muted">{t.form.empty}</span>;
  return [
    {
      key: 'time',
      label: t.audit.cTime,
      render: (r) => (
        <time id={`log-row-${r.seq}`} tabIndex={-1} dateTime={r.start_time} title={formatDateTime(r.start_time)}>
          {/* date and time may go on two lines, each stays whole */}
          {formatTimestamp(r.start_time).split(' ').map((part, i) => (
            <>{i > 0 && ' '}<span class="regie-nowrap">{part}</span></>
          ))}
        </time>
      ),
    },
    { key: 'action', label: t.audit.cAction, render: (r) => label(AUDIT_ACTION_LABELS, attr(r, 'regie.action') || r.name) },
    {
      key: 'outcome',
      label: t.audit.cOutcome,
      render: (r) => {
        const o = attr(r, 'regie.outcome') || (r.status_code === 'Ok' ? 'ok' : 'error');
        return <StatusBadge status={OUTCOME_BADGE[o] || 'neutral'}>{label(AUDIT_OUTCOME_LABELS, o)}</StatusBadge>;
      },
    },
    { key: 'user', label: t.audit.cUser, render: (r) => (attr(r, 'regie.user_id') ? t.audit.account(attr(r, 'regie.user_id')) : empty) },
    { key: 'org', label: t.audit.cOrg, render: (r) => (attr(r, 'regie.org_id') ? orgName(attr(r, 'regie.org_id')) : empty) },
    { key: 'role', label: t.audit.cRole, render: (r) => (attr(r, 'regie.role') ? label(ROLE_LABELS, attr(r, 'regie.role')) : empty) },
    {
      key: 'object',
      label: t.audit.cObject,
      render: (r) => {
        const type = attr(r, 'regie.object_type');
        const id = attr(r, 'regie.object_id');
        const fields = String(attr(r, 'regie.fields') || '');
        const cats = Array.isArray(attr(r, 'regie.categories')) ? attr(r, 'regie.categories') : [];
        const act = attr(r, 'regie.action') || r.name;
        const extra = act === 'log_view' && AUDIT_VIEW_LABELS[fields]
          ? AUDIT_VIEW_LABELS[fields]
          : fields ? t.audit.fields(fields.split(',').map((f) => f.trim()).filter(Boolean).join(', ')) : '';
        if (!type && !id) return empty;
        return (
          <>
            {type ? label(AUDIT_OBJECT_LABELS, type) : ''}
            {id ? ` ${id}` : ''}
            {extra && <span class="regie-cell-note">{extra}</span>}
            {cats.length > 0 && <span class="regie-cell-note">{t.audit.categories(formatList(cats.map(String)))}</span>}
          </>
        );
      },
    },
    {
      key: 'subject',
      label: t.audit.cSubject,
      render: (r) => {
        const id = attr(r, 'dpl.core.data_subject_id');
        if (!id) return empty;
        const kind = label(AUDIT_SUBJECT_TYPE_LABELS, attr(r, 'dpl.core.data_subject_id_type') || 'pseudonym');
        return (
          <span class="regie-subject" title={`${kind}: ${id}`} data-subject={id}>
            <span aria-hidden="true">
              {kind}
              <code class="utrecht-code regie-subject__id">{shortPseudonym(id)}</code>
            </span>
            <span class="regie-visually-hidden">{t.audit.subjectFull(kind, id)}</span>
          </span>
        );
      },
    },
    {
      key: 'processing',
      label: t.audit.cProcessing,
      render: (r) => {
        const p = formatProcessing(attr(r, 'dpl.core.processing_activity_id'));
        const purpose = attr(r, 'regie.purpose');
        if (!p && !purpose) return empty;
        return (
          <>
            {p}
            {purpose && <span class="regie-cell-note">{t.audit.purpose(purpose)}</span>}
          </>
        );
      },
    },
    { key: 'legal', label: t.audit.cLegal, render: (r) => formatLegalBasis(attr(r, 'regie.legal_basis')) || empty },
  ];
}

/** Results: heading (focused after a search), count, table and "Meer laden". */
function Results({ id, title, caption, noneText, result, focusKey, orgName, onMore, moreBusy }) {
  const headingRef = useRef(null);
  useEffect(() => {
    if (focusKey && headingRef.current) headingRef.current.focus();
  }, [focusKey]);
  const n = result.items.length;
  return (
    <section class="regie-section" id={id} aria-labelledby={`${id}-title`}>
      <h2 class="utrecht-heading-2" id={`${id}-title`} tabIndex={-1} ref={headingRef}>{title}</h2>
      <p class="utrecht-paragraph" id={`${id}-count`}>
        {n === 0 ? noneText : t.audit.count(n, result.next != null)}
      </p>
      {n > 0 && (
        <Table id={`${id}-table`} caption={caption} rows={result.items} rowKey={(r) => r.seq} columns={columns(orgName)} busy={moreBusy} compact small />
      )}
      {result.next != null ? (
        <ButtonGroup>
          <Button variant="secondary" onClick={onMore} busy={moreBusy} aria-describedby={`${id}-count`}>
            {moreBusy ? t.form.busy : t.audit.more}
          </Button>
        </ButtonGroup>
      ) : (
        n > 0 && result.pages > 1 && <Paragraph>{t.audit.noMore}</Paragraph>
      )}
    </section>
  );
}

/** Loads pages of GET /api/audit; keeps the parameters of the search for "Meer laden". */
function usePagedAudit(initial) {
  const [result, setResult] = useState(initial); // { params, queue, items, next, pages }
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState('');
  const fetchPage = async (params, queue, before) => {
    const r = await get(`/api/audit${auditQuery(params, { limit: PAGE_SIZE, before, queue: queue ? 'break_glass' : '' })}`);
    return { items: Array.isArray(r?.items) ? r.items : [], next: nextBefore(r) };
  };
  const more = async () => {
    if (!result || result.next == null || moreBusy) return;
    setMoreBusy(true);
    setMoreError('');
    try {
      const page = await fetchPage(result.params, result.queue, result.next);
      const seen = new Set(result.items.map((r) => r.seq));
      const fresh = page.items.filter((r) => !seen.has(r.seq));
      setResult({ ...result, items: [...result.items, ...fresh], next: page.next, pages: result.pages + 1 });
      announce(fresh.length ? t.audit.moreAdded(fresh.length) : t.audit.noMore);
      window.setTimeout(() => {
        const target = fresh.length ? document.getElementById(`log-row-${fresh[0].seq}`) : null;
        target?.focus();
      }, 0);
    } catch (e) {
      setMoreError(errorView(e).summary);
    } finally {
      setMoreBusy(false);
    }
  };
  return { result, setResult, fetchPage, more, moreBusy, moreError };
}

function useOrgNames() {
  const [orgs, setOrgs] = useState([]);
  useEffect(() => {
    get('/api/orgs').then((r) => setOrgs(Array.isArray(r?.items) ? r.items : [])).catch(() => {});
  }, []);
  const orgName = (id) => orgs.find((o) => String(o.id) === String(id))?.name || t.audit.org(id);
  return { orgs, orgName };
}

function IntegrityPanel() {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null); // { r, at }
  const [error, setError] = useState('');
  const [key, setKey] = useState(0);
  const check = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const r = await get('/api/audit/verify');
      setReport({ r: r || {}, at: new Date().toISOString() });
    } catch (e) {
      setReport(null);
      setError(errorView(e).summary);
    } finally {
      setBusy(false);
      setKey((k) => k + 1);
    }
  };
  const r = report?.r;
  const ok = r?.ok === true;
  const num = (v) => (typeof v === 'number' ? v.toLocaleString('nl-NL') : t.form.empty);
  return (
    <section class="regie-section regie-panel" aria-labelledby="verify-title">
      <Heading level={2} id="verify-title">{t.audit.verifyTitle}</Heading>
      <Paragraph>{t.audit.verifyIntro}</Paragraph>
      <ButtonGroup>
        <Button variant="secondary" onClick={check} busy={busy}>{busy ? t.form.busy : t.audit.verify}</Button>
      </ButtonGroup>
      {error && (
        <Alert type="error" id="verify-error" focusKey={key}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {r && (
        <Alert type={ok ? 'ok' : 'error'} id="verify-result" title={ok ? t.audit.verifyOk : t.audit.verifyBad} focusKey={key}>
          <Paragraph>{ok ? t.audit.verifyOkText : t.audit.verifyBadText}</Paragraph>
          <DataList
            items={[
              [t.audit.vStatus, label(AUDIT_VERIFY_STATUS_LABELS, r.status)],
              [t.audit.vRecords, num(r.records)],
              [t.audit.vSize, num(r.size)],
              [t.audit.vVerified, num(r.verified_size)],
              [t.audit.vCheckpoints, num(r.checkpoints_checked)],
              ...(typeof r.first_bad_position === 'number' && r.first_bad_position >= 0 ? [[t.audit.vFirstBad, num(r.first_bad_position)]] : []),
              [t.audit.vCheckedAt, formatDateTime(report.at)],
              [t.audit.vDetail, r.detail ? <code class="utrecht-code regie-break">{r.detail}</code> : t.form.empty],
            ]}
          />
        </Alert>
      )}
    </section>
  );
}

export function AuditLog() {
  const [values, setValues] = useState(() => restore()?.values || EMPTY);
  const [errors, setErrors] = useState({});
  const [group, setGroup] = useState('');
  const [summary, setSummary] = useState(null); // { title?, message?, items }
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [resultKey, setResultKey] = useState(0);
  const { orgs, orgName } = useOrgNames();
  const paged = usePagedAudit(restore()?.result || null);
  const { result, setResult } = paged;
  const canVerify = can(getState().session, 'read.audit_log');

  useEffect(() => {
    kept = { owner: sessionKey(), values, result };
  }, [values, result]);

  const set = (k) => (v) => setValues((old) => ({ ...old, [k]: v }));

  const fail = (fe, grp, sum) => {
    setErrors(fe);
    setGroup(grp);
    setSummary(sum);
    setFocusKey((k) => k + 1);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validateAuditForm(values);
    if (!v.params) {
      const items = [];
      if (v.group) items.push({ id: ids[v.filled[0]], message: v.group });
      for (const f of FIELD_ORDER) if (v.fields[f]) items.push({ id: ids[f], message: v.fields[f] });
      return fail(v.fields, v.group, { items });
    }
    setBusy(true);
    try {
      const page = await paged.fetchPage(v.params, false, null);
      setResult({ params: v.params, queue: false, ...page, pages: 1 });
      setErrors({});
      setGroup('');
      setSummary(null);
      setResultKey((k) => k + 1);
    } catch (err) {
      const view = errorView(err, {}, fieldLabels());
      const fe = { ...view.fields };
      if (fe.bsn) {
        fe.person_bsn = fe.person_bsn ? `${fe.bsn} ${fe.person_bsn}` : fe.bsn;
        delete fe.bsn;
      }
      const items = FIELD_ORDER.filter((f) => fe[f]).map((f) => ({ id: ids[f], message: fe[f] }));
      fail(fe, '', { items, message: view.summary, title: items.length ? undefined : t.errors.unknown });
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    setValues(EMPTY);
    setErrors({});
    setGroup('');
    setSummary(null);
    window.setTimeout(() => document.getElementById(ids.person_bsn)?.focus(), 0);
  };

  const groupInvalid = (f) => (group && String(values[f] || '').trim() ? 'true' : undefined);
  const orgHint = orgs.length
    ? t.audit.fOrgHintKnown(formatList(orgs.slice(0, 3).map((o) => `${o.id} (${o.name})`)))
    : t.audit.fOrgHint;

  return (
    <Page title={t.audit.title} wide>
      {summary && (
        <ErrorSummary title={summary.title} message={summary.message} items={summary.items} focusKey={focusKey} />
      )}
      <Paragraph lead>{t.audit.intro}</Paragraph>
      <AuditNav current="/app/logboek" />
      <Alert type="info" id="log-notice" title={t.audit.loggedTitle}>
        <Paragraph>{t.audit.loggedText}</Paragraph>
      </Alert>
      <section class="regie-section" aria-labelledby="log-search-title">
        <Heading level={2} id="log-search-title">{t.audit.searchTitle}</Heading>
        <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby="log-search-title">
          <Fieldset id={ids.subject} legend={t.audit.subjectLegend} hint={t.audit.subjectHint} error={group} optional>
            <TextField id={ids.person_bsn} name="person_bsn" label={t.audit.fPerson} hint={t.audit.fPersonHint} value={values.person_bsn} onValue={set('person_bsn')} error={errors.person_bsn} aria-invalid={errors.person_bsn ? 'true' : groupInvalid('person_bsn')} inputMode="numeric" autocomplete="off" size="md" />
            <TextField id={ids.account} name="account" label={t.audit.fAccount} hint={t.audit.fAccountHint} value={values.account} onValue={set('account')} error={errors.account} aria-invalid={errors.account ? 'true' : groupInvalid('account')} inputMode="numeric" autocomplete="off" size="date" />
            <TextField id={ids.user} name="user" label={t.audit.fUser} hint={t.audit.fUserHint} value={values.user} onValue={set('user')} error={errors.user} aria-invalid={errors.user ? 'true' : groupInvalid('user')} inputMode="numeric" autocomplete="off" size="date" />
            <TextField id={ids.org} name="org" label={t.audit.fOrg} hint={orgHint} value={values.org} onValue={set('org')} error={errors.org} aria-invalid={errors.org ? 'true' : groupInvalid('org')} inputMode="numeric" autocomplete="off" size="date" />
          </Fieldset>
          <Fieldset id={ids.period} legend={t.audit.periodLegend} hint={t.audit.periodHint} optional class="regie-fieldset-row">
            <div class="regie-field-row">
              <TextField id={ids.from} name="from" label={t.audit.fFrom} value={values.from} onValue={set('from')} error={errors.from} autocomplete="off" size="date" extraDescribedBy={`${ids.period}-hint`} />
              <TextField id={ids.to} name="to" label={t.audit.fTo} value={values.to} onValue={set('to')} error={errors.to} autocomplete="off" size="date" extraDescribedBy={`${ids.period}-hint`} />
            </div>
          </Fieldset>
          <SelectField
            id={ids.action}
            label={t.audit.fAction}
            value={values.action}
            onValue={set('action')}
            error={errors.action}
            placeholder={t.audit.fActionAll}
            options={AUDIT_SEARCH_ACTIONS.map((a) => ({ value: a, label: label(AUDIT_ACTION_LABELS, a) }))}
            optional
          />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{busy ? t.form.busy : t.audit.search}</Button>
            <Button variant="secondary" onClick={clear}>{t.audit.clear}</Button>
          </ButtonGroup>
        </form>
      </section>
      {paged.moreError && (
        <Alert type="error" id="log-more-error" focusKey={paged.moreError}>
          <Paragraph>{paged.moreError}</Paragraph>
        </Alert>
      )}
      {result && !result.queue && (
        <Results
          id="log-results"
          title={t.audit.resultsTitle}
          caption={t.audit.caption}
          noneText={t.audit.none}
          result={result}
          focusKey={resultKey}
          orgName={orgName}
          onMore={paged.more}
          moreBusy={paged.moreBusy}
        />
      )}
      {canVerify && <IntegrityPanel />}
    </Page>
  );
}

export function BreakGlassQueue() {
  const [error, setError] = useState('');
  const { orgName } = useOrgNames();
  const paged = usePagedAudit(null);
  const { result, setResult } = paged;

  useEffect(() => {
    paged.fetchPage({}, true, null)
      .then((page) => setResult({ params: {}, queue: true, ...page, pages: 1 }))
      .catch((e) => setError(errorView(e).summary));
  }, []);

  return (
    <Page title={t.audit.queueTitle} wide>
      <Paragraph lead>{t.audit.queueIntro}</Paragraph>
      <AuditNav current="/app/logboek/break-glass" />
      <Alert type="info" id="log-notice">
        <Paragraph>{t.audit.loggedQueue}</Paragraph>
      </Alert>
      {error && (
        <Alert type="error" id="queue-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {paged.moreError && (
        <Alert type="error" id="log-more-error" focusKey={paged.moreError}>
          <Paragraph>{paged.moreError}</Paragraph>
        </Alert>
      )}
      {!result && !error ? (
        <Loading />
      ) : (
        result && (
          <Results
            id="queue-results"
            title={t.audit.queueResultsTitle}
            caption={t.audit.queueCaption}
            noneText={t.audit.queueNone}
            result={result}
            focusKey={0}
            orgName={orgName}
            onMore={paged.more}
            moreBusy={paged.moreBusy}
          />
        )
      )}
    </Page>
  );
}
