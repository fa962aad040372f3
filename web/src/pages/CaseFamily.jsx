// Familieondersteuning: per relative who supports them, their needs, what was arranged after a
// death, and the contact log; forms for a new relative and a new contact.
import { t, formatDate, SUPPORTER_KIND_LABELS } from '../i18n/nl.js';
import { post } from '../api.js';
import {
  emptyFamilyForm, FAMILY_FIELDS, validateFamily, emptyContactForm, CONTACT_FIELDS, validateContact, optionsOrTable, supporterLabel,
  formatMediumDate, LIMITS,
} from '../cases.js';
import {
  Paragraph, Heading, Table, DataList, TextField, SelectField, TextArea, RadioGroup, Fieldset,
} from '../components/ui.jsx';
import { Disclosure } from './MeetingParts.jsx';
import { useCase, CaseShell, CaseForm, casePath, who } from './CaseParts.jsx';

function Relative({ f, c, options, editable, onDone }) {
  const k = t.cases;
  const name = f.relative?.name || '';
  const relation = f.relation || k.relativeHidden;
  const heading = k.relativeHeading(name, relation);
  const sup = f.supporter || {};
  const supText = [sup.label || supporterLabel(options, sup.kind), sup.user?.name, sup.org?.name].filter(Boolean).join(', ');
  const needs = [
    [k.fNeedsPractical, f.needs?.practical],
    [k.fNeedsEmotional, f.needs?.emotional],
    [k.fNeedsCare, f.needs?.care],
  ].filter(([, v]) => v);
  const ber = f.bereavement || {};
  const berLines = [
    [k.fNewsBy, ber.news_by],
    [k.fAftercare, ber.aftercare],
    [k.fCivilDate, ber.civil_procedure_info_date ? formatMediumDate(ber.civil_procedure_info_date) : ''],
  ].filter(([, v]) => v);
  const facts = [];
  if (f.relative?.birth_date) facts.push([k.dBirthDate, formatDate(f.relative.birth_date)]);
  facts.push([k.dSupporter, supText || t.form.empty]);
  facts.push([k.dNeeds, needs.length ? (
    <ul class="utrecht-unordered-list regie-plain-list">
      {needs.map(([w, v]) => <li class="utrecht-unordered-list__item regie-break" key={w}>{k.needLine(w, v)}</li>)}
    </ul>
  ) : <span class="regie-muted">{k.listNone}</span>]);
  if (berLines.length) {
    facts.push([k.dBereavement, (
      <ul class="utrecht-unordered-list regie-plain-list">
        {berLines.map(([w, v]) => <li class="utrecht-unordered-list__item regie-break" key={w}>{k.needLine(w, v)}</li>)}
      </ul>
    )]);
  }
  const contacts = (Array.isArray(f.contacts) ? f.contacts : []).slice().sort((a, b) => String(b.date || '').localeCompare(String(a.date || '')));
  const fid = `fam-${f.id}`;
  return (
    <article class="regie-section regie-version" aria-labelledby={`${fid}-title`} id={fid}>
      <Heading level={3} id={`${fid}-title`}>{heading}</Heading>
      <DataList items={facts} />
      <Heading level={4} id={`${fid}-contacts`}>{k.contactsTitle}</Heading>
      {contacts.length === 0 ? (
        <Paragraph>{k.contactsNone}</Paragraph>
      ) : (
        <Table
          id={`${fid}-table`}
          caption={k.contactsCaption(heading)}
          rows={contacts}
          rowKey={(x) => x.id}
          columns={[
            { key: 'date', label: k.cDate, render: (x) => <span class="regie-nowrap">{formatMediumDate(x.date)}</span> },
            { key: 'channel', label: k.cChannel, render: (x) => x.channel || t.form.empty },
            { key: 'note', label: k.cNote, render: (x) => (x.note ? <span class="regie-break">{x.note}</span> : <span class="regie-muted">{t.form.empty}</span>) },
            { key: 'by', label: k.cBy, render: (x) => who(x.by) },
          ]}
        />
      )}
      {editable && (
        <Disclosure id={`${fid}-contact-open`} summary={k.newContact}>
          <CaseForm
            name={`${fid}-ct`}
            fields={CONTACT_FIELDS}
            initial={emptyContactForm()}
            validate={validateContact}
            labels={{ date: k.fContactDate, channel: k.fChannel, note: k.fContactNote }}
            submitLabel={k.newContact}
            send={async (body) => {
              await post(`${casePath(c.id)}/family-support/${encodeURIComponent(f.id)}/contacts`, body);
              await onDone();
              return k.contactSaved;
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <div class="regie-field-row">
                  <TextField id={idOf('date')} label={k.fContactDate} hint={t.form.dateHint} value={values.date} onValue={set('date')} error={errors.date} autocomplete="off" size="date" />
                  <TextField id={idOf('channel')} label={k.fChannel} hint={k.fChannelHint} value={values.channel} onValue={set('channel')} error={errors.channel} autocomplete="off" maxLength={LIMITS.channel} />
                </div>
                <TextArea id={idOf('note')} label={k.fContactNote} value={values.note} onValue={set('note')} error={errors.note} optional rows={3} maxLength={LIMITS.line} />
              </>
            )}
          </CaseForm>
        </Disclosure>
      )}
    </article>
  );
}

