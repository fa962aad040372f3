import { useEffect, useState } from 'preact/hooks';
import {
  t, ORG_KIND_LABELS, INSTRUMENT_LABELS, INSTRUMENT_STATUS_LABELS, label, formatDate, parseDutchDate,
} from '../i18n/nl.js';
import { get, post, patch, errorView } from '../api.js';
import { navigate } from '../router.js';
import {
  Page, Paragraph, Button, ButtonGroup, LinkButton, Alert, Table, StatusBadge, Loading, TextField, SelectField,
  ErrorSummary, summaryItems, DataList, announce,
} from '../components/ui.jsx';

const opts = (table) => Object.entries(table).map(([value, lbl]) => ({ value, label: lbl }));

// Message shown on the list page after saving (kept in memory across the navigation).
let flash = '';

export function AdminOrgs() {
  const [orgs, setOrgs] = useState(null);
  const [regions, setRegions] = useState([]);
  const [error, setError] = useState('');
  const [message] = useState(() => {
    const m = flash;
    flash = '';
    return m;
  });

  useEffect(() => {
    Promise.all([get('/api/orgs'), get('/api/regions').catch(() => ({ items: [] }))])
      .then(([o, r]) => {
        setOrgs(Array.isArray(o?.items) ? o.items : []);
        setRegions(Array.isArray(r?.items) ? r.items : []);
      })
      .catch((e) => setError(errorView(e).summary));
  }, []);

  const regionName = (id) => regions.find((r) => String(r.id) === String(id))?.name || (id ? String(id) : t.form.empty);

  return (
    <Page title={t.orgs.title} wide>
      <Paragraph lead>{t.orgs.intro}</Paragraph>
      {error && (
        <Alert type="error" id="orgs-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {message && (
        <Alert type="ok" id="orgs-message">
          <Paragraph>{message}</Paragraph>
        </Alert>
      )}
      <ButtonGroup>
        <LinkButton href="/app/beheer/organisaties/nieuw">{t.orgs.add}</LinkButton>
      </ButtonGroup>
      {orgs === null && !error ? (
        <Loading />
      ) : orgs && orgs.length === 0 ? (
        <Paragraph>{t.orgs.none}</Paragraph>
      ) : (
        orgs && (
          <Table
            id="orgs-table"
            caption={t.orgs.caption}
            rows={orgs}
            rowKey={(o) => o.id}
            columns={[
              { key: 'name', label: t.orgs.name, render: (o) => o.name },
              { key: 'kind', label: t.orgs.kind, render: (o) => label(ORG_KIND_LABELS, o.kind) },
              { key: 'region', label: t.orgs.region, render: (o) => regionName(o.region_id) },
              { key: 'instrument', label: t.orgs.instrument, render: (o) => label(INSTRUMENT_LABELS, o.instrument) },
              { key: 'date', label: t.orgs.instrumentDate, render: (o) => formatDate(o.instrument_date) || t.form.empty },
              { key: 'status', label: t.orgs.instrumentStatus, render: (o) => label(INSTRUMENT_STATUS_LABELS, o.instrument_status) },
              {
                key: 'access',
                label: t.orgs.access,
                render: (o) => (o.access_ok ? <StatusBadge status="valid">{t.orgs.accessOk}</StatusBadge> : <StatusBadge status="invalid">{t.orgs.accessBlocked}</StatusBadge>),
              },
              {
                key: 'actions',
                label: t.orgs.actions,
                render: (o) => (
                  <a class="utrecht-link utrecht-link--html-a" href={`/app/beheer/organisaties/${encodeURIComponent(o.id)}`}>
                    {t.orgs.edit}
                    <span class="regie-visually-hidden">{t.orgs.editHidden(o.name)}</span>
                  </a>
                ),
              },
            ]}
          />
        )
      )}
    </Page>
  );
}

const ids = {
  name: 'org-name', kind: 'org-kind', region_id: 'org-region', instrument: 'org-instrument',
  instrument_date: 'org-date', instrument_status: 'org-status',
};

