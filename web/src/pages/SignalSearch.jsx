// Zoeken: signals by BSN, by name + birth date, or by words (whole words, all must occur). Only
// signals the caller may read come back, as links. Every search is logged by the server.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n/nl.js';
import { get } from '../api.js';
import { validateSearch, formErrors, fieldId } from '../signals.js';
import {
  Page, Paragraph, Button, ButtonGroup, Alert, Table, TextField, RadioGroup,
} from '../components/ui.jsx';
import { FormErrors, StateBadge, loadSignalOptions } from './SignalParts.jsx';

const PREFIX = 'zoek';
const id = (k) => fieldId(PREFIX, k);
const ORDER = ['mode', 'bsn', 'name', 'birth_date', 'q'];

// The last search survives a visit to a signal (memory only; a BSN never goes into the URL).
let kept = null;

export function SignalSearch() {
  const s = t.search;
  const [mode, setMode] = useState(kept?.mode || '');
  const [v, setV] = useState(kept?.v || { bsn: '', name: '', birth_date: '', q: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(kept?.result || null);
  const [resultKey, setResultKey] = useState(0);
  const [options, setOptions] = useState(null);
  const headingRef = useRef(null);
  const set = (k) => (x) => setV((old) => ({ ...old, [k]: x }));

  useEffect(() => {
    loadSignalOptions().then(setOptions).catch(() => setOptions({}));
  }, []);
  useEffect(() => {
    if (resultKey) headingRef.current?.focus();
  }, [resultKey]);

  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const r = validateSearch(mode, v);
    if (!r.query) return fail({ errors: r.errors, summary: '', loose: [] });
    setBusy(true);
    try {
      const data = await get(`/api/search${r.query}`);
      const items = Array.isArray(data?.items) ? data.items : [];
      const res = { items, count: Number(data?.count ?? items.length) };
      setErr(null);
      setResult(res);
      setResultKey((k) => k + 1);
      kept = { mode, v, result: res };
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(ORDER), labels: { bsn: s.fBsn, name: s.fName, birth_date: s.fBirth, q: s.fQ } });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
    } finally {
      setBusy(false);
    }
  };

  const errors = err?.errors || {};
  return (
    <Page title={s.title}>
      <FormErrors state={err} order={ORDER} idOf={id} />
      <Paragraph lead>{s.intro}</Paragraph>
      <Alert type="info" title={s.loggedTitle} id="search-logged">
        <Paragraph>{s.loggedText}</Paragraph>
      </Alert>
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-label={s.title} role="search">
        <RadioGroup
          id={id('mode')}
          legend={s.fMode}
          options={['bsn', 'name', 'q'].map((m) => ({ value: m, label: s.modes[m] }))}
          value={mode}
          onValue={setMode}
          error={errors.mode}
        />
        {mode === 'bsn' && (
          <TextField id={id('bsn')} label={s.fBsn} hint={s.fBsnHint} value={v.bsn} onValue={set('bsn')} error={errors.bsn} autocomplete="off" inputMode="numeric" size="md" />
        )}
        {mode === 'name' && (
          <>
            <TextField id={id('name')} label={s.fName} hint={s.fNameHint} value={v.name} onValue={set('name')} error={errors.name} autocomplete="off" size="lg" />
            <TextField id={id('birth_date')} label={s.fBirth} hint={t.form.dateHint} value={v.birth_date} onValue={set('birth_date')} error={errors.birth_date} autocomplete="off" size="date" />
          </>
        )}
        {mode === 'q' && (
          <TextField id={id('q')} label={s.fQ} hint={s.fQHint} value={v.q} onValue={set('q')} error={errors.q} autocomplete="off" size="lg" />
        )}
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : s.submit}</Button>
        </ButtonGroup>
      </form>
      {result && (
        <section class="regie-section" aria-labelledby="search-results-title">
          <h2 class="utrecht-heading-2" id="search-results-title" tabIndex={-1} ref={headingRef}>{s.resultsTitle}</h2>
          <p class="utrecht-paragraph" id="search-count">{result.items.length === 0 ? s.none : s.count(result.count)}</p>
          {result.items.length > 0 && (
            <Table
              id="search-table"
              caption={s.caption}
              rows={result.items}
              rowKey={(i) => `${i.signal_id}-${i.match}`}
              columns={[
                {
                  key: 'ref',
                  label: t.signals.cReference,
                  render: (i) => <a class="utrecht-link utrecht-link--html-a regie-nowrap" href={`/app/meldingen/${encodeURIComponent(i.signal_id)}`}>{i.reference}</a>,
                },
                { key: 'municipality', label: t.signals.cMunicipality, render: (i) => i.municipality?.name || t.form.empty },
                { key: 'state', label: t.signals.cState, render: (i) => <StateBadge item={i} options={options} /> },
                { key: 'received', label: t.signals.cReceived, render: (i) => formatDateTime(i.received_at) },
                { key: 'via', label: s.cVia, render: (i) => s.match[i.match] || i.match || t.form.empty },
                { key: 'case', label: s.cCase, render: (i) => (i.case_id ? t.signals.matchCase(i.case_id) : t.form.empty) },
              ]}
            />
          )}
        </section>
      )}
    </Page>
  );
}
