// Casussen: the cases the caller may see (GET /api/cases), filtered by phase and flag, one page at
// a time (?pagina=2, "Vorige pagina"/"Volgende pagina" links as on Meldingen). The list holds no
// names (docs/cases.md): reference, phase, flags, casusregisseur, next review and the open and
// overdue checklist counts ("te laat" in text, not colour only).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, CASE_STATE_LABELS, CASE_FLAG_LABELS } from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { navigate } from '../router.js';
import { parseCasesSearch, casesSearch, casesQuery, listPages, optionsOrTable, formatMediumDate, CASES_PER_PAGE } from '../cases.js';
import {
  Page, Paragraph, Button, ButtonGroup, Alert, Table, Loading, SelectField, Pager,
} from '../components/ui.jsx';
import { loadCaseOptions, caseHref, CaseStateBadge, FlagTags, LateBadge } from './CaseParts.jsx';

export function Cases({ search = '' }) {
  const k = t.cases;
  const filters = parseCasesSearch(search);
  const [state, setState] = useState(filters.state);
  const [flag, setFlag] = useState(filters.flag);
  const [options, setOptions] = useState(null);
  const [list, setList] = useState(null); // { items, total, page, per_page }
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    loadCaseOptions().then(setOptions).catch(() => setOptions({}));
  }, []);
  useEffect(() => {
    let alive = true;
    setBusy(true);
    setState(filters.state);
    setFlag(filters.flag);
    get(`/api/cases${casesQuery({ ...filters, per_page: CASES_PER_PAGE })}`)
      .then((r) => {
        if (!alive) return;
        const items = Array.isArray(r?.items) ? r.items : [];
        setList({ items, total: Number(r?.total ?? items.length), page: Number(r?.page || filters.page), per_page: Number(r?.per_page || CASES_PER_PAGE) });
        setError('');
        if (!first.current) document.getElementById('cases-count')?.focus();
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
    navigate(`/app/casussen${casesSearch({ state, flag, page: 1 })}`, { focus: false });
  };
  const items = list?.items || [];
  const pages = list ? listPages(list.total, list.per_page) : 1;
  return (
    <Page title={k.listTitle} wide>
      <Paragraph lead>{k.listIntro}</Paragraph>
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={apply} aria-labelledby="cases-filter-title">
        <h2 class="utrecht-heading-2" id="cases-filter-title">{k.filterTitle}</h2>
        <div class="regie-field-row">
          <SelectField id="cases-state" label={k.fState} value={state} onValue={setState} placeholder={k.allStates} options={optionsOrTable(options?.states, CASE_STATE_LABELS)} />
          <SelectField id="cases-flag" label={k.fFlag} value={flag} onValue={setFlag} placeholder={k.allFlags} options={optionsOrTable(options?.flags, CASE_FLAG_LABELS)} />
        </div>
        <ButtonGroup>
          <Button type="submit" variant="secondary">{k.filter}</Button>
        </ButtonGroup>
      </form>
      {error && (
        <Alert type="error" id="cases-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="cases-count" tabIndex={-1} role="status">{items.length === 0 ? k.none : k.count(list.total)}</p>
          {items.length > 0 && (
            <Table
              id="cases-table"
              caption={k.caption}
              rows={items}
              rowKey={(x) => x.id}
              busy={busy}
              columns={[
                { key: 'ref', label: k.cReference, render: (x) => <a class="utrecht-link utrecht-link--html-a regie-nowrap" href={caseHref(x.id)}>{x.reference}</a> },
                { key: 'state', label: k.cState, render: (x) => <CaseStateBadge c={x} options={options} /> },
                { key: 'flags', label: k.cFlags, render: (x) => <FlagTags flags={x.flags} options={options} none={k.noFlags} /> },
                { key: 'regisseur', label: k.cRegisseur, render: (x) => x.casusregisseur?.name || t.form.empty },
                { key: 'review', label: k.cReview, render: (x) => (x.next_review_date ? <span class="regie-nowrap">{formatMediumDate(x.next_review_date)}</span> : <span class="regie-muted">{k.noReview}</span>) },
                { key: 'open', label: k.cOpen, render: (x) => String(x.open_tasks ?? 0) },
                { key: 'late', label: k.cOverdue, render: (x) => (x.overdue_tasks > 0 ? <LateBadge text={k.overdueCount(x.overdue_tasks)} /> : '0') },
              ]}
            />
          )}
          <Pager
            label={k.pagination}
            page={list.page}
            pages={pages}
            hrefFor={(p) => `/app/casussen${casesSearch({ state: filters.state, flag: filters.flag, page: p })}`}
            prevLabel={k.prev}
            nextLabel={k.next}
            pageText={k.pageOf(list.page, pages)}
          />
        </div>
      )}
    </Page>
  );
}
