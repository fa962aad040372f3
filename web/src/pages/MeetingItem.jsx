// One agenda item of a meeting: material, invitations, minutes, decisions and actions, with the
// forms for the secretary (can_edit, full access). An invited user or a core member reads only.
import {
  t, formatDate, formatDateTime, MEETING_ITEM_KIND_LABELS, MEETING_DECISION_TYPE_LABELS, label,
} from '../i18n/nl.js';
import { post } from '../api.js';
import {
  decisionTypeLabel, ruleLabel, optionsOrTable, peopleOptions, namesOf, formVotes, decisionRule, correctable,
  emptyInvitationForm, validateInvitation, INVITE_FIELDS, validateMinutes, MINUTES_FIELDS, isSaveShortcut,
  emptyDecisionForm, decisionFormFrom, validateDecision, decisionFieldKeys, emptyActionForm, validateAction, ACTION_FIELDS,
  ownerOptions, isOverdue, formatMediumDate, LIMITS,
} from '../meetings.js';
import {
  Heading, Paragraph, DataList, StatusBadge, TextField, SelectField, TextArea, RadioGroup, Fieldset, Link,
} from '../components/ui.jsx';
import { MultiLine } from './SignalParts.jsx';
import { MeetingForm, Disclosure, ActionStatusBadge, OverdueBadge } from './MeetingParts.jsx';

const empty = () => <span class="regie-muted">{t.form.empty}</span>;
const who = (x) => x?.name || (x?.id != null ? String(x.id) : '');

function SubSection({ id, title, children }) {
  return (
    <div class="regie-section regie-item-part" id={id}>
      <Heading level={3} id={`${id}-title`}>{title}</Heading>
      {children}
    </div>
  );
}

function ItemFacts({ item }) {
  const m = t.meetings;
  const facts = [[m.itemKind, item.kind_label || label(MEETING_ITEM_KIND_LABELS, item.kind)]];
  if (item.signal) {
    const sg = item.signal;
    facts.push([
      MEETING_ITEM_KIND_LABELS.signal,
      <Link href={`/app/meldingen/${encodeURIComponent(sg.id)}`}>{m.itemSignal(sg.reference, sg.state_label)}</Link>,
    ]);
  }
  if (item.case) facts.push([MEETING_ITEM_KIND_LABELS.case, m.itemCase(item.case.id, item.case.state_label)]);
  const subjects = item.signal?.subjects || item.case?.subjects;
  if (Array.isArray(subjects) && subjects.length) {
    facts.push([m.itemSubjects, subjects.map((s) => [s.name, s.birth_date ? formatDate(s.birth_date) : ''].filter(Boolean).join(', ')).filter(Boolean).join('; ') || empty()]);
  }
  if (item.signal?.observed) facts.push([m.itemObserved, <MultiLine text={item.signal.observed} />]);
  return <DataList items={facts} />;
}

// ------------------------------------------------------------------ invitations

function Invitations({ meeting, item, options, editable, onChange }) {
  const m = t.meetings;
  const list = Array.isArray(item.invitations) ? item.invitations : [];
  const exclude = [
    ...(meeting.core_members || []).map((c) => c.user?.id),
    ...list.map((i) => i.user?.id),
  ].filter((x) => x != null);
  const people = peopleOptions(options.people, { covenantOnly: true, exclude });
  const win = options.invite_window || {};
  const name = `inv-${item.id}`;
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  return (
    <SubSection id={`item-${item.id}-inv`} title={m.invitationsTitle}>
      {list.length === 0 ? (
        <Paragraph>{m.invitationsNone}</Paragraph>
      ) : (
        <ul class="utrecht-unordered-list regie-plain-list" id={`item-${item.id}-invitations`}>
          {list.map((inv) => (
            <li class="utrecht-unordered-list__item" key={inv.id}>
              <strong>{m.invitationLine(who(inv.user), inv.org?.name || t.form.empty)}</strong>
              {inv.reason && <span class="regie-cell-line">{m.invitationReason}: {inv.reason}</span>}
              {inv.from && inv.until && <span class="regie-cell-note">{m.invitationWindow(formatDate(inv.from), formatDate(inv.until))}</span>}
            </li>
          ))}
        </ul>
      )}
      {editable && !adopted && (
        <Disclosure id={`${name}-open`} summary={m.inviteTitle}>
          <MeetingForm
            name={name}
            intro={m.inviteIntro(win.before_days ?? 7, win.after_days ?? 1)}
            fields={INVITE_FIELDS}
            initial={emptyInvitationForm()}
            validate={validateInvitation}
            labels={{ user_id: m.fPerson, reason: m.fReason.replace(/\?$/, '') }}
            submitLabel={m.invite}
            send={async (body) => {
              const r = await post(`/api/meetings/${encodeURIComponent(meeting.id)}/items/${encodeURIComponent(item.id)}/invitations`, body);
              await onChange(r);
              return m.invited(people.find((p) => p.value === String(body.user_id))?.label || '');
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <SelectField id={idOf('user_id')} label={m.fPerson} hint={m.fPersonHint} value={values.user_id} onValue={set('user_id')} error={errors.user_id} placeholder={m.fChoosePerson} options={people} />
                <TextArea id={idOf('reason')} label={m.fReason} value={values.reason} onValue={set('reason')} error={errors.reason} rows={3} maxLength={LIMITS.reason} />
              </>
            )}
          </MeetingForm>
        </Disclosure>
      )}
    </SubSection>
  );
}

