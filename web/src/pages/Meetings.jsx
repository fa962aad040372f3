// Overleggen: the calendar of meetings (upcoming and past, grouped by month), "Nieuw overleg"
// (staff) and "Overlegvormen" (bodies with their core members; create for can_manage).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/nl.js';
import { get, post, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import { canCreateMeeting } from '../permissions.js';
import {
  groupMeetings, formatLongDate, shortTime, kindLabel, optionsOrTable, peopleOptions, staffOptions, namesOf,
  emptyMeetingForm, validateMeeting, MEETING_FIELDS, emptyBodyForm, validateBody, BODY_FIELDS, LIMITS,
} from '../meetings.js';
import { MEETING_KIND_LABELS } from '../i18n/nl.js';
import {
  Page, Paragraph, Heading, Alert, Table, Loading, SelectField, TextField, CheckboxGroup, announce,
} from '../components/ui.jsx';
import { loadMeetingOptions, MeetingStateBadge, AccessBadge, MeetingForm, Disclosure, meetingFlash } from './MeetingParts.jsx';

function MonthTables({ groups, when, showAccess }) {
  const m = t.meetings;
  return groups.map((g) => (
    <Table
      key={g.key}
      id={`meetings-${when}-${g.key}`}
      caption={m.monthCaption(g.label, when)}
      rows={g.items}
      rowKey={(x) => x.id}
      columns={[
        {
          key: 'date',
          label: m.cDate,
          render: (x) => (
            <a class="utrecht-link utrecht-link--html-a" href={`/app/overleggen/${encodeURIComponent(x.id)}`}>{formatLongDate(x.date)}</a>
          ),
        },
        { key: 'time', label: m.cTime, render: (x) => shortTime(x.start_time) || <span class="regie-muted">{m.noTime}</span> },
        {
          key: 'body',
          label: m.cBody,
          render: (x) => (
            <span>
              {x.body?.name}
              <span class="regie-cell-note">{x.body?.kind_label || kindLabel(null, x.body?.kind)}</span>
            </span>
          ),
        },
        { key: 'state', label: m.cState, render: (x) => <MeetingStateBadge meeting={x} /> },
        { key: 'items', label: m.cItems, render: (x) => String(x.items ?? 0) },
        ...(showAccess ? [{ key: 'access', label: m.cAccess, render: (x) => (x.access && x.access !== 'full' ? <AccessBadge access={x.access} /> : <span class="regie-muted">{t.form.empty}</span>) }] : []),
      ]}
    />
  ));
}

function NewMeeting({ options }) {
  const m = t.meetings;
  const me = String(getState().session?.user?.id ?? '');
  const bodies = (options.bodies || []).map((b) => ({ value: String(b.id), label: b.name }));
  const staff = staffOptions(options.staff);
  const initial = { ...emptyMeetingForm(), secretary_id: staff.some((s) => s.value === me) ? me : '' };
  if (bodies.length === 0) {
    return (
      <div class="regie-section">
        <Heading level={2} id="nm-heading">{m.newTitle}</Heading>
        <Paragraph>{m.noBodies}</Paragraph>
      </div>
    );
  }
  return (
    <MeetingForm
      name="nm"
      title={m.newTitle}
      headingLevel={2}
      intro={m.newIntro}
      fields={MEETING_FIELDS}
      initial={initial}
      validate={validateMeeting}
      labels={{ body_id: m.fBody, date: m.fDate, start_time: m.fTime, location: m.fLocation, chair_id: m.fChair, secretary_id: m.fSecretary }}
      submitLabel={m.create}
      variant="primary"
      send={async (body) => {
        const r = await post('/api/meetings', body);
        meetingFlash.id = r.id;
        meetingFlash.message = m.created;
        announce(m.created);
        navigate(`/app/overleggen/${encodeURIComponent(r.id)}`);
        return '';
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <SelectField id={idOf('body_id')} label={m.fBody} value={values.body_id} onValue={set('body_id')} error={errors.body_id} placeholder={m.fBodyChoose} options={bodies} />
          <div class="regie-field-row">
            <TextField id={idOf('date')} label={m.fDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
            <TextField id={idOf('start_time')} label={m.fTime} hint={m.fTimeHint} value={values.start_time} onValue={set('start_time')} error={errors.start_time} optional autocomplete="off" size="date" />
          </div>
          <TextField id={idOf('location')} label={m.fLocation} value={values.location} onValue={set('location')} error={errors.location} optional autocomplete="off" size="lg" maxLength={LIMITS.location} />
          <SelectField id={idOf('chair_id')} label={m.fChair} value={values.chair_id} onValue={set('chair_id')} error={errors.chair_id} placeholder={m.fChoosePerson} options={staff} />
          <SelectField id={idOf('secretary_id')} label={m.fSecretary} hint={m.fSecretaryHint} value={values.secretary_id} onValue={set('secretary_id')} error={errors.secretary_id} placeholder={m.fChoosePerson} options={staff} />
        </>
      )}
    </MeetingForm>
  );
}

function Bodies({ options, onCreated }) {
  const m = t.meetings;
  const bodies = Array.isArray(options.bodies) ? options.bodies : [];
  const kinds = optionsOrTable(options.kinds, MEETING_KIND_LABELS);
  const people = peopleOptions(options.people, { covenantOnly: true });
  return (
    <section class="regie-section" aria-labelledby="bodies-title">
      <Heading level={2} id="bodies-title">{m.bodiesTitle}</Heading>
      <Paragraph>{m.bodiesIntro}</Paragraph>
      {bodies.length === 0 ? (
        <Paragraph>{m.bodiesNone}</Paragraph>
      ) : (
        <Table
          id="bodies-table"
          caption={m.bodiesCaption}
          rows={bodies}
          rowKey={(b) => b.id}
          columns={[
            { key: 'name', label: m.cName, render: (b) => b.name },
            { key: 'kind', label: m.cKind, render: (b) => b.kind_label || kindLabel(options, b.kind) },
            { key: 'members', label: m.cMembers, render: (b) => (b.members?.length ? namesOf(b.members) : <span class="regie-muted">{m.noMembers}</span>) },
          ]}
        />
      )}
      {options.can_manage && (
        <Disclosure id="new-body" summary={m.newBodyTitle}>
          <MeetingForm
            name="nb"
            fields={BODY_FIELDS}
            initial={emptyBodyForm()}
            validate={validateBody}
            labels={{ kind: m.fKind, name: m.fName, members: m.fMembers }}
            submitLabel={m.createBody}
            send={async (body) => {
              const r = await post('/api/bodies', body);
              onCreated();
              return m.bodyCreated(r?.name || body.name);
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <SelectField id={idOf('kind')} label={m.fKind} value={values.kind} onValue={set('kind')} error={errors.kind} placeholder={t.orgs.fChoose} options={kinds} />
                <TextField id={idOf('name')} label={m.fName} hint={m.fNameHint} value={values.name} onValue={set('name')} error={errors.name} autocomplete="off" size="lg" maxLength={LIMITS.bodyName} />
                {people.length > 0 ? (
                  <CheckboxGroup id={idOf('members')} legend={m.fMembers} hint={m.fMembersHint(LIMITS.members)} error={errors.members} options={people} values={values.members} onValues={set('members')} optional />
                ) : (
                  <Paragraph id={idOf('members')}>{m.membersNone}</Paragraph>
                )}
              </>
            )}
          </MeetingForm>
        </Disclosure>
      )}
    </section>
  );
}

export function Meetings() {
  const m = t.meetings;
  const session = getState().session;
  const [list, setList] = useState(null);
  const [options, setOptions] = useState(null);
  const [error, setError] = useState('');

  const loadOptions = (fresh = false) => loadMeetingOptions({ fresh }).then(setOptions).catch(() => setOptions({}));
  useEffect(() => {
    let alive = true;
    get('/api/meetings')
      .then((r) => alive && setList(Array.isArray(r?.items) ? r.items : []))
      .catch((e) => alive && setError(errorView(e).summary));
    loadOptions();
    return () => {
      alive = false;
    };
  }, []);

  const staffView = canCreateMeeting(session);
  const groups = list ? groupMeetings(list) : null;
  const showAccess = (list || []).some((x) => x.access && x.access !== 'full');
  return (
    <Page title={m.listTitle} wide>
      <Paragraph lead>{staffView ? m.listIntro : m.invitedIntro}</Paragraph>
      {error && (
        <Alert type="error" id="meetings-error" focusKey={error}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {!list && !error && <Loading />}
      {groups && (
        <>
          <p class="utrecht-paragraph" id="meetings-count" role="status">{m.count(list.length)}</p>
          <section class="regie-section" aria-labelledby="upcoming-title">
            <Heading level={2} id="upcoming-title">{m.upcomingTitle}</Heading>
            {groups.upcoming.length === 0 ? <Paragraph>{m.noneUpcoming}</Paragraph> : <MonthTables groups={groups.upcoming} when="upcoming" showAccess={showAccess} />}
          </section>
          <section class="regie-section" aria-labelledby="past-title">
            <Heading level={2} id="past-title">{m.pastTitle}</Heading>
            {groups.past.length === 0 ? <Paragraph>{m.nonePast}</Paragraph> : <MonthTables groups={groups.past} when="past" showAccess={showAccess} />}
          </section>
        </>
      )}
      {options && staffView && (
        <section class="regie-section regie-panel" aria-labelledby="nm-heading">
          <NewMeeting options={options} />
        </section>
      )}
      {options && staffView && <Bodies options={options} onCreated={() => loadOptions(true)} />}
    </Page>
  );
}