/** New organisation (id undefined) or change of the covenant fields of an existing one. */
export function OrgForm({ id }) {
  const isNew = !id;
  const [org, setOrg] = useState(null);
  const [regions, setRegions] = useState([]);
  const [loadError, setLoadError] = useState('');
  const [f, setF] = useState({ name: '', kind: '', region_id: '', instrument: '', instrument_date: '', instrument_status: '' });
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const setField = (k) => (v) => setF((old) => ({ ...old, [k]: v }));

  useEffect(() => {
    const jobs = [get('/api/regions').catch(() => ({ items: [] }))];
    if (!isNew) jobs.push(get('/api/orgs'));
    Promise.all(jobs)
      .then(([r, o]) => {
        setRegions(Array.isArray(r?.items) ? r.items : []);
        if (!isNew) {
          const found = (o?.items || []).find((x) => String(x.id) === String(id));
          if (!found) {
            setLoadError(t.orgs.notFound);
            return;
          }
          setOrg(found);
          setF({
            name: found.name || '',
            kind: found.kind || '',
            region_id: found.region_id != null ? String(found.region_id) : '',
            instrument: found.instrument || '',
            instrument_date: formatDate(found.instrument_date),
            instrument_status: found.instrument_status || '',
          });
        }
      })
      .catch((e) => setLoadError(errorView(e).summary));
  }, [id]);

  const fail = (fe, sum = {}) => {
    setErrors(fe);
    setSummary(sum);
    setFocusKey((k) => k + 1);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const fe = {};
    if (isNew) {
      if (!f.name.trim()) fe.name = t.orgs.nameRequired;
      if (!f.kind) fe.kind = t.orgs.kindRequired;
      if (!f.region_id && regions.length > 0) fe.region_id = t.orgs.regionRequired;
    }
    if (!f.instrument) fe.instrument = t.orgs.instrumentRequired;
    let date = null;
    if (f.instrument_date.trim()) {
      date = parseDutchDate(f.instrument_date);
      if (!date) fe.instrument_date = t.orgs.dateInvalid;
    }
    if (!f.instrument_status) fe.instrument_status = t.orgs.statusRequired;
    if (Object.keys(fe).length) return fail(fe);
    const covenant = { instrument: f.instrument, instrument_date: date, instrument_status: f.instrument_status };
    setBusy(true);
    try {
      let saved;
      if (isNew) {
        const region = regions.find((r) => String(r.id) === f.region_id);
        saved = await post('/api/orgs', { name: f.name.trim(), kind: f.kind, region_id: region ? region.id : f.region_id || null, ...covenant });
      } else {
        saved = await patch(`/api/orgs/${encodeURIComponent(id)}`, covenant);
      }
      flash = t.orgs.saved(saved?.name || f.name || org?.name || '');
      announce(flash);
      navigate('/app/beheer/organisaties');
    } catch (err) {
      const v = errorView(err, {}, {
        name: t.orgs.fName, kind: t.orgs.fKind, region_id: t.orgs.fRegion, instrument: t.orgs.fInstrument,
        instrument_date: t.orgs.fDate, instrument_status: t.orgs.fStatus,
      });
      fail(v.fields, { message: v.summary });
      setBusy(false);
    }
  };

  const title = isNew ? t.orgs.newTitle : t.orgs.editTitle(org?.name || '');
  if (loadError) {
    return (
      <Page title={isNew ? t.orgs.newTitle : t.orgs.edit}>
        <Alert type="error" id="org-load-error">
          <Paragraph>{loadError}</Paragraph>
        </Alert>
        <LinkButton href="/app/beheer/organisaties" variant="secondary">{t.orgs.backToList}</LinkButton>
      </Page>
    );
  }
  if (!isNew && !org) {
    return (
      <Page title={t.orgs.edit}>
        <Loading />
      </Page>
    );
  }
  const items = summaryItems(errors, Object.keys(ids), (n) => ids[n] || `org-${n}`);
  return (
    <Page title={title}>
      {summary && <ErrorSummary message={summary.message} items={items} focusKey={focusKey} title={items.length ? undefined : t.errors.unknown} />}
      {!isNew && (
        <DataList
          items={[
            [t.orgs.name, org.name],
            [t.orgs.kind, label(ORG_KIND_LABELS, org.kind)],
            [t.orgs.region, regions.find((r) => String(r.id) === String(org.region_id))?.name || t.form.empty],
          ]}
        />
      )}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit}>
        {isNew && (
          <>
            <TextField id={ids.name} name="name" label={t.orgs.fName} value={f.name} onValue={setField('name')} error={errors.name} autocomplete="organization" size="lg" />
            <SelectField id={ids.kind} label={t.orgs.fKind} value={f.kind} onValue={setField('kind')} error={errors.kind} placeholder={t.orgs.fChoose} options={opts(ORG_KIND_LABELS)} />
            <SelectField
              id={ids.region_id}
              label={t.orgs.fRegion}
              value={f.region_id}
              onValue={setField('region_id')}
              error={errors.region_id}
              placeholder={t.orgs.fChoose}
              options={regions.map((r) => ({ value: String(r.id), label: r.name }))}
            />
          </>
        )}
        <SelectField id={ids.instrument} label={t.orgs.fInstrument} hint={t.orgs.fInstrumentHint} value={f.instrument} onValue={setField('instrument')} error={errors.instrument} placeholder={t.orgs.fChoose} options={opts(INSTRUMENT_LABELS)} />
        <TextField id={ids.instrument_date} name="instrument_date" label={t.orgs.fDate} hint={t.form.dateHint} value={f.instrument_date} onValue={setField('instrument_date')} error={errors.instrument_date} optional autocomplete="off" size="date" />
        <SelectField id={ids.instrument_status} label={t.orgs.fStatus} value={f.instrument_status} onValue={setField('instrument_status')} error={errors.instrument_status} placeholder={t.orgs.fChoose} options={opts(INSTRUMENT_STATUS_LABELS)} />
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : t.form.save}</Button>
          <Button variant="secondary" onClick={() => navigate('/app/beheer/organisaties')}>{t.form.cancel}</Button>
        </ButtonGroup>
      </form>
    </Page>
  );
}