// ------------------------------------------------------------------ minutes

function Minutes({ meeting, item, editable, onChange }) {
  const m = t.meetings;
  const min = item.minutes;
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  const history = Array.isArray(min?.history) ? min.history : [];
  const name = `min-${item.id}`;
  const meta = min ? m.minutesMeta(min.version ?? 1, formatDateTime(min.saved_at), who(min.saved_by)) : '';
  return (
    <SubSection id={`item-${item.id}-min`} title={m.minutesTitle}>
      {!editable && (min?.text ? <MultiLine text={min.text} /> : <Paragraph>{m.minutesNone}</Paragraph>)}
      {min && <Paragraph small>{meta}</Paragraph>}
      {editable && (
        <MeetingForm
          name={name}
          fields={MINUTES_FIELDS}
          initial={{ text: min?.text || '', correction_reason: '' }}
          keep={(v) => ({ ...v, correction_reason: '' })}
          validate={(v) => validateMinutes(v, { adopted, saved: min?.text ?? '' })}
          labels={{ text: m.fMinutes, correction_reason: m.fCorrectionReason }}
          submitLabel={m.saveMinutes}
          send={async (body) => {
            const r = await post(`/api/meetings/${encodeURIComponent(meeting.id)}/items/${encodeURIComponent(item.id)}/minutes`, body);
            await onChange(r);
            return m.minutesSaved;
          }}
        >
          {({ values, set, errors, idOf, submit }) => (
            <>
              <TextArea
                id={idOf('text')}
                label={m.fMinutes}
                hint={m.fMinutesHint}
                value={values.text}
                onValue={set('text')}
                error={errors.text}
                rows={8}
                aria-keyshortcuts="Control+Enter"
                onKeyDown={(e) => {
                  if (isSaveShortcut(e)) {
                    e.preventDefault();
                    submit();
                  }
                }}
              />
              {adopted && (
                <TextArea id={idOf('correction_reason')} label={m.fCorrectionReason} hint={m.fCorrectionReasonHint} value={values.correction_reason} onValue={set('correction_reason')} error={errors.correction_reason} rows={2} />
              )}
            </>
          )}
        </MeetingForm>
      )}
      {history.length > 1 && (
        <Disclosure id={`${name}-history`} summary={m.minutesHistory}>
          <ol class="utrecht-ordered-list regie-plain-list">
            {history.map((h) => (
              <li class="utrecht-ordered-list__item" key={h.version}>
                <strong>{m.minutesVersion(h.version, formatDateTime(h.saved_at), who(h.saved_by))}</strong>
                {h.reason && <span class="regie-cell-line">{m.minutesReason(h.reason)}</span>}
                <MultiLine text={h.text} />
              </li>
            ))}
          </ol>
        </Disclosure>
      )}
    </SubSection>
  );
}

// ------------------------------------------------------------------ decisions

