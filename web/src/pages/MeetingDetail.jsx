// One meeting (overleg): header with the "Vastgesteld" banner, the agenda (each item with its
// material, invitations, minutes, decisions and actions), "Agenderen" (queue suggestions and a
// free item), attendance and "Notulen vaststellen". The server decides what the caller sees
// (`access`: full, core, invited) and may do (`can_edit`, `can_adopt`).
import { useEffect, useState } from 'preact/hooks';
import { t, formatDateTime, todayISO } from '../i18n/nl.js';
import { get, post, ApiError, errorView } from '../api.js';
import {
  meetingTitle, formatLongDate, formatMediumDate, shortTime, kindLabel, namesOf, participants, attendanceForm, attendanceBody,
  attendanceLabel, capacityLabel, optionsOrTable, validateFreeItem, ITEM_FIELDS, meetingsQuery, LIMITS,
} from '../meetings.js';
import { ATTENDANCE_LABELS } from '../i18n/nl.js';
import { getState } from '../session.js';
import { can } from '../permissions.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Alert, Table, StatusBadge, Loading, DataList, TextField,
  SelectField, TextArea, RadioGroup, Dialog, announce,
} from '../components/ui.jsx';
import { Deadline } from './SignalParts.jsx';
import {
  loadMeetingOptions, MeetingStateBadge, AccessBadge, MeetingForm, Disclosure, takeMeetingFlash,
} from './MeetingParts.jsx';
import { MeetingItem } from './MeetingItem.jsx';

const path = (id) => `/api/meetings/${encodeURIComponent(id)}`;

function Header({ meeting, options }) {
  const m = t.meetings;
  const facts = [
    [m.dBody, meeting.body?.name || t.form.empty],
    [m.dKind, meeting.body?.kind_label || kindLabel(options, meeting.body?.kind)],
  ];
  if (meeting.municipality?.name) facts.push([m.dMunicipality, meeting.municipality.name]);
  facts.push([m.dDate, formatLongDate(meeting.date)]);
  facts.push([m.dTime, shortTime(meeting.start_time) || t.form.empty]);
  facts.push([m.dLocation, meeting.location || t.form.empty]);
  facts.push([m.dChair, meeting.chair?.name || t.form.empty]);
  facts.push([m.dSecretary, meeting.secretary?.name || t.form.empty]);
  facts.push([m.dState, <MeetingStateBadge meeting={meeting} />]);
  if (meeting.access && meeting.access !== 'full') facts.push([m.dAccess, <AccessBadge access={meeting.access} />]);
  if (Array.isArray(meeting.core_members)) facts.push([m.dCoreMembers, namesOf(meeting.core_members) || m.noMembers]);
  return <DataList items={facts} />;
}

function AdoptedBanner({ meeting, editable }) {
  const m = t.meetings;
  const a = meeting.adopted;
  if (!a && meeting.state !== 'vastgesteld') return null;
  return (
    <Alert type="ok" title={m.adoptedTitle} id="adopted">
      <Paragraph>{m.adoptedText(formatDateTime(a?.at) || t.form.empty, a?.by?.name || '')}</Paragraph>
      {a?.in_meeting?.date && <Paragraph>{m.adoptedIn(formatMediumDate(a.in_meeting.date))}</Paragraph>}
      {editable && <Paragraph>{m.adoptedHint}</Paragraph>}
    </Alert>
  );
}

