// Werklijst: the caller's open checklist tasks from all cases and actions from meetings
// (GET /api/worklist); the chair also sees every overdue task of the municipality. Late items
// come first and say so in text ("Te laat"), not by colour only. The list is paged: the first
// page shows, "Meer laden" adds the next one and moves the focus to its first row.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { sortWorklist, worklistWhat, worklistHref, worklistSummary, worklistQuery, mergeWorklist } from '../cases.js';
import { Page, Paragraph, Alert, Table, Loading, Link, Button, ButtonGroup, announce } from '../components/ui.jsx';
import { DueCell } from './CaseParts.jsx';

const rowId = (x) => `worklist-row-${x.kind}-${x.id}`;

export function Worklist() {
  const w = t.worklist;
  const [list, setList] = useState(null); // { items, total, page }
  const [error, setError] = useState('');
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState('');
  useEffect(() => {
    let alive = true;
    get(`/api/worklist${worklistQuery(1)}`)
      .then((r) => alive && setList({ items: sortWorklist(r?.items), total: Number(r?.total ?? r?.items?.length ?? 0), page: 1 }))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, []);
  const more = async () => {
    if (!list || moreBusy) return;
    setMoreBusy(true);
    setMoreError('');
    try {
      const r = await get(`/api/worklist${worklistQuery(list.page + 1)}`);
      const merged = mergeWorklist(list.items, r?.items);
      setList({ items: merged.items, total: Number(r?.total ?? list.total), page: list.page + 1 });
      announce(w.moreAdded(merged.fresh.length));
      window.setTimeout(() => {
        const target = merged.fresh.length ? document.getElementById(rowId(merged.fresh[0])) : null;
        target?.focus();
      }, 0);
    } catch (e) {
      setMoreError(errorView(e).summary);
    } finally {
      setMoreBusy(false);
    }
  };
  const items = list?.items || [];
  const sum = worklistSummary(items, list?.total);
  return (
    <Page title={w.title} wide>
      <Paragraph lead>{w.intro}</Paragraph>
      {error && (
        <Alert type="error" id="worklist-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {list && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="worklist-count" role="status">
            {items.length === 0 ? w.none : sum.more ? w.countPaged(sum.shown, sum.total, sum.late, sum.lateComplete) : w.count(sum.total, sum.late)}
          </p>
          {items.length > 0 && (
            <Table
              id="worklist-table"
              caption={w.caption}
              rows={items}
              rowKey={(x) => `${x.kind}-${x.id}`}
              busy={moreBusy}
              columns={[
                {
                  key: 'what',
                  label: w.cWhat,
                  render: (x) => (
                    <span id={rowId(x)} tabIndex={-1}>
                      <span class="regie-break">{worklistWhat(x)}</span>
                      {x.escalated && <span class="regie-cell-note">{w.escalated}{x.owner?.name ? `: ${x.owner.name}` : ''}</span>}
                    </span>
                  ),
                },
                { key: 'kind', label: w.cKind, render: (x) => (x.kind === 'task' ? w.kindTask : w.kindAction) },
                {
                  key: 'where',
                  label: w.cWhere,
                  render: (x) => {
                    const href = worklistHref(x);
                    if (!href) return <span class="regie-muted">{t.form.empty}</span>;
                    return <Link href={href} class="utrecht-link utrecht-link--html-a regie-nowrap">{x.kind === 'task' ? w.caseLink(x.case?.reference || '') : w.meetingLink}</Link>;
                  },
                },
                { key: 'due', label: w.cDue, render: (x) => <DueCell item={{ due_date: x.due_date, overdue: x.overdue, state: 'open' }} none={w.noDue} /> },
              ]}
            />
          )}
          {moreError && (
            <Alert type="error" id="worklist-more-error" focusKey={moreError}>
              <Paragraph>{moreError}</Paragraph>
            </Alert>
          )}
          {sum.more && (
            <ButtonGroup>
              <Button variant="secondary" onClick={more} busy={moreBusy} aria-describedby="worklist-count">
                {moreBusy ? t.form.busy : w.more}
              </Button>
            </ButtonGroup>
          )}
        </div>
      )}
    </Page>
  );
}
