// Werklijst: the caller's open checklist tasks from all cases and actions from meetings
// (GET /api/worklist); the chair also sees every overdue task of the municipality. Late items
// come first and say so in text ("Te laat"), not by colour only.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, errorView } from '../api.js';
import { sortWorklist, worklistWhat, worklistHref, worklistCounts } from '../cases.js';
import { Page, Paragraph, Alert, Table, Loading, Link } from '../components/ui.jsx';
import { DueCell } from './CaseParts.jsx';

export function Worklist() {
  const w = t.worklist;
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    get('/api/worklist')
      .then((r) => alive && setItems(sortWorklist(r?.items)))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, []);
  const counts = worklistCounts(items || []);
  return (
    <Page title={w.title} wide>
      <Paragraph lead>{w.intro}</Paragraph>
      {error && (
        <Alert type="error" id="worklist-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!items && !error && <Loading />}
      {items && (
        <div class="regie-section">
          <p class="utrecht-paragraph" id="worklist-count" role="status">{items.length === 0 ? w.none : w.count(counts.total, counts.late)}</p>
          {items.length > 0 && (
            <Table
              id="worklist-table"
              caption={w.caption}
              rows={items}
              rowKey={(x) => `${x.kind}-${x.id}`}
              columns={[
                {
                  key: 'what',
                  label: w.cWhat,
                  render: (x) => (
                    <span>
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
        </div>
      )}
    </Page>
  );
}
