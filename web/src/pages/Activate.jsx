import { useEffect, useState } from 'preact/hooks';
import { t, groupSecret } from '../i18n/nl.js';
import { post, errorView } from '../api.js';
import { Page, Paragraph, Heading, Button, ButtonGroup, TextField, ErrorSummary, Alert, LinkButton, summaryItems } from '../components/ui.jsx';
import { cleanCode } from './Login.jsx';
import { PW_MIN, PW_MAX, passwordLength } from '../passwords.js';

const ids = { username: 'act-username', activation_code: 'act-code', password: 'act-password', totp: 'act-totp' };
export { passwordLength };

export function Activate() {
  const [step, setStep] = useState(1);
  const [username, setUsername] = useState('');
  const [activationCode, setActivationCode] = useState('');
  const [password, setPassword] = useState('');
  const [enrol, setEnrol] = useState(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (step === 2) document.getElementById('act-step2')?.focus();
  }, [step]);

  const fail = (fe, sum = {}) => {
    setErrors(fe);
    setSummary(sum);
    setFocusKey((k) => k + 1);
  };

  const serverFail = (err) => {
    const v = errorView(err, {}, { username: t.activate.username, activation_code: t.activate.activationCode, password: t.activate.password, totp: t.activate.code });
    const fe = { ...v.fields };
    if (fe.code && !fe.activation_code) fe.activation_code = fe.code;
    fail(fe, { title: Object.keys(fe).length ? undefined : t.activate.failed, message: v.summary });
  };

  const submit1 = async (e) => {
    e.preventDefault();
    if (busy) return;
    const fe = {};
    const n = passwordLength(password);
    if (!username.trim()) fe.username = t.activate.usernameRequired;
    if (!activationCode.trim()) fe.activation_code = t.activate.codeRequired;
    if (!password) fe.password = t.activate.passwordRequired;
    else if (n < PW_MIN) fe.password = t.activate.passwordTooShort(n);
    else if (n > PW_MAX) fe.password = t.activate.passwordTooLong;
    if (Object.keys(fe).length) return fail(fe);
    setBusy(true);
    try {
      const r = await post('/api/activation', { username: username.trim(), activation_code: activationCode.trim(), password }, { anonymous: true });
      setEnrol(r);
      setErrors({});
      setSummary(null);
      setStep(2);
    } catch (err) {
      serverFail(err);
    } finally {
      setBusy(false);
    }
  };

  const submit2 = async (e) => {
    e.preventDefault();
    if (busy) return;
    const totp = cleanCode(code);
    if (!totp) return fail({ totp: t.login.codeRequired });
    if (!/^\d{6}$/.test(totp)) return fail({ totp: t.login.codeFormat });
    setBusy(true);
    try {
      await post('/api/activation/confirm', { username: username.trim(), activation_code: activationCode.trim(), totp }, { anonymous: true });
      setPassword('');
      setEnrol(null);
      setSummary(null);
      setErrors({});
      setStep(3);
    } catch (err) {
      setCode('');
      serverFail(err);
    } finally {
      setBusy(false);
    }
  };

  const items = summaryItems(errors, ['username', 'activation_code', 'password', 'totp'], (n) => ids[n] || `act-${n}`);
  const n = passwordLength(password);

  return (
    <Page title={t.activate.title}>
      {summary && <ErrorSummary title={summary.title} message={summary.message} items={items} focusKey={focusKey} />}
      {step === 1 && (
        <>
          <Paragraph lead>{t.activate.intro}</Paragraph>
          <form key="step1" class="utrecht-form regie-form" noValidate onSubmit={submit1} aria-labelledby="act-step1">
            <Heading level={2} id="act-step1">{t.activate.step1}</Heading>
            <TextField id={ids.username} name="username" label={t.activate.username} value={username} onValue={setUsername} error={errors.username} autocomplete="username" autocapitalize="none" size="md" />
            <TextField id={ids.activation_code} name="activation_code" label={t.activate.activationCode} hint={t.activate.activationCodeHint} value={activationCode} onValue={setActivationCode} error={errors.activation_code} autocomplete="off" autocapitalize="none" size="md" />
            <TextField
              id={ids.password}
              name="password"
              type="password"
              label={t.activate.password}
              hint={t.activate.passwordRule}
              value={password}
              onValue={setPassword}
              error={errors.password}
              autocomplete="new-password"
              size="md"
              extraDescribedBy="act-password-count"
              after={<p class="utrecht-paragraph utrecht-paragraph--small regie-count" id="act-password-count">{t.activate.passwordCount(n)}</p>}
            />
            <ButtonGroup>
              <Button type="submit" busy={busy}>{busy ? t.form.busy : t.activate.next}</Button>
            </ButtonGroup>
          </form>
        </>
      )}
      {step === 2 && enrol && (
        <form key="step2" class="utrecht-form regie-form" noValidate onSubmit={submit2} aria-labelledby="act-step2">
          <h2 class="utrecht-heading-2" id="act-step2" tabIndex={-1}>{t.activate.step2}</h2>
          <Paragraph>{t.activate.secretIntro}</Paragraph>
          <div class="regie-secret">
            <p class="utrecht-paragraph regie-secret__label" id="act-secret-label">{t.activate.secretLabel}</p>
            <p class="utrecht-paragraph"><code class="utrecht-code regie-secret__value" aria-labelledby="act-secret-label" data-secret={enrol.totp_secret}>{groupSecret(enrol.totp_secret)}</code></p>
            <p class="utrecht-paragraph utrecht-paragraph--small">{t.activate.secretHint}</p>
            <p class="utrecht-paragraph utrecht-paragraph--small">{t.activate.details}</p>
            <p class="utrecht-paragraph regie-secret__label">{t.activate.uriLabel}</p>
            <p class="utrecht-paragraph"><code class="utrecht-code regie-uri">{enrol.otpauth_uri}</code></p>
            <p class="utrecht-paragraph"><a class="utrecht-link utrecht-link--html-a" href={enrol.otpauth_uri}>{t.activate.uriLink}</a></p>
          </div>
          <Paragraph>{t.activate.confirmIntro}</Paragraph>
          <TextField id={ids.totp} name="totp" label={t.activate.code} hint={t.activate.codeHint} value={code} onValue={setCode} error={errors.totp} inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]*" maxLength={9} size="code" />
          <ButtonGroup>
            <Button type="submit" busy={busy}>{busy ? t.form.busy : t.activate.confirm}</Button>
          </ButtonGroup>
        </form>
      )}
      {step === 3 && (
        <>
          <Alert type="ok" title={t.activate.done} id="act-done" focusKey={1}>
            <Paragraph>{t.activate.doneText}</Paragraph>
          </Alert>
          <ButtonGroup>
            <LinkButton href="/app/inloggen">{t.activate.toLogin}</LinkButton>
          </ButtonGroup>
        </>
      )}
    </Page>
  );
}
