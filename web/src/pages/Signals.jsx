// Meldingen: the work queue of the municipality (dossierhouder, voorzitter, burgemeester) with
// filters and paging, or "Mijn meldingen" (receipts) for a melder or partner. No names in lists.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDateTime, SIGNAL_ROUTE_LABELS, SIGNAL_STATE_LABELS } from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { canCreateSignal } from '../permissions.js';
import {
  parseListSearch, listSearch, signalsQuery, pageCount, optionList, optionLabel, isOfficer, PER_PAGE,
} from '../signals.js';
import {
  Page, Paragraph, Button, ButtonGroup, LinkButton, Alert, Table, StatusBadge, Loading, SelectField, Checkbox, Pager,
} from '../components/ui.jsx';
import { loadSignalOptions, StateBadge, Deadline } from './SignalParts.jsx';

const refLink = (item) => (
  <a class="utrecht-link utrecht-link--html-a regie-nowrap" href={`/app/meldingen/${encodeURIComponent(item.id)}`}>
    {item.reference}
  </a>
);

export function Signals({ search = '' }) {
  const session = getState().session;
  const officer = isOfficer(session);
  // a partner also sees the signals the organisation was invited to (full view when participant)
  const partner = !officer && (session?.user?.roles || []).includes('partner');
  const s = t.signals;
  const filters = parseListSearch(search);
  const [options, setOptions] = useState(null);
  const [result, setResult] = useState(null); // { items, total, page, per_page }
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState(filters.state);
  const [overdue, setOverdue] = useState(filters.overdue);
  const first = useRef(true);

  useEffect(() => {
    loadSignalOptions().then(setOptions).catch(() => setOptions({}));
  }, []);
  useEffect(() => {
    let alive = true;
    setBusy(true);
    setState(filters.state);
    setOverdue(filters.overdue);
    get(`/api/signals${signalsQuery({ state: officer ? filters.state : '', overdue: officer && filters.overdue, page: filters.page, per_page: PER_PAGE })}`)
      .then((r) => {
        if (!alive) return;
        setResult({ items: Array.isArray(r?.items) ? r.items : [], total: Number(r?.total ?? r?.items?.length ?? 0), page: Number(r?.page || filters.page), per_page: Number(r?.per_page || PER_PAGE) });
        setError('');
        if (!first.current) document.getElementById('signals-count')?.focus();
        first.current = false;
      })
      .catch((e) => alive && setError(errorView(e).summary))
      .finally(() => alive && setBusy(false));
    return () => {
      alive = false;
    };
  }, [search]);

  const apply = (e) => {
    e.preventDefault();
    navigate(`/app/meldingen${listSearch({ state, overdue, page: 1 })}`, { focus: false });
  };
  const clear = () => navigate('/app/meldingen', { focus: false });

  const title = officer || partner ? s.listTitle : s.mineTitle;
  const filtered = !!(filters.state || filters.overdue);
  const pages = result ? pageCount(result.total, result.per_page) : 1;
  const states = optionList(options?.states, SIGNAL_STATE_LABELS);
  const items = result?.items || [];

  const queueColumns = [
    { key: 'ref', label: s.cReference, render: refLink },
    { key: 'received', label: s.cReceived, render: (i) => formatDateTime(i.received_at) },
    { key: 'route', label: s.cRoute, render: (i) => i.route_label || optionLabel(options?.routes, i.route, SIGNAL_ROUTE_LABELS) || t.form.empty },
    { key: 'municipality', label: s.cMunicipality, render: (i) => i.municipality?.name || t.form.empty },
    {
      key: 'state',
      label: s.cState,
      render: (i) => (
        <span class="regie-cell-stack">
          <StateBadge item={i} options={options} />
          {i.restricted && <StatusBadge status="warning">{s.restricted}</StatusBadge>}
        </span>
      ),
    },
    { key: 'deadline', label: s.cDeadline, render: (i) => <Deadline item={i} /> },
    { key: 'subjects', label: s.cSubjects, render: (i) => (typeof i.subjects === 'number' ? String(i.subjects) : Array.isArray(i.subjects) ? String(i.subjects.length) : t.form.empty) },
    { key: 'acute', label: s.cAcute, render: (i) => (i.acute === true || i.acute?.danger ? <StatusBadge status="danger">{s.acute}</StatusBadge> : <span class="regie-muted">{s.notAcute}</span>) },
  ];
  const mineColumns = [
    { key: 'ref', label: s.cReference, render: refLink },
    { key: 'received', label: s.cReceived, render: (i) => formatDateTime(i.received_at) },
    ...(partner ? [{ key: 'municipality', label: s.cMunicipality, render: (i) => i.municipality?.name || t.form.empty }] : []),
    { key: 'state', label: s.cState, render: (i) => <StateBadge item={i} options={options} /> },
  ];

  return (
    <Page title={title} wide={officer}>
      <Paragraph lead>{officer ? s.listIntro : partner ? s.partnerIntro : s.mineIntro}</Paragraph>
      {canCreateSignal(session) && (
        <ButtonGroup>
          <LinkButton href="/app/meldingen/nieuw">{officer ? s.add : s.addMine}</LinkButton>
        </ButtonGroup>
      )}
      {officer && (
        <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={apply} aria-labelledby="signals-filter-title">
          <h2 class="utrecht-heading-2" id="signals-filter-title">{s.filterTitle}</h2>
          <div class="regie-field-row">
            <SelectField id="signals-state" label={s.fState} value={state} onValue={setState} placeholder={s.fStateAll} options={states} />
          </div>
          <Checkbox id="signals-overdue" label={s.fOverdue} checked={overdue} onChecked={setOverdue} />
          <ButtonGroup>
            <Button type="submit" variant="secondary">{s.filter}</Button>
            {filtered && <Button variant="subtle" onClick={clear}>{s.filterClear}</Button>}
          </ButtonGroup>
        </form>
      )}
      {error && (
        <Alert type="error" id="signals-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!result && !error && <Loading />}
      {result && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="signals-count" tabIndex={-1} role="status">
            {items.length === 0 ? (officer ? (filtered ? s.noneFiltered : s.none) : s.noneMine) : s.count(result.total)}
          </p>
          {items.length > 0 && (
            <Table
              id="signals-table"
              caption={officer || partner ? s.caption : s.mineCaption}
              rows={items}
              rowKey={(i) => i.id}
              columns={officer ? queueColumns : mineColumns}
              busy={busy}
              compact={officer}
            />
          )}
          <Pager
            label={s.pagination}
            page={result.page}
            pages={pages}
            hrefFor={(p) => `/app/meldingen${listSearch({ state: filters.state, overdue: filters.overdue, page: p })}`}
            prevLabel={s.prev}
            nextLabel={s.next}
            pageText={s.pageOf(result.page, pages)}
          />
        </div>
      )}
    </Page>
  );
}