function DecisionView({ d, options, all }) {
  const m = t.meetings;
  const version = (id) => all.find((x) => String(x.id) === String(id))?.version;
  const facts = [
    [m.dDecisionText, <MultiLine text={d.text} />],
    [m.dResult, `${m.result[d.result] || d.result || t.form.empty}${d.rule ? ` (${d.rule_label || ruleLabel(options, d.rule)})` : ''}`],
    [m.dVotes, d.votes ? m.votesText(d.votes.voor ?? 0, d.votes.tegen ?? 0, d.votes.onthouding ?? 0) : m.noVotes],
  ];
  if (d.chair_vote) facts.push([m.dChairVote, d.chair_vote === 'voor' ? m.chairVoor : d.chair_vote === 'tegen' ? m.chairTegen : String(d.chair_vote)]);
  facts.push([m.dRationale, <MultiLine text={d.rationale} />]);
  if (d.alternatives) facts.push([m.dAlternatives, <MultiLine text={d.alternatives} />]);
  if (d.legal_basis) facts.push([m.dLegalBasis, d.legal_basis]);
  if (d.dissent) facts.push([m.dDissent, <MultiLine text={d.dissent} />]);
  if (d.decided_date) facts.push([m.dDecidedDate, formatMediumDate(d.decided_date)]);
  if (Array.isArray(d.attendees) && d.attendees.length) facts.push([m.dAttendees, namesOf(d.attendees)]);
  if (d.created_at) facts.push([m.dRecorded, m.recordedBy(who(d.created_by) || t.form.empty, formatDateTime(d.created_at))]);
  const title = m.decisionHeading(d.type_label || decisionTypeLabel(options, d.type), d.version ?? 1);
  return (
    <article class="regie-panel regie-decision" aria-labelledby={`dec-${d.id}-title`} data-decision={d.id}>
      <Heading level={4} id={`dec-${d.id}-title`}>{title}</Heading>
      <p class="utrecht-paragraph regie-badges">
        {d.superseded_by ? <StatusBadge status="inactive">{m.supersededBy}</StatusBadge> : <StatusBadge status="valid">{m.current}</StatusBadge>}
        {d.corrects && <StatusBadge status="neutral">{m.corrects}{version(d.corrects) ? ` (versie ${version(d.corrects)})` : ''}</StatusBadge>}
      </p>
      <DataList items={facts} />
    </article>
  );
}