function NewRelative({ c, options, onDone }) {
  const k = t.cases;
  const kinds = optionsOrTable(options?.supporter_kinds, SUPPORTER_KIND_LABELS);
  const people = (Array.isArray(options?.people) ? options.people : []).map((p) => ({ value: String(p.id), label: p.org?.name ? `${p.name}, ${p.org.name}` : p.name }));
  const orgs = (Array.isArray(options?.organisations) ? options.organisations : []).map((o) => ({ value: String(o.id), label: o.name }));
  return (
    <CaseForm
      name="fa"
      fields={FAMILY_FIELDS}
      initial={emptyFamilyForm()}
      validate={validateFamily}
      labels={{
        'relative.name': k.fRelativeName, 'relative.relation': k.fRelation, 'relative.birth_date': k.fBirthDate, 'supporter.kind': k.fSupporterKind,
        'supporter.user_id': k.fSupporterUser, 'supporter.org_id': k.fSupporterOrg, 'needs.practical': k.fNeedsPractical, 'needs.emotional': k.fNeedsEmotional,
        'needs.care': k.fNeedsCare, 'bereavement.news_by': k.fNewsBy, 'bereavement.aftercare': k.fAftercare, 'bereavement.civil_procedure_info_date': k.fCivilDate,
      }}
      submitLabel={k.addFamily}
      send={async (body) => {
        await post(`${casePath(c.id)}/family-support`, body);
        await onDone();
        return k.familySaved;
      }}
    >
      {({ values, set, errors, idOf }) => (
        <>
          <TextField id={idOf('relative.name')} label={k.fRelativeName} value={values.name} onValue={set('name')} error={errors['relative.name']} autocomplete="off" size="lg" maxLength={LIMITS.name} />
          <div class="regie-field-row">
            <TextField id={idOf('relative.relation')} label={k.fRelation} hint={k.fRelationHint} value={values.relation} onValue={set('relation')} error={errors['relative.relation']} autocomplete="off" maxLength={LIMITS.relation} />
            <TextField id={idOf('relative.birth_date')} label={k.fBirthDate} hint={t.form.dateHint} value={values.birth_date} onValue={set('birth_date')} error={errors['relative.birth_date']} optional autocomplete="off" size="date" />
          </div>
          <RadioGroup id={idOf('supporter.kind')} legend={k.fSupporterKind} options={kinds} value={values.supporter_kind} onValue={set('supporter_kind')} error={errors['supporter.kind']} />
          {people.length > 0 && (
            <SelectField id={idOf('supporter.user_id')} label={k.fSupporterUser} value={values.supporter_user_id} onValue={set('supporter_user_id')} error={errors['supporter.user_id']} placeholder={k.fChoosePerson} options={people} optional />
          )}
          {values.supporter_kind === 'organisatie' && (
            <SelectField id={idOf('supporter.org_id')} label={k.fSupporterOrg} value={values.supporter_org_id} onValue={set('supporter_org_id')} error={errors['supporter.org_id']} placeholder={k.fOwnerOrgChoose} options={orgs} />
          )}
          <TextArea id={idOf('needs.practical')} label={k.fNeedsPractical} value={values.practical} onValue={set('practical')} error={errors['needs.practical']} optional rows={2} maxLength={LIMITS.item} />
          <TextArea id={idOf('needs.emotional')} label={k.fNeedsEmotional} value={values.emotional} onValue={set('emotional')} error={errors['needs.emotional']} optional rows={2} maxLength={LIMITS.item} />
          <TextArea id={idOf('needs.care')} label={k.fNeedsCare} value={values.care} onValue={set('care')} error={errors['needs.care']} optional rows={2} maxLength={LIMITS.item} />
          <Fieldset id={idOf('bereavement')} legend={k.bereavementLegend} optional>
            <TextField id={idOf('bereavement.news_by')} label={k.fNewsBy} value={values.news_by} onValue={set('news_by')} error={errors['bereavement.news_by']} optional autocomplete="off" size="lg" maxLength={LIMITS.line} />
            <TextArea id={idOf('bereavement.aftercare')} label={k.fAftercare} value={values.aftercare} onValue={set('aftercare')} error={errors['bereavement.aftercare']} optional rows={2} maxLength={LIMITS.item} />
            <TextField id={idOf('bereavement.civil_procedure_info_date')} label={k.fCivilDate} hint={t.form.dateHint} value={values.civil_date} onValue={set('civil_date')} error={errors['bereavement.civil_procedure_info_date']} optional autocomplete="off" size="date" />
          </Fieldset>
        </>
      )}
    </CaseForm>
  );
}

export function CaseFamily({ id }) {
  const k = t.cases;
  const state = useCase(id, 'family-support');
  const onDone = () => state.reload();
  return (
    <CaseShell state={state} part="familie" title={(c) => k.familyTitle(c.reference)}>
      {(c, options) => {
        if (!Array.isArray(c.family_support)) return <Paragraph id="family-no-access">{k.noAccessPart}</Paragraph>;
        const list = c.family_support;
        const editable = !!c.can?.family && c.state !== 'afgesloten';
        return (
          <>
            <Paragraph lead>{k.familyIntro}</Paragraph>
            <section class="regie-section" aria-labelledby="family-title">
              <Heading level={2} id="family-title">{k.navFamily}</Heading>
              {list.length === 0 ? <Paragraph>{k.familyNone}</Paragraph> : list.map((f) => <Relative key={f.id} f={f} c={c} options={options} editable={editable} onDone={onDone} />)}
            </section>
            {editable && (
              <section class="regie-section regie-panel" aria-labelledby="family-new-title">
                <Heading level={2} id="family-new-title">{k.addFamily}</Heading>
                <NewRelative c={c} options={options} onDone={onDone} />
              </section>
            )}
          </>
        );
      }}
    </CaseShell>
  );
}
