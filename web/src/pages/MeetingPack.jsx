// Agendapakket: the print view of a meeting for one person (GET /api/meetings/{id}/pack), marked
// "Vertrouwelijk" on screen and on every printed page. An invitee or core member gets their own
// pack; municipality staff choose a member or invitee (?gebruiker=ID).
import { useEffect, useState } from 'preact/hooks';
import { t, formatDate, formatDateTime } from '../i18n/nl.js';
import { get, ApiError, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { meetingTitle, formatLongDate, shortTime, packChoices, kindLabel } from '../meetings.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Alert, Loading, DataList, SelectField,
} from '../components/ui.jsx';
import { MultiLine } from './SignalParts.jsx';

const meetingPath = (id) => `/app/overleggen/${encodeURIComponent(id)}`;

function PackItem({ item, index, userId }) {
  const m = t.meetings;
  const n = item.position ?? index + 1;
  const mine = (Array.isArray(item.invitations) ? item.invitations : []).filter((i) => userId == null || String(i.user?.id) === String(userId));
  const subjects = item.signal?.subjects || item.case?.subjects;
  return (
    <section class="regie-section regie-pack__item" aria-labelledby={`pack-item-${item.id}`} data-item={item.id}>
      <Heading level={3} id={`pack-item-${item.id}`}>{m.itemTitle(n, item.title)}</Heading>
      {mine.map((i) => i.reason && <Paragraph key={i.id}><strong>{t.pack.reasonFor(i.reason)}</strong></Paragraph>)}
      {item.signal && <Paragraph>{m.itemSignal(item.signal.reference, item.signal.state_label)}</Paragraph>}
      {item.case && <Paragraph>{m.itemCase(item.case.id, item.case.state_label)}</Paragraph>}
      {Array.isArray(subjects) && subjects.length > 0 && (
        <Paragraph>
          {m.itemSubjects}: {subjects.map((s) => [s.name, s.birth_date ? formatDate(s.birth_date) : ''].filter(Boolean).join(', ')).filter(Boolean).join('; ')}
        </Paragraph>
      )}
      <Heading level={4}>{m.materialTitle}</Heading>
      {item.material ? <MultiLine text={item.material} /> : <Paragraph>{m.materialNone}</Paragraph>}
    </section>
  );
}

export function MeetingPack({ id, search = '' }) {
  const p = t.pack;
  const m = t.meetings;
  const session = getState().session;
  const chosen = new URLSearchParams(search).get('gebruiker') || '';
  const [meeting, setMeeting] = useState(null);
  const [pack, setPack] = useState(null);
  const [error, setError] = useState('');
  const [choice, setChoice] = useState(chosen);

  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const mt = await get(`/api/meetings/${encodeURIComponent(id)}`);
        if (!alive) return;
        setMeeting(mt);
        const staff = !mt.access || mt.access === 'full';
        if (staff && !chosen) return;
        const q = chosen ? `?user_id=${encodeURIComponent(chosen)}` : '';
        const pk = await get(`/api/meetings/${encodeURIComponent(id)}/pack${q}`);
        if (alive) setPack(pk);
      } catch (e) {
        if (alive) setError(e instanceof ApiError && e.status === 404 ? m.notFound : errorView(e).summary);
      }
    })();
    return () => {
      alive = false;
    };
  }, [id, search]);

  if (error) {
    return (
      <Page title={p.title}>
        <Alert type="error" id="pack-error"><Paragraph>{error}</Paragraph></Alert>
        <LinkButton variant="secondary" href={meetingPath(id)}>{p.back}</LinkButton>
      </Page>
    );
  }
  if (!meeting) return <Page title={p.title}><Loading /></Page>;
  const staff = !meeting.access || meeting.access === 'full';
  const choices = staff ? packChoices(meeting) : [];
  const me = session?.user;
  const person = pack?.pack_for?.name
    || (chosen ? choices.find((c) => c.value === chosen)?.label.split(' — ')[0] || '' : me?.display_name || me?.username || '');
  const title = person ? p.titleFor(person) : p.title;
  const shown = pack || null;
  const items = Array.isArray(shown?.items) ? shown.items : [];
  const userId = chosen || me?.id;

  return (
    <Page title={title} wide>
      <div class="regie-pack__mark" id="pack-confidential">
        <strong>{pack?.marking || p.confidential}</strong>
        <span> — {p.confidentialText}</span>
      </div>
      <div class="regie-no-print regie-section">
        <Paragraph>{p.intro}</Paragraph>
        {staff && (
          <form
            class="utrecht-form regie-form regie-panel"
            noValidate
            aria-labelledby="pack-chooser-title"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(`${meetingPath(id)}/pakket${choice ? `?gebruiker=${encodeURIComponent(choice)}` : ''}`, { focus: false });
            }}
          >
            <h2 class="utrecht-heading-2" id="pack-chooser-title">{p.chooserTitle}</h2>
            <SelectField id="pack-user" label={p.fUser} value={choice} onValue={setChoice} placeholder={m.fChoosePerson} options={choices} />
            <ButtonGroup>
              <Button type="submit" variant="secondary">{p.show}</Button>
            </ButtonGroup>
          </form>
        )}
        <ButtonGroup>
          {shown && <Button onClick={() => window.print()}>{p.print}</Button>}
          <LinkButton variant="secondary" href={meetingPath(id)}>{p.back}</LinkButton>
        </ButtonGroup>
      </div>
      {!shown && (!staff || chosen) && <Loading />}
      {shown && (
        <article class="regie-pack" aria-labelledby="pack-meeting-title">
          <Heading level={2} id="pack-meeting-title">{meetingTitle(shown)}</Heading>
          <DataList
            items={[
              [m.dBody, shown.body?.name || t.form.empty],
              [m.dKind, shown.body?.kind_label || kindLabel(null, shown.body?.kind)],
              [m.dDate, formatLongDate(shown.date)],
              [m.dTime, shortTime(shown.start_time) || t.form.empty],
              [m.dLocation, shown.location || t.form.empty],
              [m.dChair, shown.chair?.name || t.form.empty],
              [m.dSecretary, shown.secretary?.name || t.form.empty],
            ]}
          />
          {items.length === 0 && <Paragraph>{p.none}</Paragraph>}
          {items.map((it, i) => <PackItem key={it.id} item={it} index={i} userId={userId} />)}
          <p class="utrecht-paragraph regie-pack__footer">{p.printedBy(me?.display_name || me?.username || '', formatDateTime(new Date()))}</p>
        </article>
      )}
    </Page>
  );
}
