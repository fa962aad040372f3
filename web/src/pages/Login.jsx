import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { post, errorView } from '../api.js';
import { loggedIn, takeReturnTo, clearNotice } from '../session.js';
import { navigate } from '../router.js';
import { Page, Paragraph, Heading, Button, ButtonGroup, TextField, ErrorSummary, Alert, Link, summaryItems } from '../components/ui.jsx';

const ids = { username: 'login-username', password: 'login-password', totp: 'login-code' };

/** Normalises a typed code: keep digits only (users paste "123 456"). */
export function cleanCode(v) {
  return String(v || '').replace(/[\s-]/g, '');
}

export function Login({ notice }) {
  const [step, setStep] = useState(1);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [shownNotice] = useState(notice);

  useEffect(() => {
    if (notice) clearNotice();
  }, []);

  useEffect(() => {
    if (step === 2 && !summary) document.getElementById(ids.totp)?.focus();
  }, [step]);

  const fail = (fieldErrors, sum = null) => {
    setErrors(fieldErrors);
    setSummary(sum || {});
    setFocusKey((k) => k + 1);
  };

  const submitStep1 = (e) => {
    e.preventDefault();
    const fe = {};
    if (!username.trim()) fe.username = t.login.usernameRequired;
    if (!password) fe.password = t.login.passwordRequired;
    if (Object.keys(fe).length) return fail(fe);
    setErrors({});
    setSummary(null);
    setStep(2);
  };

  const submitStep2 = async (e) => {
    e.preventDefault();
    if (busy) return;
    const totp = cleanCode(code);
    if (!totp) return fail({ totp: t.login.codeRequired });
    if (!/^\d{6}$/.test(totp)) return fail({ totp: t.login.codeFormat });
    setBusy(true);
    try {
      const s = await post('/api/session', { username: username.trim(), password, totp }, { anonymous: true });
      loggedIn(s);
      navigate(takeReturnTo(), { replace: true });
    } catch (err) {
      const v = errorView(err, { 401: t.login.failed }, { username: t.login.username, password: t.login.password, totp: t.login.code });
      setBusy(false);
      setCode('');
      if (v.status === 401) {
        setPassword('');
        setStep(1);
        fail({}, { title: t.login.failed, message: t.login.failedDetail });
      } else {
        const fe = {};
        for (const [k, msg] of Object.entries(v.fields)) fe[k] = msg;
        if (fe.username || fe.password) setStep(1);
        fail(fe, { title: v.status === 429 ? v.summary : undefined, message: v.status === 429 ? '' : v.summary });
      }
    }
  };

  const items = summaryItems(errors, ['username', 'password', 'totp'], (n) => ids[n] || `login-${n}`);
  const noticeText = shownNotice ? t.login[shownNotice] : '';

  return (
    <Page title={t.login.title}>
      {noticeText && !summary && (
        <Alert type={shownNotice === 'loggedOut' ? 'ok' : 'warning'} id="login-notice">
          <Paragraph>{noticeText}</Paragraph>
        </Alert>
      )}
      {summary && <ErrorSummary title={summary.title} message={summary.message} items={items} focusKey={focusKey} />}
      <Paragraph lead>{t.login.intro}</Paragraph>
      {step === 1 ? (
        <form key="step1" class="utrecht-form regie-form" noValidate onSubmit={submitStep1} aria-labelledby="login-step1">
          <Heading level={2} id="login-step1">{t.login.step1}</Heading>
          <TextField id={ids.username} name="username" label={t.login.username} value={username} onValue={setUsername} error={errors.username} autocomplete="username" autocapitalize="none" size="md" />
          <TextField id={ids.password} name="password" type="password" label={t.login.password} value={password} onValue={setPassword} error={errors.password} autocomplete="current-password" size="md" />
          <ButtonGroup>
            <Button type="submit">{t.login.next}</Button>
          </ButtonGroup>
        </form>
      ) : (
        <form key="step2" class="utrecht-form regie-form" noValidate onSubmit={submitStep2} aria-labelledby="login-step2">
          <Heading level={2} id="login-step2">{t.login.step2}</Heading>
          <TextField
            id={ids.totp}
            name="totp"
            label={t.login.code}
            hint={t.login.codeHint}
            value={code}
            onValue={setCode}
            error={errors.totp}
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]*"
            maxLength={9}
            size="code"
          />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{busy ? t.form.busy : t.login.submit}</Button>
            <Button
              variant="secondary"
              onClick={() => {
                setStep(1);
                setErrors({});
                setSummary(null);
                setCode('');
                window.setTimeout(() => document.getElementById(ids.password)?.focus(), 0);
              }}
            >
              {t.login.back}
            </Button>
          </ButtonGroup>
        </form>
      )}
      <Paragraph>
        {t.login.activatePrompt} <Link href="/app/activeren">{t.login.activateLink}</Link>
      </Paragraph>
    </Page>
  );
}