function DecisionForm({ meeting, item, options, onChange }) {
  const m = t.meetings;
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  const decisions = Array.isArray(item.decisions) ? item.decisions : [];
  const open = correctable(decisions);
  const types = optionsOrTable(options.decision_types, MEETING_DECISION_TYPE_LABELS);
  const name = `dec-${item.id}`;
  const typeOf = (d) => d.type_label || decisionTypeLabel(options, d.type);
  const short = (s) => (String(s).length > 60 ? `${String(s).slice(0, 57)}…` : String(s));
  return (
    <Disclosure id={`${name}-open`} summary={adopted ? m.decisionCorrectTitle : m.decisionFormTitle}>
      <MeetingForm
        name={name}
        intro={adopted ? m.onlyCorrections : ''}
        fields={decisionFieldKeys}
        initial={emptyDecisionForm()}
        validate={(v) => validateDecision(v, { onlyCorrections: adopted })}
        labels={{
          corrects: m.fCorrects, type: m.fType, text: m.dDecisionText, rationale: m.dRationale, alternatives: m.dAlternatives, legal_basis: m.fLegalBasis,
          dissent: m.fDissent, 'votes.voor': m.fVoor, 'votes.tegen': m.fTegen, 'votes.onthouding': m.fOnthouding, votes: m.votesLegend, chair_vote: m.dChairVote,
          decided_date: m.fDecidedDate,
        }}
        submitLabel={m.saveDecision}
        send={async (body) => {
          const r = await post(`/api/meetings/${encodeURIComponent(meeting.id)}/items/${encodeURIComponent(item.id)}/decisions`, body);
          await onChange(r);
          return m.decisionSaved;
        }}
      >
        {({ values, set, errors, idOf, setValues }) => {
          const votes = formVotes(values);
          const countsOk = !votes || (!Number.isNaN(votes.voor) && !Number.isNaN(votes.tegen));
          const preview = countsOk && votes && votes.voor === 0 && votes.tegen === 0 ? null : countsOk ? decisionRule(votes, values.chair_vote) : null;
          return (
            <>
              {open.length > 0 && (
                <SelectField
                  id={idOf('corrects')}
                  label={m.fCorrects}
                  hint={m.fCorrectsHint}
                  value={values.corrects}
                  onValue={(v) => {
                    const d = open.find((x) => String(x.id) === v);
                    setValues(d ? decisionFormFrom(d) : { ...values, corrects: '' });
                  }}
                  error={errors.corrects}
                  placeholder={m.fCorrectsNone}
                  options={open.map((d) => ({ value: String(d.id), label: m.correctsOption(typeOf(d), short(d.text)) }))}
                />
              )}
              <SelectField id={idOf('type')} label={m.fType} value={values.type} onValue={set('type')} error={errors.type} placeholder={m.fTypeChoose} options={types} />
              <TextArea id={idOf('text')} label={m.fDecision} value={values.text} onValue={set('text')} error={errors.text} rows={3} maxLength={LIMITS.decisionText} />
              <TextArea id={idOf('rationale')} label={m.fRationale} value={values.rationale} onValue={set('rationale')} error={errors.rationale} rows={4} />
              <TextArea id={idOf('alternatives')} label={m.fAlternatives} value={values.alternatives} onValue={set('alternatives')} error={errors.alternatives} optional rows={2} />
              <TextField id={idOf('legal_basis')} label={m.fLegalBasis} value={values.legal_basis} onValue={set('legal_basis')} error={errors.legal_basis} optional autocomplete="off" size="lg" />
              <RadioGroup
                id={idOf('voted')}
                legend={m.fVoted}
                options={[{ value: 'nee', label: m.votedNo }, { value: 'ja', label: m.votedYes }]}
                value={values.voted}
                onValue={set('voted')}
                error={errors.voted}
              />
              {values.voted === 'ja' && (
                <Fieldset id={idOf('votes')} legend={m.votesLegend} error={errors.votes} class="regie-panel">
                  <div class="regie-field-row">
                    <TextField id={idOf('votes.voor')} label={m.fVoor} value={values.voor} onValue={set('voor')} error={errors['votes.voor']} inputMode="numeric" autocomplete="off" size="date" />
                    <TextField id={idOf('votes.tegen')} label={m.fTegen} value={values.tegen} onValue={set('tegen')} error={errors['votes.tegen']} inputMode="numeric" autocomplete="off" size="date" />
                    <TextField id={idOf('votes.onthouding')} label={m.fOnthouding} value={values.onthouding} onValue={set('onthouding')} error={errors['votes.onthouding']} inputMode="numeric" autocomplete="off" size="date" optional />
                  </div>
                  {preview?.tie && (
                    <RadioGroup
                      id={idOf('chair_vote')}
                      legend={m.fChairVote}
                      options={[{ value: 'voor', label: m.chairVoor }, { value: 'tegen', label: m.chairTegen }]}
                      value={values.chair_vote}
                      onValue={set('chair_vote')}
                      error={errors.chair_vote}
                    />
                  )}
                </Fieldset>
              )}
              <p class="utrecht-paragraph regie-rule-preview" id={idOf('preview')} role="status">
                <strong>{m.rulePreviewTitle}: </strong>
                {preview ? preview.text : m.rulePreview.empty}
                {preview?.dissentRequired && !values.dissent.trim() ? ` ${m.rulePreview.dissentNeeded}` : ''}
              </p>
              <TextArea id={idOf('dissent')} label={m.fDissent} hint={m.fDissentHint} value={values.dissent} onValue={set('dissent')} error={errors.dissent} optional={!preview?.dissentRequired} rows={2} />
              <TextField id={idOf('decided_date')} label={m.fDecidedDate} hint={m.fDecidedDateHint} value={values.decided_date} onValue={set('decided_date')} error={errors.decided_date} optional autocomplete="off" size="date" />
            </>
          );
        }}
      </MeetingForm>
    </Disclosure>
  );
}

