// One signal. The server decides what the viewer sees: the full view (sections below, fields the
// viewer may not see are absent) or the receipt (reference, status, feedback) for the reporter.
// `can` says which forms to show: update (status, partners, feedback), weigh, add_information,
// export, matches and update_ambtsbericht (burgemeester: NCTV, driehoek and readers of a restricted
// AIVD-ambtsbericht, which only the burgemeester and the named readers can see at all).
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  t, formatDate, formatDateTime, SIGNAL_ROUTE_LABELS, SIGNAL_STATE_LABELS, REPORTER_KIND_LABELS, SUBJECT_KIND_LABELS,
  INFO_CATEGORY_LABELS, FEEDBACK_CHANNEL_LABELS, label,
} from '../i18n/nl.js';
import { get, post, ApiError } from '../api.js';
import {
  optionList, optionLabel, nextStates, validateStatus, validateInvite, validateInformation, validateFeedback, formErrors,
  fieldId, ambtsberichtFormFrom, validateAmbtsberichtUpdate, ambtsberichtFieldKeys, ambtsberichtLabels, readerOptions,
} from '../signals.js';
import {
  Page, Paragraph, Heading, Button, ButtonGroup, LinkButton, Link, Alert, StatusBadge, Loading, DataList, TextField,
  SelectField, TextArea, Checkbox, announce,
} from '../components/ui.jsx';
import {
  loadSignalOptions, loadOrgs, StateBadge, Deadline, MultiLine, FormErrors, yesNo, createdFlash, takeDetailFlash, AmbtsberichtFields,
} from './SignalParts.jsx';
import { WeighingView, JointWarning } from './SignalWeighing.jsx';

const empty = () => <span class="regie-muted">{t.form.empty}</span>;
const has = (o, k) => o && Object.prototype.hasOwnProperty.call(o, k);

function Section({ id, title, children }) {
  return (
    <section class="regie-section" id={id} aria-labelledby={`${id}-title`}>
      <Heading level={2} id={`${id}-title`} tabIndex={-1}>{title}</Heading>
      {children}
    </section>
  );
}

/**
 * A small form on the detail page: its own error summary (unique id), success message and
 * focus handling. `validate(values)` → { errors, body }; `send(body)` posts it. After a success the
 * form is emptied again, unless `keepValues` (an edit form that shows the stored values).
 */
