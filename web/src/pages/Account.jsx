// Mijn account: change the own password (current + new + repeat). The server ends the user's other
// sessions; this one stays. Below it the optional daily e-mail digest (counts only; src/digest.js).
import { useState, useEffect } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { api, get, post, errorView } from '../api.js';
import { passwordLength, checkPasswordChange } from '../passwords.js';
import { DT, checkDigest, digestBody, digestForm, digestStatus } from '../digest.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, TextField, Checkbox, ErrorSummary, Alert, Link, summaryItems, announce,
} from '../components/ui.jsx';

const ids = { current_password: 'pw-current', new_password: 'pw-new', confirm: 'pw-confirm' };

export function Account() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);

  const fail = (fe, sum = {}) => {
    setErrors(fe);
    setSummary(sum);
    setFocusKey((k) => k + 1);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    setDone(0);
    const fe = checkPasswordChange({ current, next, confirm });
    if (Object.keys(fe).length) return fail(fe);
    setBusy(true);
    try {
      await post('/api/account/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setErrors({});
      setSummary(null);
      setDone((d) => d + 1);
      announce(t.account.done);
    } catch (err) {
      const v = errorView(err, {}, { current_password: t.account.current, new_password: t.account.next });
      const fieldsFound = Object.keys(v.fields).length > 0;
      // a wrong current password: empty that field so the user types it again
      if (v.fields.current_password) setCurrent('');
      fail(v.fields, { message: fieldsFound ? undefined : v.summary, title: fieldsFound ? undefined : t.errors.unknown });
    } finally {
      setBusy(false);
    }
  };

  const items = summaryItems(errors, ['current_password', 'new_password', 'confirm'], (n) => ids[n] || `pw-${n}`);
  const n = passwordLength(next);

  return (
    <Page title={t.account.title}>
      {summary && <ErrorSummary title={summary.title} message={summary.message} items={items} focusKey={focusKey} />}
      {done > 0 && (
        <Alert type="ok" title={t.account.done} id="pw-done" focusKey={done}>
          <Paragraph>{t.account.doneText}</Paragraph>
          <Paragraph><Link href="/app/sessies">{t.account.sessionsLink}</Link></Paragraph>
        </Alert>
      )}
      <Paragraph lead>{t.account.intro}</Paragraph>
      <section class="regie-section" aria-labelledby="pw-title">
        <Heading level={2} id="pw-title">{t.account.pwTitle}</Heading>
        <Paragraph>{t.account.pwIntro}</Paragraph>
        <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby="pw-title">
          <TextField id={ids.current_password} name="current_password" type="password" label={t.account.current} value={current} onValue={setCurrent} error={errors.current_password} autocomplete="current-password" size="md" />
          <TextField
            id={ids.new_password}
            name="new_password"
            type="password"
            label={t.account.next}
            hint={t.activate.passwordRule}
            value={next}
            onValue={setNext}
            error={errors.new_password}
            autocomplete="new-password"
            size="md"
            extraDescribedBy="pw-new-count"
            after={<p class="utrecht-paragraph utrecht-paragraph--small regie-count" id="pw-new-count">{t.activate.passwordCount(n)}</p>}
          />
          <TextField id={ids.confirm} name="confirm" type="password" label={t.account.confirm} value={confirm} onValue={setConfirm} error={errors.confirm} autocomplete="new-password" size="md" />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{busy ? t.form.busy : t.account.submit}</Button>
          </ButtonGroup>
        </form>
      </section>
      <DigestSection />
    </Page>
  );
}

const dIds = { enabled: 'digest-enabled', email: 'digest-email' };

/** "Dagelijkse samenvatting per e-mail": switch the own digest on or off and set its address. */
function DigestSection() {
  const [settings, setSettings] = useState(null);
  const [loadError, setLoadError] = useState('');
  const [enabled, setEnabled] = useState(false);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(0);

  useEffect(() => {
    let live = true;
    get('/api/account/digest')
      .then((s) => {
        if (!live) return;
        setSettings(s);
        const f = digestForm(s);
        setEnabled(f.enabled);
        setEmail(f.email);
      })
      .catch(() => live && setLoadError(DT.loadFailed));
    return () => {
      live = false;
    };
  }, []);

  const fail = (fe, sum = {}) => {
    setErrors(fe);
    setSummary(sum);
    setSaved(0);
    setFocusKey((k) => k + 1);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const form = { enabled, email };
    const fe = checkDigest(form);
    if (Object.keys(fe).length) return fail(fe);
    setBusy(true);
    try {
      const s = await api('PUT', '/api/account/digest', digestBody(form));
      setSettings(s);
      setErrors({});
      setSummary(null);
      setSaved((n) => n + 1);
      announce(DT.saved);
    } catch (err) {
      const v = errorView(err, {}, { email: DT.email, enabled: DT.enabled });
      const fieldsFound = Object.keys(v.fields).length > 0;
      fail(v.fields, { message: fieldsFound ? undefined : v.summary, title: fieldsFound ? DT.errorTitle : t.errors.unknown });
    } finally {
      setBusy(false);
    }
  };

  const items = summaryItems(errors, ['enabled', 'email'], (n) => dIds[n] || `digest-${n}`);
  return (
    <section class="regie-section" aria-labelledby="digest-title">
      <Heading level={2} id="digest-title">{DT.title}</Heading>
      <Paragraph>{DT.intro}</Paragraph>
      {loadError && <Alert type="error" id="digest-load-error"><Paragraph>{loadError}</Paragraph></Alert>}
      {settings && (
        <div id="digest-status" class="regie-break">
          {digestStatus(settings).map((line) => <Paragraph key={line}>{line}</Paragraph>)}
        </div>
      )}
      {summary && <ErrorSummary id="digest-error-summary" title={summary.title} message={summary.message} items={items} focusKey={focusKey} />}
      {saved > 0 && (
        <Alert type="ok" title={DT.saved} id="digest-saved" focusKey={saved}>
          <Paragraph>{settings?.enabled ? DT.savedOn(settings?.hour ?? 7) : DT.savedOff}</Paragraph>
        </Alert>
      )}
      {!loadError && (
        <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby="digest-title">
          <Checkbox id={dIds.enabled} name="enabled" label={DT.enabled} hint={DT.enabledHint} checked={enabled} onChecked={setEnabled} error={errors.enabled} />
          <TextField id={dIds.email} name="email" type="email" label={DT.email} hint={DT.emailHint} value={email} onValue={setEmail} error={errors.email} autocomplete="email" size="md" maxLength={300} />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{busy ? t.form.busy : DT.submit}</Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}