function Decisions({ meeting, item, options, editable, onChange }) {
  const m = t.meetings;
  const decisions = Array.isArray(item.decisions) ? item.decisions : [];
  return (
    <SubSection id={`item-${item.id}-dec`} title={m.decisionsTitle}>
      {decisions.length === 0 ? <Paragraph>{m.decisionsNone}</Paragraph> : decisions.map((d) => <DecisionView key={d.id} d={d} options={options} all={decisions} />)}
      {editable && (decisions.length > 0 || !(meeting.adopted || meeting.state === 'vastgesteld')) && (
        <DecisionForm meeting={meeting} item={item} options={options} onChange={onChange} />
      )}
    </SubSection>
  );
}

// ------------------------------------------------------------------ actions

function Actions({ meeting, item, options, editable, onChange }) {
  const m = t.meetings;
  const list = Array.isArray(item.actions) ? item.actions : [];
  const adopted = !!meeting.adopted || meeting.state === 'vastgesteld';
  const owners = ownerOptions(meeting, options);
  const name = `act-${item.id}`;
  return (
    <SubSection id={`item-${item.id}-act`} title={m.actionsTitle}>
      {list.length === 0 ? (
        <Paragraph>{m.actionsNone}</Paragraph>
      ) : (
        <ul class="utrecht-unordered-list regie-plain-list" id={`item-${item.id}-actions`}>
          {list.map((a) => (
            <li class="utrecht-unordered-list__item regie-action-line" key={a.id}>
              <strong class="regie-break">{a.description}</strong>
              <span class="regie-cell-line">{m.actionLine(who(a.owner), a.owner_org?.name || t.form.empty, formatDate(a.due_date))}</span>
              <span class="regie-badges">
                <ActionStatusBadge action={a} options={options} />
                {isOverdue(a) && <OverdueBadge />}
              </span>
            </li>
          ))}
        </ul>
      )}
      {editable && !adopted && (
        <Disclosure id={`${name}-open`} summary={m.actionFormTitle}>
          <MeetingForm
            name={name}
            fields={ACTION_FIELDS}
            initial={emptyActionForm()}
            validate={(v) => validateAction(v, meeting.date)}
            labels={{ description: m.fDescription.replace(/\?$/, ''), owner_id: m.fOwner.replace(/\?$/, ''), due_date: m.fDue, owner_org_id: m.fOwner.replace(/\?$/, '') }}
            submitLabel={m.addAction}
            send={async (body) => {
              const r = await post(`/api/meetings/${encodeURIComponent(meeting.id)}/items/${encodeURIComponent(item.id)}/actions`, body);
              await onChange(r);
              return m.actionAdded;
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <TextArea id={idOf('description')} label={m.fDescription} value={values.description} onValue={set('description')} error={errors.description} rows={2} maxLength={LIMITS.description} />
                <SelectField id={idOf('owner_id')} label={m.fOwner} value={values.owner_id} onValue={set('owner_id')} error={errors.owner_id} placeholder={m.fChoosePerson} options={owners} />
                <TextField id={idOf('due_date')} label={m.fDue} hint={t.form.dateHint} value={values.due_date} onValue={set('due_date')} error={errors.due_date} autocomplete="off" size="date" />
              </>
            )}
          </MeetingForm>
        </Disclosure>
      )}
    </SubSection>
  );
}

// ------------------------------------------------------------------ the item

/** `editable`: the caller may change the meeting (can_edit and full access). */
export function MeetingItem({ meeting, item, index, options, editable, onChange }) {
  const m = t.meetings;
  const n = item.position ?? index + 1;
  return (
    <section class="regie-section regie-agenda-item" id={`item-${item.id}`} aria-labelledby={`item-${item.id}-title`} data-item={item.id}>
      <Heading level={2} id={`item-${item.id}-title`} tabIndex={-1}>{m.itemTitle(n, item.title)}</Heading>
      <ItemFacts item={item} />
      <SubSection id={`item-${item.id}-mat`} title={m.materialTitle}>
        {item.material ? <MultiLine text={item.material} /> : <Paragraph>{m.materialNone}</Paragraph>}
      </SubSection>
      <Invitations meeting={meeting} item={item} options={options} editable={editable} onChange={onChange} />
      <Minutes meeting={meeting} item={item} editable={editable} onChange={onChange} />
      <Decisions meeting={meeting} item={item} options={options} editable={editable} onChange={onChange} />
      <Actions meeting={meeting} item={item} options={options} editable={editable} onChange={onChange} />
    </section>
  );
}
