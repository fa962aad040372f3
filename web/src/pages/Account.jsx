// Mijn account: change the own password (current + new + repeat). The server ends the user's other
// sessions; this one stays.
import { useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { post, errorView } from '../api.js';
import { passwordLength, checkPasswordChange } from '../passwords.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, TextField, ErrorSummary, Alert, Link, summaryItems, announce,
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
    </Page>
  );
}
