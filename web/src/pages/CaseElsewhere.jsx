// "Bekend in een andere regio?" (docs/known-elsewhere.md): on the case page, the dossierhouder
// asks a paired region whether a data subject of this case is known in an open case there. The
// answer is only ja (with the other region's contact point), nee, or "nog niet gereed". The
// panel says plainly what leaves the region and that both sides log the question.
import { useEffect, useState } from 'preact/hooks';
import { get, post, errorView } from '../api.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import { formatDate } from '../i18n/nl.js';
import { Heading, Paragraph, Button, Alert, SelectField, ErrorSummary, summaryItems, announce } from '../components/ui.jsx';

export const KE = {
  title: 'Bekend in een andere regio?',
  intro: 'Vraag een gekoppelde regio of een betrokkene van deze casus daar bekend is in een open casus. Het antwoord is alleen ja of nee; bij ja krijgt u het contactpunt van die regio.',
  privacy: 'Er gaat geen naam of BSN naar de andere regio, alleen een versleuteld kenmerk. De vraag wordt in het toegangslogboek van beide regio’s vastgelegd, met uw naam en deze casus.',
  peer: 'Regio',
  person: 'Betrokkene',
  choose: 'Kies…',
  ask: 'Vraag stellen',
  busy: 'Bezig…',
  none: 'Er is nog geen andere regio gekoppeld. De beheerder van de server koppelt regio’s met “regie peer add”.',
  peerRequired: 'Kies de regio.',
  personRequired: 'Kies de betrokkene.',
  failed: 'De vraag is niet gesteld.',
  yes: (peer) => `Ja: bekend in een open casus in ${peer}.`,
  yesContact: (c) => `Neem contact op: ${c}`,
  no: (peer) => `Nee: niet bekend in een open casus in ${peer}.`,
  notReady: (peer) => `${peer} is de kenmerken nog aan het maken. Probeer het over enkele minuten opnieuw.`,
  at: (d) => `Gevraagd op ${d}.`,
};

const ids = { peer: 'ke-peer', person_id: 'ke-person' };

/** The panel; renders nothing for users who may not ask. */
export function KnownElsewhere({ c }) {
  const session = getState().session;
  const allowed = can(session, 'search.known_elsewhere');
  const [peers, setPeers] = useState(null);
  const [peer, setPeer] = useState('');
  const [person, setPerson] = useState('');
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState('');
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  useEffect(() => {
    if (!allowed) return;
    get('/api/known-elsewhere').then((r) => setPeers(r?.peers || []), () => setPeers([]));
  }, [allowed]);
  const subjects = (Array.isArray(c.subjects) ? c.subjects : []).filter((s) => s && s.id && s.name);
  if (!allowed || peers === null || !subjects.length) return null;

  const submit = async (ev) => {
    ev.preventDefault();
    const errs = {};
    if (!peer) errs.peer = KE.peerRequired;
    if (!person) errs.person_id = KE.personRequired;
    setResult(null);
    if (Object.keys(errs).length) {
      setErrors(errs);
      setSummary(KE.failed);
      setFocusKey((k) => k + 1);
      return;
    }
    setBusy(true);
    try {
      const r = await post(`/api/cases/${c.id}/known-elsewhere`, { peer, person_id: Number(person) });
      setErrors({});
      setSummary('');
      setResult(r);
      announce(r.answer === 'ja' ? KE.yes(r.peer) : r.answer === 'nee' ? KE.no(r.peer) : KE.notReady(r.peer));
    } catch (err) {
      const d = err?.problem?.detail;
      const v = errorView(err, { 429: d, 503: d });
      setErrors(v.fields);
      setSummary(v.summary || KE.failed);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="regie-section regie-panel" aria-labelledby="ke-title" id="bekend-elders">
      <Heading level={2} id="ke-title">{KE.title}</Heading>
      <Paragraph>{KE.intro}</Paragraph>
      {!peers.length ? <Paragraph>{KE.none}</Paragraph> : (
        <form onSubmit={submit} noValidate>
          <Paragraph small>{KE.privacy}</Paragraph>
          {summary && <ErrorSummary message={summary} items={summaryItems(errors, ['peer', 'person_id'], (k) => ids[k])} focusKey={focusKey} id="ke-errors" />}
          <SelectField id={ids.peer} label={KE.peer} value={peer} onValue={setPeer} error={errors.peer}
            placeholder={KE.choose} options={peers.map((p) => ({ value: p.id, label: p.id }))} />
          <SelectField id={ids.person_id} label={KE.person} value={person} onValue={setPerson} error={errors.person_id}
            placeholder={KE.choose} options={subjects.map((s) => ({ value: String(s.id), label: s.birth_date ? `${s.name} (${formatDate(s.birth_date)})` : s.name }))} />
          <Button type="submit" busy={busy} id="ke-ask">{busy ? KE.busy : KE.ask}</Button>
        </form>
      )}
      {result && (
        <Alert type={result.answer === 'ja' ? 'warning' : 'info'} id="ke-result" role="status">
          <Paragraph>{result.answer === 'ja' ? KE.yes(result.peer) : result.answer === 'nee' ? KE.no(result.peer) : KE.notReady(result.peer)}</Paragraph>
          {result.answer === 'ja' && result.contact && <Paragraph>{KE.yesContact(result.contact)}</Paragraph>}
        </Alert>
      )}
    </section>
  );
}
