// Break-glass (docs/breakglass.md): on the "casus niet gevonden" page, a user who may use
// break-glass is offered "Toegang in noodgeval (break-glass)" with a clear warning that the FG
// reviews every use; the form asks a typed reason and a fresh code of the authenticator app. After
// success the case opens (the caller reloads it) and shows a banner "Break-glass-toegang tot
// HH:MM — elke inzage wordt gecontroleerd". Texts and checks in ../breakglass.js.
import { useState } from 'preact/hooks';
import { post, errorView } from '../api.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { BG, validateBreakGlass, bannerText } from '../breakglass.js';
import { Paragraph, Heading, Button, ButtonGroup, Alert, TextField, TextArea, ErrorSummary, summaryItems, announce } from '../components/ui.jsx';

const ids = { reason: 'bg-reason', totp: 'bg-code' };

/** The offer and form; onGranted() reloads the case. Renders nothing for roles without it. */
export function BreakGlassOffer({ caseId, onGranted }) {
  const session = getState().session;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState('');
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  if (!can(session, 'create.break_glass')) return null;

  const fail = (errs, msg) => {
    setErrors(errs);
    setSummary(msg || BG.failed);
    setFocusKey((k) => k + 1);
  };
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validateBreakGlass({ reason, totp: code });
    if (!v.body) return fail(v.errors);
    setBusy(true);
    try {
      await post(`/api/cases/${encodeURIComponent(caseId)}/break-glass`, v.body);
      setCode('');
      announce(BG.bannerText);
      await onGranted();
    } catch (err) {
      const ev = errorView(err, {}, { reason: BG.reason, totp: BG.code });
      setCode('');
      fail(ev.fields, ev.summary);
    } finally {
      setBusy(false);
    }
  };
  const items = summaryItems(errors, ['reason', 'totp'], (n) => ids[n] || `bg-${n}`);
  return (
    <section class="regie-section regie-panel" aria-labelledby="bg-title" id="break-glass">
      <Heading level={2} id="bg-title">{BG.offerTitle}</Heading>
      <Paragraph>{BG.offerIntro}</Paragraph>
      <Alert type="warning" id="bg-warning"><Paragraph>{BG.warning}</Paragraph></Alert>
      {!open ? (
        <ButtonGroup>
          <Button variant="secondary" id="bg-open" onClick={() => setOpen(true)}>{BG.open}</Button>
        </ButtonGroup>
      ) : (
        <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby="bg-title">
          {summary && <ErrorSummary title={summary} items={items} focusKey={focusKey} id="bg-errors" />}
          <TextArea id={ids.reason} name="reason" label={BG.reason} hint={BG.reasonHint} value={reason} onValue={setReason} error={errors.reason} rows={4} maxLength={4000} />
          <TextField
            id={ids.totp}
            name="totp"
            label={BG.code}
            hint={BG.codeHint}
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
            <Button type="submit" busy={busy}>{busy ? BG.busy : BG.submit}</Button>
            <Button variant="secondary" onClick={() => { setOpen(false); setErrors({}); setSummary(''); }}>{BG.cancel}</Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}

/** The banner on a case opened under a grant (c.break_glass). */
export function BreakGlassBanner({ grant }) {
  const text = bannerText(grant);
  if (!text) return null;
  return (
    <Alert type="warning" id="bg-banner" title={text}>
      <Paragraph>{BG.bannerText}</Paragraph>
    </Alert>
  );
}
