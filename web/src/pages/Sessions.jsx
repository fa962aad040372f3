import { useEffect, useState } from 'preact/hooks';
import { t, formatDateTime, describeClient } from '../i18n/nl.js';
import { get, del, errorView } from '../api.js';
import { Page, Paragraph, Button, ButtonGroup, Alert, Table, StatusBadge, Loading, announce } from '../components/ui.jsx';

export function Sessions() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const [errorKey, setErrorKey] = useState(0);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const r = await get('/api/sessions');
      setItems(Array.isArray(r?.items) ? r.items : []);
    } catch (e) {
      setError(errorView(e).summary);
      setErrorKey((k) => k + 1);
    }
  };
  useEffect(() => {
    load();
  }, []);

  const endOne = async (s) => {
    setBusy(true);
    setError('');
    try {
      await del(`/api/sessions/${encodeURIComponent(s.id)}`);
      setMessage(t.sessions.ended);
      announce(t.sessions.ended);
      await load();
      document.getElementById('page-title')?.focus();
    } catch (e) {
      setError(errorView(e).summary);
      setErrorKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };

  const endOthers = async () => {
    setBusy(true);
    setError('');
    try {
      await del('/api/sessions');
      setMessage(t.sessions.endedOthers);
      announce(t.sessions.endedOthers);
      await load();
    } catch (e) {
      setError(errorView(e).summary);
      setErrorKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };

  const others = (items || []).filter((s) => !s.current);
  const sorted = [...(items || [])].sort((a, b) => (b.current ? 1 : 0) - (a.current ? 1 : 0) || String(b.last_seen_at).localeCompare(String(a.last_seen_at)));

  return (
    <Page title={t.sessions.title}>
      <Paragraph lead>{t.sessions.intro}</Paragraph>
      {error && (
        <Alert type="error" id="sessions-error" focusKey={errorKey}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {message && !error && (
        <Alert type="ok" id="sessions-message">
          <Paragraph>{message}</Paragraph>
        </Alert>
      )}
      {items === null && !error ? (
        <Loading />
      ) : (
        items && (
          <>
            <Table
              id="sessions-table"
              caption={t.sessions.caption}
              rowKey={(s) => s.id}
              rows={sorted}
              busy={busy}
              columns={[
                {
                  key: 'created',
                  label: t.sessions.created,
                  render: (s) => (
                    <>
                      {formatDateTime(s.created_at)}
                      {s.current && (
                        <>
                          {' '}
                          <StatusBadge status="active">{t.sessions.current}</StatusBadge>
                        </>
                      )}
                    </>
                  ),
                },
                { key: 'last', label: t.sessions.lastSeen, render: (s) => formatDateTime(s.last_seen_at) },
                { key: 'client', label: t.sessions.client, render: (s) => <span title={s.client || ''}>{describeClient(s.client)}</span> },
                {
                  key: 'actions',
                  label: t.sessions.actions,
                  render: (s) =>
                    s.current ? (
                      <span class="regie-muted">{t.sessions.current}</span>
                    ) : (
                      <Button variant="secondary" onClick={() => endOne(s)} disabled={busy} aria-label={t.sessions.endLabel(formatDateTime(s.created_at))}>
                        {t.sessions.end}
                      </Button>
                    ),
                },
              ]}
            />
            {others.length > 0 ? (
              <ButtonGroup>
                <Button variant="secondary" onClick={endOthers} disabled={busy}>{t.sessions.endOthers}</Button>
              </ButtonGroup>
            ) : (
              <Paragraph>{t.sessions.none}</Paragraph>
            )}
          </>
        )
      )}
    </Page>
  );
}