function AgendaIndex({ items }) {
  const m = t.meetings;
  return (
    <nav aria-labelledby="agenda-title" class="regie-section">
      <Heading level={2} id="agenda-title">{m.agendaTitle}</Heading>
      <ol class="utrecht-ordered-list" id="agenda-list">
        {items.map((it) => (
          <li class="utrecht-ordered-list__item" key={it.id}>
            <a
              class="utrecht-link utrecht-link--html-a"
              href={`#item-${it.id}`}
              onClick={(e) => {
                e.preventDefault();
                const h = document.getElementById(`item-${it.id}-title`);
                h?.focus();
                h?.scrollIntoView({ block: 'start' });
              }}
            >
              {it.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Queue({ meeting, onChange }) {
  const m = t.meetings;
  const [q, setQ] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [done, setDone] = useState(null);
  const load = () => get(`${path(meeting.id)}/queue`).then((r) => setQ({ signals: r?.signals || [], cases: r?.cases || [] })).catch((e) => setError(errorView(e).summary));
  useEffect(() => {
    load();
  }, [meeting.id]);
  const schedule = async (what, body) => {
    if (busy) return;
    setBusy(what);
    setError('');
    try {
      const r = await post(`${path(meeting.id)}/items`, body);
      await onChange(r);
      await load();
      const msg = m.scheduled(what);
      setDone((d) => ({ message: msg, key: (d?.key || 0) + 1 }));
      announce(msg);
    } catch (e) {
      setError(errorView(e).summary);
    } finally {
      setBusy('');
    }
  };
  const none = q && q.signals.length === 0 && q.cases.length === 0;
  return (
    <section class="regie-section regie-panel" aria-labelledby="queue-title" id="agenderen">
      <Heading level={2} id="queue-title">{m.queueTitle}</Heading>
      {done && <Alert type="ok" id="queue-ok" focusKey={done.key}><Paragraph>{done.message}</Paragraph></Alert>}
      {error && <Alert type="error" id="queue-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {!q && !error && <Loading />}
      {q && <Paragraph>{none ? m.queueNone : m.queueIntro}</Paragraph>}
      {q && q.signals.length > 0 && (
        <Table
          id="queue-signals"
          caption={m.queueSignals}
          rows={q.signals}
          rowKey={(s) => s.id}
          columns={[
            { key: 'ref', label: m.cReference, render: (s) => s.reference },
            { key: 'state', label: t.meetings.cState, render: (s) => s.state_label || s.state },
            { key: 'received', label: m.cReceived, render: (s) => formatMediumDate(s.received_date) || t.form.empty },
            { key: 'due', label: m.cDeadline, render: (s) => <Deadline item={s} /> },
            {
              key: 'act',
              label: m.cAction,
              render: (s) => {
                const what = t.meetings.itemSignal(s.reference, '');
                return (
                  <Button variant="secondary" busy={busy === what} aria-label={m.scheduleLabel(what)} onClick={() => schedule(what, { kind: 'signal', signal_id: s.id })}>
                    {m.schedule}
                  </Button>
                );
              },
            },
          ]}
        />
      )}
      {q && q.cases.length > 0 && (
        <Table
          id="queue-cases"
          caption={m.queueCases}
          rows={q.cases}
          rowKey={(c) => c.id}
          columns={[
            { key: 'case', label: m.cCase, render: (c) => m.caseLabel(c.id) },
            { key: 'ref', label: m.cReference, render: (c) => c.signal_reference || t.form.empty },
            { key: 'reason', label: m.cReason, render: (c) => m.caseReason[c.reason] || c.reason || t.form.empty },
            { key: 'state', label: m.cState, render: (c) => c.state_label || c.state },
            {
              key: 'act',
              label: m.cAction,
              render: (c) => {
                const what = m.caseLabel(c.id);
                return (
                  <Button variant="secondary" busy={busy === what} aria-label={m.scheduleLabel(what)} onClick={() => schedule(what, { kind: 'case', case_id: c.id })}>
                    {m.schedule}
                  </Button>
                );
              },
            },
          ]}
        />
      )}
      <MeetingForm
        name="free"
        title={m.freeTitle}
        fields={ITEM_FIELDS}
        initial={{ title: '', material: '' }}
        validate={validateFreeItem}
        labels={{ title: m.fTitle, material: m.fMaterial }}
        submitLabel={m.addItem}
        send={async (body) => {
          const r = await post(`${path(meeting.id)}/items`, body);
          await onChange(r);
          return m.itemAdded(body.title);
        }}
      >
        {({ values, set, errors, idOf }) => (
          <>
            <TextField id={idOf('title')} label={m.fTitle} hint={m.fTitleHint} value={values.title} onValue={set('title')} error={errors.title} autocomplete="off" size="lg" maxLength={LIMITS.title} />
            <TextArea id={idOf('material')} label={m.fMaterial} value={values.material} onValue={set('material')} error={errors.material} optional rows={4} />
          </>
        )}
      </MeetingForm>
    </section>
  );
}

function Attendance({ meeting, options, editable, onChange }) {
  const m = t.meetings;
  const people = participants(meeting);
  const statuses = optionsOrTable(options.attendance_statuses, ATTENDANCE_LABELS);
  const caps = (p) => p.capacities.map(capacityLabel).join(', ');
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  return (
    <section class="regie-section" aria-labelledby="attendance-title" id="aanwezigheid">
      <Heading level={2} id="attendance-title">{m.attendanceTitle}</Heading>
      {people.length === 0 && <Paragraph>{m.attendanceNone}</Paragraph>}
      {people.length > 0 && (!editable || adopted) && (
        <Table
          id="attendance-table"
          caption={m.attendanceCaption}
          rows={people}
          rowKey={(p) => p.id}
          columns={[
            { key: 'name', label: m.cPerson, render: (p) => p.name },
            { key: 'org', label: m.cOrg, render: (p) => p.org || t.form.empty },
            { key: 'cap', label: m.cCapacity, render: (p) => caps(p) || t.form.empty },
            { key: 'status', label: m.cAttendance, render: (p) => (p.status ? attendanceLabel(options, p.status) : <span class="regie-muted">{m.notRecorded}</span>) },
          ]}
        />
      )}
      {people.length > 0 && editable && !adopted && (
        <MeetingForm
          name="att"
          intro={m.attendanceIntro}
          fields={['entries', ...people.map((p) => `p${p.id}`)]}
          initial={attendanceForm(meeting)}
          keep
          validate={attendanceBody}
          labels={{ entries: m.attendanceTitle }}
          submitLabel={m.saveAttendance}
          send={async (body) => {
            const r = await post(`${path(meeting.id)}/attendance`, body);
            await onChange(r);
            return m.attendanceSaved;
          }}
        >
          {({ values, set, errors, idOf }) => (
            <div id={idOf('entries')} tabIndex={-1} class="regie-attendance">
              {errors.entries && <p class="utrecht-form-field-error-message regie-error-text">{errors.entries}</p>}
              {people.map((p) => (
                <RadioGroup
                  key={p.id}
                  id={idOf(`p${p.id}`)}
                  legend={`${p.name}${p.org ? `, ${p.org}` : ''}${caps(p) ? ` (${caps(p).toLowerCase()})` : ''}`}
                  options={statuses}
                  value={values[p.id] || ''}
                  onValue={(v) => set(p.id)(v)}
                />
              ))}
            </div>
          )}
        </MeetingForm>
      )}
    </section>
  );
}

function Adopt({ meeting, onChange }) {
  const m = t.meetings;
  const today = todayISO();
  const [later, setLater] = useState([]);
  const [inMeeting, setInMeeting] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const early = !(meeting.date < today);
  useEffect(() => {
    if (early) return;
    get(`/api/meetings${meetingsQuery({ from: meeting.date, to: today })}`)
      .then((r) => setLater((r?.items || []).filter((x) => x.body?.id === meeting.body?.id && x.date > meeting.date && x.date <= today && x.id !== meeting.id)))
      .catch(() => setLater([]));
  }, [meeting.id]);
  const adopt = async () => {
    setBusy(true);
    try {
      const r = await post(`${path(meeting.id)}/adopt`, inMeeting ? { in_meeting_id: Number(inMeeting) } : {});
      setConfirm(false);
      await onChange(r);
      announce(m.adopted);
      window.setTimeout(() => document.getElementById('adopted')?.focus?.(), 0);
    } catch (e) {
      setConfirm(false);
      setError((old) => ({ message: errorView(e).summary, key: (old?.key || 0) + 1 }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="regie-section regie-panel" aria-labelledby="adopt-title" id="vaststellen">
      <Heading level={2} id="adopt-title">{m.adoptTitle}</Heading>
      {error && <Alert type="error" id="adopt-error" focusKey={error.key}><Paragraph>{error.message}</Paragraph></Alert>}
      {early ? (
        <Paragraph>{m.adoptTooEarly}</Paragraph>
      ) : (
        <>
          <Paragraph>{m.adoptIntro}</Paragraph>
          <div class="regie-form">
            <SelectField
              id="adopt-in-meeting"
              label={m.fInMeeting}
              value={inMeeting}
              onValue={setInMeeting}
              placeholder={m.fInMeetingNone}
              options={later.map((x) => ({ value: String(x.id), label: `${x.body?.name}, ${formatLongDate(x.date)}` }))}
              optional
            />
          </div>
          <ButtonGroup>
            <Button onClick={() => setConfirm(true)}>{m.adopt}</Button>
          </ButtonGroup>
        </>
      )}
      <Dialog id="adopt-dialog" open={confirm} title={m.adoptConfirmTitle} onCancel={() => setConfirm(false)}>
        <p class="utrecht-paragraph" id="adopt-dialog-text">{m.adoptConfirmText(meetingTitle(meeting))}</p>
        <ButtonGroup>
          <Button data-autofocus onClick={adopt} busy={busy}>{busy ? t.form.busy : m.adoptConfirm}</Button>
          <Button variant="secondary" onClick={() => setConfirm(false)}>{t.form.cancel}</Button>
        </ButtonGroup>
      </Dialog>
    </section>
  );
}

export function MeetingDetail({ id }) {
  const m = t.meetings;
  const [meeting, setMeeting] = useState(null);
  const [options, setOptions] = useState(null);
  const [error, setError] = useState('');
  const [flash] = useState(() => takeMeetingFlash(id));

  const load = async () => {
    try {
      const r = await get(path(id));
      setMeeting(r);
      setError('');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? m.notFound : errorView(e).summary);
    }
  };
  /** After a write: the answer is the meeting view (docs/meetings.md); otherwise reload it. */
  const onChange = async (r) => {
    if (r && typeof r === 'object' && Array.isArray(r.items) && String(r.id) === String(id)) setMeeting(r);
    else await load();
  };
  useEffect(() => {
    load();
    loadMeetingOptions().then(setOptions).catch(() => setOptions({}));
  }, [id]);

  if (error) {
    return (
      <Page title={m.detailTitle}>
        <Alert type="error" id="meeting-error"><Paragraph>{error}</Paragraph></Alert>
        <LinkButton variant="secondary" href="/app/overleggen">{m.backToList}</LinkButton>
      </Page>
    );
  }
  if (!meeting || !options) return <Page title={m.detailTitle}><Loading /></Page>;
  const items = Array.isArray(meeting.items) ? meeting.items : [];
  const full = !meeting.access || meeting.access === 'full';
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  // The server's can_edit is false once the minutes are adopted; corrections (minutes with a
  // reason, a decision that corrects another) remain for whoever may change minutes/decisions.
  const session = getState().session;
  const canCorrect = full && adopted && (can(session, 'update.minutes') || can(session, 'create.decision'));
  const editable = (!!meeting.can_edit && full) || canCorrect;
  return (
    <Page title={meetingTitle(meeting)} wide>
      {flash && <Alert type="ok" id="meeting-flash"><Paragraph>{flash}</Paragraph></Alert>}
      <p class="utrecht-paragraph regie-badges">
        <StatusBadge status="warning">{m.confidential}</StatusBadge>
        <MeetingStateBadge meeting={meeting} />
      </p>
      <AdoptedBanner meeting={meeting} editable={editable} />
      {meeting.access === 'invited' && (
        <Alert type="info" title={m.invitedTitle} id="invited-notice">
          <Paragraph>{m.invitedText}</Paragraph>
        </Alert>
      )}
      {meeting.access === 'core' && <Paragraph>{m.coreText}</Paragraph>}
      <Header meeting={meeting} options={options} />
      <ButtonGroup>
        <LinkButton variant="secondary" href={`/app/overleggen/${encodeURIComponent(meeting.id)}/pakket`}>{m.packLink}</LinkButton>
        <LinkButton variant="subtle" href="/app/overleggen">{m.backToList}</LinkButton>
      </ButtonGroup>
      {items.length === 0 ? (
        <section class="regie-section" aria-labelledby="agenda-title">
          <Heading level={2} id="agenda-title">{m.agendaTitle}</Heading>
          <Paragraph>{meeting.access === 'invited' ? m.agendaNoneInvited : m.agendaNone}</Paragraph>
        </section>
      ) : (
        <AgendaIndex items={items} />
      )}
      {items.map((it, i) => (
        <MeetingItem key={it.id} meeting={meeting} item={it} index={i} options={options} editable={editable} onChange={onChange} />
      ))}
      {editable && !adopted && <Queue meeting={meeting} onChange={onChange} />}
      <Attendance meeting={meeting} options={options} editable={editable} onChange={onChange} />
      {meeting.can_adopt && !adopted && <Adopt meeting={meeting} onChange={onChange} />}
    </Page>
  );
}
