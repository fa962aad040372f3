// Purpose binding (docs/purpose.md): PurposeGate stands before every case page. On the first visit
// of a case in this browser tab it asks "Waarvoor opent u dit dossier?" (a radio group of the
// purposes this case allows, from GET /api/cases/{id}/purposes) before any case content loads;
// the choice is kept for the tab and sent with every read. PurposeLine shows "Doel: … (wijzigen)"
// on the case page. A case the caller may not see loads without asking (the page says "niet
// gevonden" and may offer break-glass); when the server refuses a read for its purpose, the gate
// asks again. Texts and rules in ../purpose.js.
import { useEffect, useState } from 'preact/hooks';
import { get, ApiError, errorView } from '../api.js';
import { getState } from '../session.js';
import {
  PURPOSE, getPurpose, setPurpose, setPurposeOwner, setCurrentCase, onPurposeRequired, requirePurpose, purposeChoices,
  validatePurpose,
} from '../purpose.js';
import { Page, Paragraph, Button, ButtonGroup, LinkButton, Alert, RadioGroup, ErrorSummary, Loading } from './ui.jsx';

const FIELD = 'purpose-choice';

/** Renders children once the purpose of caseId is known (caseId null: no gate). */
export function PurposeGate({ caseId, children }) {
  const id = caseId == null ? '' : String(caseId);
  setPurposeOwner(getState().session?.user?.id);
  const [phase, setPhase] = useState(() => (!id || getPurpose(id) ? 'open' : 'load'));
  const [gen, setGen] = useState(0);
  const [r, setR] = useState(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [summary, setSummary] = useState('');
  const [focusKey, setFocusKey] = useState(0);

  useEffect(() => {
    setCurrentCase(id || null);
    if (!id) return undefined;
    setPhase(getPurpose(id) ? 'open' : 'load');
    return onPurposeRequired((cid) => {
      if (cid !== id) return;
      setValue('');
      setError('');
      setSummary('');
      setPhase('load');
    });
  }, [id]);

  // After the choice the case page replaces the form: its h1 gets the focus, as after navigation.
  useEffect(() => {
    if (gen === 0) return undefined;
    let tries = 0;
    let t = 0;
    const attempt = () => {
      const h1 = document.querySelector('#main h1');
      if (h1 && !document.getElementById('purpose-form')) h1.focus();
      else if (tries++ < 40) t = window.setTimeout(attempt, 50);
    };
    t = window.setTimeout(attempt, 0);
    return () => window.clearTimeout(t);
  }, [gen]);

  useEffect(() => {
    if (phase !== 'load') return;
    let live = true;
    get(`/api/cases/${encodeURIComponent(id)}/purposes`)
      .then((x) => {
        if (!live) return;
        setR(x);
        const choices = purposeChoices(x);
        setValue(choices.length === 1 ? choices[0].value : '');
        setPhase('ask');
      })
      .catch((e) => {
        if (!live) return;
        // Not visible: let the page say so (and offer break-glass); other errors: say it here.
        if (e instanceof ApiError && e.status === 404) setPhase('open');
        else {
          setSummary(errorView(e).summary || PURPOSE.loadFailed);
          setPhase('failed');
        }
      });
    return () => {
      live = false;
    };
  }, [phase, id]);

  if (!id || phase === 'open') return <div key={`${id}-${gen}`}>{children}</div>;
  if (phase === 'load') return <Page title={PURPOSE.pageTitle}><Loading /></Page>;
  if (phase === 'failed') {
    return (
      <Page title={PURPOSE.pageTitle}>
        <Alert type="error" id="purpose-error"><Paragraph>{summary || PURPOSE.loadFailed}</Paragraph></Alert>
        <LinkButton variant="secondary" href="/app/casussen">{PURPOSE.back}</LinkButton>
      </Page>
    );
  }
  const choices = purposeChoices(r);
  const submit = (e) => {
    e.preventDefault();
    const v = validatePurpose(value, choices);
    if (v.error) {
      setError(v.error);
      setSummary(PURPOSE.failed);
      setFocusKey((k) => k + 1);
      return;
    }
    setPurpose(id, v.code, v.label);
    setGen((g) => g + 1);
    setPhase('open');
  };
  return (
    <Page title={PURPOSE.pageTitle}>
      {summary && <ErrorSummary title={summary} items={error ? [{ id: FIELD, message: error }] : []} focusKey={focusKey} id="purpose-errors" />}
      {choices.length === 0 ? (
        <Alert type="warning" id="purpose-none"><Paragraph>{PURPOSE.none}</Paragraph></Alert>
      ) : (
        <form class="utrecht-form regie-form" noValidate onSubmit={submit} id="purpose-form">
          {r?.state === 'afgesloten' && <Paragraph id="purpose-closed">{PURPOSE.closedHint}</Paragraph>}
          <RadioGroup id={FIELD} name="purpose" legend={PURPOSE.question} hint={PURPOSE.hint} options={choices} value={value} onValue={setValue} error={error} />
          <ButtonGroup>
            <Button type="submit" id="purpose-submit">{PURPOSE.submit}</Button>
            <LinkButton variant="secondary" href="/app/casussen">{PURPOSE.back}</LinkButton>
          </ButtonGroup>
        </form>
      )}
    </Page>
  );
}

/** "Doel: <label> (wijzigen)" for the case page; nothing when no purpose is chosen. */
export function PurposeLine({ caseId }) {
  const p = getPurpose(caseId);
  if (!p) return null;
  return (
    <p class="utrecht-paragraph regie-purpose-line" id="case-purpose">
      <strong>{PURPOSE.line}</strong> {p.label}{' '}
      (<Button variant="subtle" id="purpose-change" aria-label={PURPOSE.changeLabel(p.label)} onClick={() => requirePurpose(caseId)}>{PURPOSE.change}</Button>)
    </p>
  );
}