function MiniForm({ name, title, intro, fields, initial, validate, send, submitLabel, labels, keepValues = false, children }) {
  const [values, setValues] = useState(initial);
  const [err, setErr] = useState(null);
  const [ok, setOk] = useState(null);
  const [busy, setBusy] = useState(false);
  const idOf = (k) => fieldId(name, k);
  const set = (k) => (v) => setValues((old) => ({ ...old, [k]: v }));
  const fail = (next) => setErr((old) => ({ ...next, focusKey: (old?.focusKey || 0) + 1 }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const v = validate(values);
    if (!v.body) return fail({ errors: v.errors, summary: '', loose: [] });
    setBusy(true);
    try {
      const message = await send(v.body);
      setErr(null);
      if (!keepValues) setValues(initial);
      setOk((o) => ({ message, key: (o?.key || 0) + 1 }));
      announce(message);
    } catch (x) {
      const v2 = formErrors(x, { known: new Set(fields), labels });
      fail({ errors: v2.fields, summary: v2.summary, loose: v2.loose });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="regie-panel regie-section">
      <Heading level={3} id={`${name}-title`}>{title}</Heading>
      {ok && (
        <Alert type="ok" id={`${name}-ok`} focusKey={ok.key}>
          <Paragraph>{ok.message}</Paragraph>
        </Alert>
      )}
      <FormErrors id={`${name}-errors`} state={err} order={fields} idOf={idOf} />
      {intro && <Paragraph>{intro}</Paragraph>}
      <form class="utrecht-form regie-form" noValidate onSubmit={submit} aria-labelledby={`${name}-title`}>
        {children({ values, set, errors: err?.errors || {}, idOf })}
        <ButtonGroup>
          <Button type="submit" variant="secondary" busy={busy}>{busy ? t.form.busy : submitLabel}</Button>
        </ButtonGroup>
      </form>
    </div>
  );
}

function ReceiptView({ sig, options }) {
  const s = t.signals;
  const feedback = Array.isArray(sig.feedback) ? sig.feedback : [];
  return (
    <Page title={s.titleRef(sig.reference)}>
      <Paragraph lead>{s.receiptIntro}</Paragraph>
      <DataList
        items={[
          [s.receiptReference, <code class="utrecht-code" data-reference={sig.reference}>{sig.reference}</code>],
          [s.dReceived, formatDateTime(sig.received_at) || t.form.empty],
          [s.dState, <StateBadge item={sig} options={options} />],
        ]}
      />
      <Section id="terugkoppeling" title={s.receiptFeedback}>
        {feedback.length === 0 ? <Paragraph>{s.feedbackNone}</Paragraph> : <FeedbackList items={feedback} options={options} />}
      </Section>
      <ButtonGroup>
        <LinkButton variant="secondary" href="/app/meldingen">{s.toMine}</LinkButton>
      </ButtonGroup>
    </Page>
  );
}

function FeedbackList({ items, options }) {
  const s = t.signals;
  return (
    <ul class="utrecht-unordered-list" id="feedback-list">
      {items.map((f, i) => (
        <li class="utrecht-unordered-list__item" key={f.id ?? i}>
          <strong>{s.feedbackItem(formatDate(f.date) || formatDateTime(f.created_at), optionLabel(options?.feedback_channels, f.channel, FEEDBACK_CHANNEL_LABELS))}</strong>
          <MultiLine text={f.text} />
        </li>
      ))}
    </ul>
  );
}

function Matches({ signalId, initial }) {
  const s = t.signals;
  const [items, setItems] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const listRef = useRef(null);
  const check = async () => {
    setBusy(true);
    setError('');
    try {
      const r = await get(`/api/signals/${encodeURIComponent(signalId)}/matches`);
      setItems(Array.isArray(r?.items) ? r.items : []);
      window.setTimeout(() => listRef.current?.focus(), 0);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t.errors.unknown);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="bekende-personen" title={s.matchesTitle}>
      <Paragraph>{s.matchesIntro}</Paragraph>
      {error && <Alert type="error" id="matches-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {items && (
        <div ref={listRef} tabIndex={-1} id="matches-result">
          {items.length === 0 ? (
            <Paragraph>{s.matchesNone}</Paragraph>
          ) : (
            <ul class="utrecht-unordered-list" id="matches-list">
              {items.map((m) => (
                <li class="utrecht-unordered-list__item" key={`${m.signal_id}-${m.via}`}>
                  {m.accessible === false ? <strong>{m.reference}</strong> : <Link href={`/app/meldingen/${encodeURIComponent(m.signal_id)}`}>{m.reference}</Link>}
                  {' '}
                  <span>
                    ({[m.municipality?.name, m.state_label || label(SIGNAL_STATE_LABELS, m.state), formatDate(m.received_at), s.matchVia[m.via] || m.via, m.case_id ? s.matchCase(m.case_id) : '', m.accessible === false ? s.matchNoAccess : '']
                      .filter(Boolean).join(', ')})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ButtonGroup>
        <Button variant="secondary" onClick={check} busy={busy}>{busy ? t.form.busy : items ? s.matchesAgain : s.matchesCheck}</Button>
      </ButtonGroup>
    </Section>
  );
}

export function SignalDetail({ id }) {
  const s = t.signals;
  const [sig, setSig] = useState(null);
  const [options, setOptions] = useState(null);
  const [orgs, setOrgs] = useState(null);
  const [error, setError] = useState(null); // { status, message }
  const [flash] = useState(() => takeDetailFlash(id));
  const [initialMatches] = useState(() => {
    if (createdFlash.id != null && String(createdFlash.id) === String(id)) {
      const m = createdFlash.matches;
      createdFlash.id = null;
      createdFlash.matches = null;
      return m;
    }
    return null;
  });

  const load = async () => {
    try {
      const r = await get(`/api/signals/${encodeURIComponent(id)}`);
      setSig(r);
      setError(null);
      return r;
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : -1, message: e instanceof ApiError && e.status !== 404 ? e.message : s.notFound });
      return null;
    }
  };
  useEffect(() => {
    setSig(null);
    load().then((r) => {
      if (r?.can?.update) loadOrgs().then(setOrgs);
      if (window.location.hash) {
        window.setTimeout(() => document.getElementById(`${window.location.hash.slice(1)}-title`)?.scrollIntoView(), 0);
      }
    });
    loadSignalOptions().then(setOptions).catch(() => setOptions({}));
  }, [id]);

  if (error) {
    return (
      <Page title={s.detailTitle}>
        <Alert type="error" id="signal-error"><Paragraph>{error.message}</Paragraph></Alert>
        <LinkButton variant="secondary" href="/app/meldingen">{s.backToList}</LinkButton>
      </Page>
    );
  }
  if (!sig) return <Page title={s.detailTitle}><Loading /></Page>;
  if (sig.view === 'receipt') return <ReceiptView sig={sig} options={options} />;

  const can = sig.can || {};
  const opts = options || {};
  const subjects = Array.isArray(sig.subjects) ? sig.subjects : [];
  const info = Array.isArray(sig.information) ? sig.information : [];
  const participants = Array.isArray(sig.participants) ? sig.participants : [];
  const feedback = Array.isArray(sig.feedback) ? sig.feedback : [];
  const rep = sig.reporter;
  const acute = sig.acute || {};
  const w = sig.weighing;
  const amb = sig.ambtsbericht && typeof sig.ambtsbericht === 'object' ? sig.ambtsbericht : null;
  const next = nextStates(sig.state);
  const reload = () => load();

  const summary = [
    [s.dState, <StateBadge item={sig} options={opts} />],
    [s.dMunicipality, sig.municipality?.name || empty()],
    [s.dRoute, sig.route_label || optionLabel(opts.routes, sig.route, SIGNAL_ROUTE_LABELS) || empty()],
    [s.dReceived, formatDateTime(sig.received_at) || empty()],
  ];
  if (sig.registered_at) summary.push([s.dRegistered, formatDateTime(sig.registered_at)]);
  summary.push([s.dDeadline, <Deadline item={sig} />]);
  if (has(sig, 'phenomenon') && sig.phenomenon) summary.push([s.dPhenomenon, optionLabel(opts.phenomena, sig.phenomenon)]);
  if (has(sig, 'legal_ground') && sig.legal_ground) summary.push([s.dLegalGround, sig.legal_ground]);
  if (sig.case_id) summary.push([s.dCase, s.caseCreated(sig.case_id)]);

  const toc = [
    ['gegevens', s.summaryTitle],
    (amb || can.update_ambtsbericht) && ['ambtsbericht', s.ambtsberichtTitle],
    ['betrokkenen', s.subjectsTitle],
    ['melding', s.signalTitle],
    ['acuut', s.acuteTitle],
    can.matches && ['bekende-personen', s.matchesTitle],
    ['informatie', s.infoTitle],
    (can.update || participants.length > 0) && ['partners', s.participantsTitle],
    ['weging', s.weighingTitle],
    (can.update || feedback.length > 0) && ['terugkoppeling', s.feedbackTitle],
    can.export && ['exporteren', s.exportTitle],
  ].filter(Boolean);

  const participantIds = new Set(participants.map((p) => String(p.org?.id ?? p.org_id)));
  const inviteOrgs = (orgs || []).filter((o) => !participantIds.has(String(o.id)) && String(o.id) !== String(sig.municipality?.id));
  const categories = optionList(opts.categories, INFO_CATEGORY_LABELS);
  const channels = optionList(opts.feedback_channels?.length ? opts.feedback_channels : Object.keys(FEEDBACK_CHANNEL_LABELS), FEEDBACK_CHANNEL_LABELS);
  const base = `/api/signals/${encodeURIComponent(id)}`;

  return (
    <Page title={s.titleRef(sig.reference)} wide>
      {flash && (
        <Alert type="ok" id="signal-flash" focusKey={flash}>
          <Paragraph>{flash}</Paragraph>
        </Alert>
      )}
      {sig.restricted && (
        <Alert type="warning" id="signal-restricted" title={s.restrictedTitle}>
          <Paragraph>{s.restrictedText}</Paragraph>
          <Paragraph>{s.restrictedNoShare}</Paragraph>
        </Alert>
      )}
      {sig.acute?.danger && (
        <Alert type="error" id="signal-acute-banner"><Paragraph><strong>{s.acuteBanner}</strong></Paragraph></Alert>
      )}
      <nav aria-label={s.tocLabel} class="regie-subnav">
        <ul class="regie-subnav__list" role="list">
          {toc.map(([a, l]) => (
            <li class="regie-subnav__item" key={a}>
              <a class="utrecht-link utrecht-link--html-a regie-subnav__link" href={`#${a}`} onClick={(e) => {
                e.preventDefault();
                const h = document.getElementById(`${a}-title`);
                h?.focus();
                h?.scrollIntoView();
              }}
              >
                {l}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="gegevens" title={s.summaryTitle}>
        <DataList items={summary} />
        {can.update && (next.length > 0 ? (
          <MiniForm
            name="status"
            title={s.statusTitle}
            intro={s.statusIntro}
            fields={['state', 'note']}
            initial={{ state: '', note: '' }}
            labels={{ state: s.fNextState, note: s.fNote }}
            validate={validateStatus}
            send={async (body) => {
              await post(`${base}/status`, body);
              const r = await reload();
              return s.statusSaved(r?.state_label || label(SIGNAL_STATE_LABELS, body.state));
            }}
            submitLabel={s.statusSave}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <SelectField id={idOf('state')} label={s.fNextState} value={values.state} onValue={set('state')} error={errors.state} placeholder={s.fChoose}
                  options={next.map((x) => ({ value: x, label: optionLabel(opts.states, x, SIGNAL_STATE_LABELS) }))}
                />
                <TextArea id={idOf('note')} label={s.fNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={2} />
              </>
            )}
          </MiniForm>
        ) : null)}
      </Section>

      {(amb || can.update_ambtsbericht) && (
        <Section id="ambtsbericht" title={s.ambtsberichtTitle}>
          {amb && (
            <DataList
              items={[
                [s.dAddressee, amb.addressee || empty()],
                [s.dAmbReceived, formatDate(amb.received_date) || empty()],
                [s.dNctv, yesNo(amb.nctv_consulted)],
                ...(amb.nctv_consulted !== false ? [[s.dNctvDate, formatDate(amb.nctv_date) || empty()], [s.dNctvContact, amb.nctv_contact || empty()]] : []),
                [s.dDriehoek, amb.driehoek_decision ? <MultiLine text={amb.driehoek_decision} /> : empty()],
                [s.dDriehoekDate, formatDate(amb.driehoek_date) || empty()],
                ...(Array.isArray(amb.readers) ? [[s.dReaders, amb.readers.map((r) => r?.name || r?.display_name || String(r?.id ?? r)).join(', ') || empty()]] : []),
              ]}
            />
          )}
          {can.update_ambtsbericht && (
            <MiniForm
              key={id}
              name="amb"
              title={s.ambUpdateTitle}
              intro={s.ambUpdateIntro}
              fields={ambtsberichtFieldKeys('', { creating: false })}
              initial={ambtsberichtFormFrom(amb)}
              labels={ambtsberichtLabels()}
              validate={(v) => validateAmbtsberichtUpdate(v)}
              keepValues
              send={async (body) => {
                const r = await post(`${base}/ambtsbericht`, body);
                if (r?.view === 'full') setSig(r);
                else await reload();
                return s.ambUpdated;
              }}
              submitLabel={s.ambUpdateSave}
            >
              {({ values, set, errors, idOf }) => (
                <AmbtsberichtFields
                  a={values}
                  set={(k, v) => set(k)(v)}
                  idOf={idOf}
                  errorOf={(k) => errors[k]}
                  readers={readerOptions(opts.ambtsbericht_readers, amb?.readers)}
                />
              )}
            </MiniForm>
          )}
        </Section>
      )}

      <Section id="betrokkenen" title={s.subjectsTitle}>
        {subjects.length === 0 && <Paragraph>{t.form.empty}</Paragraph>}
        {subjects.map((p, i) => {
          const kind = label(SUBJECT_KIND_LABELS, p.kind || 'person');
          const person = p.kind !== 'organisation';
          const rows = [];
          if (has(p, 'name')) rows.push([s.fSubjectName, p.name || empty()]);
          if (person && has(p, 'birth_date')) rows.push([s.fSubjectBirth, p.birth_date ? <>{formatDate(p.birth_date)}{p.minor && <> <StatusBadge status="warning">{s.minor}</StatusBadge></>}</> : empty()]);
          if (person && has(p, 'bsn')) rows.push([s.fSubjectBsn, p.bsn ? <code class="utrecht-code">{p.bsn}</code> : empty()]);
          if (has(p, 'description')) rows.push([s.fSubjectDescription, p.description ? <span class="regie-break">{p.description}</span> : empty()]);
          return (
            <div class="regie-panel" key={p.id ?? i}>
              <Heading level={3}>{s.subjectTitle(i + 1, kind)}{p.minor && !has(p, 'birth_date') && <> <StatusBadge status="warning">{s.minor}</StatusBadge></>}</Heading>
              {rows.length ? <DataList items={rows} /> : <Paragraph>{s.subjectHidden}</Paragraph>}
            </div>
          );
        })}
      </Section>

      <Section id="melding" title={s.signalTitle}>
        {rep && !(amb && !rep.org && !rep.name && !rep.function && !rep.contact) && (
          <DataList
            items={[
              [s.dReporter, label(REPORTER_KIND_LABELS, rep.kind)],
              ...(rep.org?.name ? [[s.dReporterOrg, rep.org.name]] : []),
              ...(rep.name ? [[s.dReporterName, rep.name]] : []),
              ...(rep.function ? [[s.dReporterFunction, rep.function]] : []),
              ...(rep.contact ? [[s.dReporterContact, rep.contact]] : []),
            ]}
          />
        )}
        {has(sig, 'observed') && (
          <>
            <Heading level={3}>{s.dObserved}</Heading>
            <MultiLine text={sig.observed} />
          </>
        )}
      </Section>

      <Section id="acuut" title={s.acuteTitle}>
        <DataList
          items={[
            [s.dDanger, acute.danger ? <StatusBadge status="danger">{t.signals.yes}</StatusBadge> : yesNo(acute.danger)],
            ...(acute.danger ? [[s.dPoliceCalled, yesNo(acute.police_called)]] : []),
            ...(acute.called_by ? [[s.dCalledBy, acute.called_by]] : []),
            ...(acute.called_at ? [[s.dCalledAt, formatDateTime(acute.called_at)]] : []),
          ]}
        />
      </Section>

      {can.matches && <Matches signalId={id} initial={initialMatches} />}

      <Section id="informatie" title={s.infoTitle}>
        {info.length === 0 ? (
          <Paragraph>{s.infoNone}</Paragraph>
        ) : (
          <div class="regie-section" id="information-list">
            {info.map((it) => {
              const org = it.source_org?.name || t.form.empty;
              return (
                <article class="regie-panel regie-section" key={it.id} aria-labelledby={`info-${it.id}-title`}>
                  <Heading level={3} id={`info-${it.id}-title`}>{s.infoItemTitle(org, formatDateTime(it.created_at))}</Heading>
                  <p class="utrecht-paragraph">
                    <StatusBadge status="neutral">{it.category_label || optionLabel(opts.categories, it.category, INFO_CATEGORY_LABELS)}</StatusBadge>
                    {it.purpose_bound && <> <StatusBadge status="warning">{s.purposeBound}</StatusBadge></>}
                  </p>
                  <DataList
                    items={[
                      [s.dSourceOrg, org],
                      [s.dCategory, it.category_label || optionLabel(opts.categories, it.category, INFO_CATEGORY_LABELS)],
                      [s.dLegalBasis, it.legal_basis || t.form.empty],
                      ...(it.author ? [[s.dAuthor, typeof it.author === 'string' ? it.author : it.author.display_name || it.author.name || t.form.empty]] : []),
                    ]}
                  />
                  {it.purpose_bound && <Paragraph small>{s.purposeBoundText}</Paragraph>}
                  {has(it, 'content') && <MultiLine text={it.content} />}
                </article>
              );
            })}
          </div>
        )}
        {can.add_information && (
          <MiniForm
            name="info"
            title={s.addInfoTitle}
            intro={s.addInfoIntro}
            fields={['category', 'legal_basis', 'content', 'purpose_bound']}
            initial={{ category: '', legal_basis: '', content: '', purpose_bound: false }}
            labels={{ category: s.fCategory, legal_basis: s.fLegalBasis, content: s.fContent }}
            validate={validateInformation}
            send={async (body) => {
              await post(`${base}/information`, body);
              await reload();
              return s.infoAdded;
            }}
            submitLabel={s.addInfo}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <SelectField id={idOf('category')} label={s.fCategory} value={values.category} onValue={set('category')} error={errors.category} placeholder={s.fChoose} options={categories} />
                <TextField id={idOf('legal_basis')} label={s.fLegalBasis} hint={s.fLegalBasisHint} value={values.legal_basis} onValue={set('legal_basis')} error={errors.legal_basis} autocomplete="off" size="lg" />
                <TextArea id={idOf('content')} label={s.fContent} value={values.content} onValue={set('content')} error={errors.content} rows={6} />
                <Checkbox
                  id={idOf('purpose_bound')}
                  label={s.fPurposeBound}
                  hint={s.fPurposeBoundHint}
                  checked={values.category === 'police' || values.purpose_bound}
                  disabled={values.category === 'police'}
                  onChecked={set('purpose_bound')}
                  error={errors.purpose_bound}
                />
              </>
            )}
          </MiniForm>
        )}
      </Section>

      {(can.update || participants.length > 0) && (
        <Section id="partners" title={s.participantsTitle}>
          {participants.length === 0 ? (
            <Paragraph>{s.participantsNone}</Paragraph>
          ) : (
            <ul class="utrecht-unordered-list" id="participants-list">
              {participants.map((p, i) => (
                <li class="utrecht-unordered-list__item" key={p.org?.id ?? i}>
                  {s.participantAdded(p.org?.name || t.form.empty, formatDate(p.added_at))}
                  {p.reason && <span class="regie-cell-note">{p.reason}</span>}
                </li>
              ))}
            </ul>
          )}
          {can.update && (
            inviteOrgs.length === 0 && orgs ? (
              <Paragraph>{s.noOrgs}</Paragraph>
            ) : (
              <MiniForm
                name="invite"
                title={s.inviteTitle}
                intro={s.inviteIntro}
                fields={['org_id', 'reason']}
                initial={{ org_id: '', reason: '' }}
                labels={{ org_id: s.fInviteOrg, reason: s.fInviteReason }}
                validate={validateInvite}
                send={async (body) => {
                  await post(`${base}/participants`, body);
                  await reload();
                  return s.invited((orgs || []).find((o) => String(o.id) === String(body.org_id))?.name || '');
                }}
                submitLabel={s.invite}
              >
                {({ values, set, errors, idOf }) => (
                  <>
                    <SelectField id={idOf('org_id')} label={s.fInviteOrg} value={values.org_id} onValue={set('org_id')} error={errors.org_id} placeholder={s.fChoose}
                      options={inviteOrgs.map((o) => ({ value: String(o.id), label: o.name }))}
                    />
                    <TextArea id={idOf('reason')} label={s.fInviteReason} hint={s.fInviteReasonHint} value={values.reason} onValue={set('reason')} error={errors.reason} rows={3} />
                  </>
                )}
              </MiniForm>
            )
          )}
        </Section>
      )}

      <Section id="weging" title={s.weighingTitle}>
        {w ? (
          <>
            <JointWarning w={w} single={sig.single_org_weighing ?? w.single_org} />
            <WeighingView w={w} options={opts} orgs={orgs || []} tableId="weging" />
          </>
        ) : (
          <Paragraph>{s.weighingNone}</Paragraph>
        )}
        <ButtonGroup>
          {can.weigh && !w && <LinkButton href={`/app/meldingen/${encodeURIComponent(id)}/weging`}>{s.weighingAdd}</LinkButton>}
          {can.weigh && w && <LinkButton href={`/app/meldingen/${encodeURIComponent(id)}/weging?corrigeer=1`}>{s.weighingCorrect}</LinkButton>}
          {can.weigh && w && sig.state === 'herwegen' && <LinkButton variant="secondary" href={`/app/meldingen/${encodeURIComponent(id)}/weging`}>{s.weighingAdd}</LinkButton>}
          {w && <LinkButton variant="secondary" href={`/app/meldingen/${encodeURIComponent(id)}/wegingen`}>{s.weighingHistory}</LinkButton>}
        </ButtonGroup>
      </Section>

      {(can.update || feedback.length > 0) && (
        <Section id="terugkoppeling" title={s.feedbackTitle}>
          {feedback.length === 0 ? <Paragraph>{s.feedbackNone}</Paragraph> : <FeedbackList items={feedback} options={opts} />}
          {can.update && (
            <MiniForm
              name="feedback"
              title={s.feedbackTitle}
              intro={s.feedbackIntro}
              fields={['date', 'channel', 'text']}
              initial={{ date: '', channel: '', text: '' }}
              labels={{ date: s.fFeedbackDate, channel: s.fFeedbackChannel, text: s.fFeedbackText }}
              validate={(v) => validateFeedback(v)}
              send={async (body) => {
                await post(`${base}/feedback`, body);
                await reload();
                return s.feedbackAdded;
              }}
              submitLabel={s.addFeedback}
            >
              {({ values, set, errors, idOf }) => (
                <>
                  <TextField id={idOf('date')} label={s.fFeedbackDate} hint={s.fFeedbackDateHint} value={values.date} onValue={set('date')} error={errors.date} optional autocomplete="off" size="date" />
                  <SelectField id={idOf('channel')} label={s.fFeedbackChannel} value={values.channel} onValue={set('channel')} error={errors.channel} placeholder={s.fChoose} options={channels} />
                  <TextArea id={idOf('text')} label={s.fFeedbackText} value={values.text} onValue={set('text')} error={errors.text} rows={4} />
                </>
              )}
            </MiniForm>
          )}
        </Section>
      )}

      {can.export && (
        <Section id="exporteren" title={s.exportTitle}>
          <Paragraph>{s.exportText}</Paragraph>
          <p class="utrecht-paragraph">
            <a class="utrecht-link utrecht-link--html-a" href={`${base}/export`} download={`melding-${sig.reference}.json`}>{s.exportLink}</a>
          </p>
        </Section>
      )}

      <ButtonGroup>
        <LinkButton variant="secondary" href="/app/meldingen">{s.backToList}</LinkButton>
      </ButtonGroup>
    </Page>
  );
}
