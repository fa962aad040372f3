// Inzage (docs/inzage.md): the export for a data subject's right of access (AVG art. 15). Search by
// BSN or by name + birth date (exact matches only), confirm which of the found records are this
// person (a human decision, nothing is scored), compile a concept, let a second dossierhouder or
// the FG release it, then print the readable overview (print styles in app.css) or download the
// JSON. The list of overviews holds no personal data.
import { useEffect, useState } from 'preact/hooks';
import { get, post, api, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatDate, formatDateTime } from '../i18n/nl.js';
import {
  T, LIMITS, stateOf, emptySearch, validateSearch, candidateLabel, createBody, tableLabel, itemFacts, childLists,
  recipientRows,
} from '../inzage.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, Link, LinkButton, Alert, Table, Loading, TextField, CheckboxGroup, StatusBadge,
  DataList, Dialog, ErrorSummary, announce,
} from '../components/ui.jsx';

const BASE = '/app/inzage';
const apiPath = (id) => `/api/inzage/${encodeURIComponent(id)}`;

function Badge({ item }) {
  const s = stateOf(item);
  return <StatusBadge status={s.status}>{s.text}</StatusBadge>;
}

function SearchAndCreate() {
  const [values, setValues] = useState(emptySearch());
  const [errors, setErrors] = useState({});
  const [error, setError] = useState('');
  const [found, setFound] = useState(null);
  const [confirmed, setConfirmed] = useState([]);
  const [request, setRequest] = useState('');
  const [createErrors, setCreateErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setValues((o) => ({ ...o, [k]: v }));

  const search = async (e) => {
    e.preventDefault();
    const checked = validateSearch(values);
    setErrors(checked.errors);
    if (!checked.body) {
      setError(Object.values(checked.errors).join(' '));
      return;
    }
    setBusy(true);
    try {
      const r = await post('/api/inzage/search', checked.body);
      setFound(r.items || []);
      setConfirmed([]);
      setError('');
      announce(r.items?.length ? `${r.items.length} gevonden` : T.noneFound);
    } catch (err) {
      const v = errorView(err);
      setError(v.summary);
      setErrors(v.fields || {});
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    const checked = createBody(confirmed, request);
    setCreateErrors(checked.errors);
    if (!checked.body) return;
    setBusy(true);
    try {
      const r = await post('/api/inzage', checked.body);
      announce(T.created);
      navigate(`${BASE}/${encodeURIComponent(r.id)}`);
    } catch (err) {
      const v = errorView(err);
      setCreateErrors({ person_ids: v.summary });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="regie-section" aria-labelledby="iz-search-title">
      <Heading level={2} id="iz-search-title">{T.searchTitle}</Heading>
      <Paragraph>{T.searchIntro}</Paragraph>
      {error && <ErrorSummary id="iz-search-error" message={error} focusKey={error} />}
      <form class="utrecht-form regie-form regie-panel" noValidate onSubmit={search} aria-labelledby="iz-search-title">
        <TextField id="iz-bsn" label={T.fBsn} hint={T.fBsnHint} value={values.bsn} onValue={set('bsn')} error={errors.bsn} optional autocomplete="off" inputMode="numeric" maxLength={11} />
        <div class="regie-field-row">
          <TextField id="iz-name" label={T.fName} value={values.name} onValue={set('name')} error={errors.name} optional autocomplete="off" size="lg" maxLength={LIMITS.name} />
          <TextField id="iz-dob" label={T.fDob} hint={T.fDobHint} value={values.birth_date} onValue={set('birth_date')} error={errors.birth_date} optional autocomplete="off" size="date" />
        </div>
        <ButtonGroup>
          <Button type="submit" variant="secondary" busy={busy} id="iz-search">{T.search}</Button>
        </ButtonGroup>
      </form>
      {found && found.length === 0 && <Paragraph id="iz-none">{T.noneFound}</Paragraph>}
      {found && found.length > 0 && (
        <div class="regie-form regie-panel" id="iz-candidates">
          <CheckboxGroup
            id="iz-confirm"
            legend={T.candidatesTitle}
            hint={T.candidatesHint}
            options={found.map((c) => ({ value: String(c.person_id), label: candidateLabel(c) }))}
            values={confirmed}
            onValues={setConfirmed}
            error={createErrors.person_ids}
          />
          <TextField id="iz-request" label={T.fRequest} hint={T.fRequestHint} value={request} onValue={setRequest} error={createErrors.request_id} optional autocomplete="off" inputMode="numeric" />
          <ButtonGroup>
            <Button variant="primary" busy={busy} onClick={create} id="iz-create">{T.create}</Button>
          </ButtonGroup>
        </div>
      )}
    </section>
  );
}

export function Inzage() {
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const session = getState().session;
  useEffect(() => {
    get('/api/inzage')
      .then((r) => setList(r?.items || []))
      .catch((e) => setError(errorView(e).summary));
  }, []);
  return (
    <Page title={T.title} wide>
      <Paragraph lead>{T.intro}</Paragraph>
      {can(session, 'create.inzage') && <SearchAndCreate />}
      <section class="regie-section" aria-labelledby="iz-list-title">
        <Heading level={2} id="iz-list-title">{T.listTitle}</Heading>
        {error && <Alert type="error" id="iz-error"><Paragraph>{error}</Paragraph></Alert>}
        {!list && !error && <Loading />}
        {list && list.length === 0 && <Paragraph id="iz-list-none">{T.listNone}</Paragraph>}
        {list && list.length > 0 && (
          <Table
            id="iz-table"
            caption={T.listTitle}
            rows={list}
            rowKey={(x) => x.id}
            columns={[
              { key: 'id', label: 'Overzicht', render: (x) => <a class="utrecht-link utrecht-link--html-a" href={`${BASE}/${encodeURIComponent(x.id)}`}>{`${T.open}: inzage ${x.id}`}</a> },
              { key: 'created', label: T.cCreated, render: (x) => <span class="regie-nowrap">{formatDateTime(x.created_at)}</span> },
              { key: 'by', label: T.cBy, render: (x) => x.created_by?.name || '' },
              { key: 'status', label: T.cStatus, render: (x) => <Badge item={x} /> },
              { key: 'n', label: T.cItems, render: (x) => String(x.n_items) },
              { key: 'w', label: T.cWithheld, render: (x) => String(x.n_withheld) },
            ]}
          />
        )}
      </section>
    </Page>
  );
}

/** One item of the export with its nested lists (heading levels stop at 6). */
function Item({ it, level }) {
  const h = Math.min(level, 6);
  const H = `h${h}`;
  return (
    <div class="regie-inzage__item">
      <H class={`utrecht-heading-${h}`}>{tableLabel(it.table)}</H>
      {it.withheld && (
        <Alert type="warning">
          <Paragraph>{it.withheld_text}</Paragraph>
        </Alert>
      )}
      <DataList items={itemFacts(it)} />
      {childLists(it).map(([k, arr]) => (
        <div class="regie-inzage__list" key={k}>
          {arr.map((x) => <Item it={x} level={level + 1} key={`${x.table}-${x.id}`} />)}
        </div>
      ))}
      {it.case && <Item it={it.case} level={level + 1} />}
    </div>
  );
}

function ExportView({ exp }) {
  const rows = recipientRows(exp);
  return (
    <article class="regie-inzage" aria-labelledby="iz-print-title">
      <Heading level={2} id="iz-print-title">{T.printHeading}</Heading>
      <Paragraph>{T.printIntro(exp.controller?.name)}</Paragraph>
      <section aria-labelledby="iz-persons">
        <Heading level={3} id="iz-persons">{T.persons}</Heading>
        {(exp.persons || []).map((p) => (
          <DataList key={p.id} items={[['naam', p.name || ''], ['geboortedatum', p.birth_date ? formatDate(p.birth_date) : ''], ['BSN', p.bsn || ''], ['omschrijving', p.description || '']].filter(([, v]) => v)} />
        ))}
      </section>
      <section aria-labelledby="iz-signals">
        <Heading level={3} id="iz-signals">{T.signals}</Heading>
        {(exp.signals || []).length === 0 && <Paragraph>{T.none}</Paragraph>}
        {(exp.signals || []).map((s) => <Item it={s} level={4} key={s.id} />)}
      </section>
      <section aria-labelledby="iz-other">
        <Heading level={3} id="iz-other">{T.otherCases}</Heading>
        {(exp.other_cases || []).length === 0 && <Paragraph>{T.none}</Paragraph>}
        {(exp.other_cases || []).map((c, i) => (
          <div class="regie-inzage__item" key={i}>
            <Paragraph>{`${c.controller?.name || ''}: u bent niet de betrokkene van deze casus; alleen wat over u gaat staat hier.`}</Paragraph>
            {childLists(c).map(([k, arr]) => arr.map((x) => <Item it={x} level={4} key={`${k}-${x.id}`} />))}
          </div>
        ))}
      </section>
      <section aria-labelledby="iz-recipients">
        <Heading level={3} id="iz-recipients">{T.recipients}</Heading>
        {rows.length === 0 ? <Paragraph>{T.none}</Paragraph> : (
          <Table
            id="iz-recipients-table"
            caption={T.recipientsCaption}
            rows={rows}
            rowKey={(r) => r.key}
            small
            columns={[
              { key: 'date', label: 'Datum', render: (r) => <span class="regie-nowrap">{r.date}</span> },
              { key: 'org', label: 'Organisatie', render: (r) => r.org },
              { key: 'role', label: 'Rol', render: (r) => r.role },
              { key: 'action', label: 'Handeling', render: (r) => r.action },
              { key: 'purpose', label: 'Doel', render: (r) => r.purpose },
              { key: 'count', label: 'Aantal', render: (r) => String(r.count) },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="iz-withheld">
        <Heading level={3} id="iz-withheld">{T.withheld}</Heading>
        {(exp.withheld || []).length === 0 ? <Paragraph>{T.none}</Paragraph> : (
          <ul class="utrecht-unordered-list">
            {exp.withheld.map((w) => (
              <li class="utrecht-unordered-list__item" key={`${w.table}-${w.id}`}>{`${tableLabel(w.table)} (bron: ${w.source_organisation?.name || 'onbekend'}): ${w.text}`}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="iz-notes">
        <Heading level={3} id="iz-notes">{T.notes}</Heading>
        <ul class="utrecht-unordered-list">
          {(exp.notes || []).map((n, i) => <li class="utrecht-unordered-list__item" key={i}>{n}</li>)}
        </ul>
      </section>
    </article>
  );
}

function Approve({ item, onDone }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const session = getState().session;
  if (!can(session, 'update.inzage')) return null;
  const own = item.created_by?.id && item.created_by.id === session?.user?.id;
  const go = async () => {
    setBusy(true);
    try {
      await api('POST', `${apiPath(item.id)}/approve`);
      setOpen(false);
      announce(T.approved);
      await onDone();
    } catch (e) {
      setOpen(false);
      setError(errorView(e).summary);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="regie-section regie-no-print" aria-labelledby="iz-approve-title">
      <Heading level={2} id="iz-approve-title">{T.approveTitle}</Heading>
      <Paragraph>{own ? T.approveOwn : T.approveIntro}</Paragraph>
      {error && <Alert type="error" id="iz-approve-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {!own && (
        <>
          <ButtonGroup>
            <Button variant="primary" id="iz-approve-open" onClick={() => setOpen(true)}>{T.approve}</Button>
          </ButtonGroup>
          <Dialog id="iz-approve-dialog" open={open} title={T.approveConfirmTitle} onCancel={() => setOpen(false)}>
            <p class="utrecht-paragraph">{T.approveConfirmText}</p>
            <ButtonGroup>
              <Button variant="primary" onClick={go} busy={busy} id="iz-approve-confirm">{T.approveConfirm}</Button>
              <Button variant="secondary" data-autofocus onClick={() => setOpen(false)}>{T.cancel}</Button>
            </ButtonGroup>
          </Dialog>
        </>
      )}
    </section>
  );
}

export function InzageDetail({ id }) {
  const [item, setItem] = useState(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      setItem(await get(apiPath(id)));
      setError('');
    } catch (e) {
      setError(e?.status === 404 ? T.notFound : errorView(e).summary);
    }
  };
  useEffect(() => {
    load();
  }, [id]);
  if (error) {
    return (
      <Page title={T.detailTitle(id)}>
        <Alert type="error" id="iz-detail-error"><Paragraph>{error}</Paragraph></Alert>
        <Paragraph><Link href={BASE}>{T.back}</Link></Paragraph>
      </Page>
    );
  }
  if (!item) return <Page title={T.detailTitle(id)}><Loading /></Page>;
  const released = item.status === 'vrijgegeven';
  return (
    <Page title={T.detailTitle(item.id)} wide>
      <div class="regie-no-print">
        <Paragraph><Link href={BASE}>{T.back}</Link></Paragraph>
        <Paragraph>
          <Badge item={item} /> {T.meta(item.n_items, item.n_withheld)}
          {` Opgesteld door ${item.created_by?.name || ''} op ${formatDateTime(item.created_at)}.`}
          {released ? ` Vrijgegeven door ${item.approved_by?.name || ''} op ${formatDateTime(item.approved_at)}.` : ''}
        </Paragraph>
        {released ? (
          <ButtonGroup>
            <Button variant="primary" id="iz-print" onClick={() => window.print()}>{T.print}</Button>
            <LinkButton variant="secondary" id="iz-download" href={`${apiPath(item.id)}/export.json`} download={`inzage-${item.id}.json`}>{T.download}</LinkButton>
          </ButtonGroup>
        ) : (
          <Alert type="warning" id="iz-concept"><Paragraph>{T.conceptNote}</Paragraph></Alert>
        )}
      </div>
      {!released && <Approve item={item} onDone={load} />}
      {item.export && <ExportView exp={item.export} />}
    </Page>
  );
}
