// Communicatielijn: the versions of the line agreed in the triangle (who speaks, key messages,
// audience) and "Nieuwe versie". The server refuses key messages with a name of a person in the
// case or a number; the page shows that warning and lets the user change the text or confirm
// it (accept_warnings), after which the warning is stored with the version.
import { useState } from 'preact/hooks';
import { t, formatDateTime, COMM_OWNER_LABELS } from '../i18n/nl.js';
import { post, ApiError } from '../api.js';
import { emptyCommForm, COMM_FIELDS, validateComm, commWarning, optionsOrTable, commOwnerLabel, formatMediumDate, LIMITS } from '../cases.js';
import { Paragraph, Heading, DataList, TextField, TextArea, RadioGroup, Checkbox } from '../components/ui.jsx';
import { useCase, CaseShell, CaseForm, Text, casePath, who } from './CaseParts.jsx';

function Version({ x, options }) {
  const k = t.cases;
  const facts = [
    [k.dCommOwner, x.owner_label || commOwnerLabel(options, x.owner)],
    [k.dKeyMessages, <Text text={x.key_messages} />],
    [k.dAudience, x.audience || t.form.empty],
    [k.dCommDate, formatMediumDate(x.decided_date) || t.form.empty],
  ];
  const warnings = Array.isArray(x.warnings) ? x.warnings.filter(Boolean) : [];
  if (warnings.length) facts.push([k.dWarnings, warnings.join('; ')]);
  return (
    <article class="regie-section regie-version" aria-labelledby={`cl-${x.id}-title`} data-version={x.version}>
      <Heading level={3} id={`cl-${x.id}-title`}>{k.commHeading(x.version ?? 1, x.owner_label || commOwnerLabel(options, x.owner))}</Heading>
      <DataList items={facts} />
      <Paragraph small>{k.aRecorded(who(x.created_by), formatDateTime(x.created_at) || t.form.empty)}</Paragraph>
    </article>
  );
}

export function CaseCommunication({ id }) {
  const k = t.cases;
  const state = useCase(id, 'communication-line');
  const [warned, setWarned] = useState('');
  return (
    <CaseShell state={state} part="communicatie" title={(c) => k.commTitle(c.reference)}>
      {(c, options) => {
        if (!Array.isArray(c.communication_lines)) return <Paragraph id="part-no-access">{k.noAccessPart}</Paragraph>;
        const list = (Array.isArray(c.communication_lines) ? c.communication_lines : []).slice().sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
        const owners = optionsOrTable(options?.comm_owners, COMM_OWNER_LABELS);
        return (
          <>
            <Paragraph lead>{k.commIntro}</Paragraph>
            <section class="regie-section" aria-labelledby="comm-title">
              <Heading level={2} id="comm-title">{k.navCommunication}</Heading>
              {list.length === 0 ? <Paragraph>{k.commNone}</Paragraph> : list.map((x) => <Version key={x.id} x={x} options={options} />)}
            </section>
            {c.can?.communication && c.state !== 'afgesloten' && (
              <section class="regie-section regie-panel" aria-labelledby="comm-new-title">
                <Heading level={2} id="comm-new-title">{k.newCommTitle}</Heading>
                <CaseForm
                  name="cl"
                  fields={COMM_FIELDS}
                  initial={emptyCommForm()}
                  validate={(v) => validateComm(v, { warned })}
                  labels={{ owner: k.fCommOwner, key_messages: k.fKeyMessages, accept_warnings: k.fAccept, audience: k.fAudience, decided_date: k.fCommDate }}
                  submitLabel={k.addComm}
                  send={async (body) => {
                    try {
                      await post(`${casePath(c.id)}/communication-line`, body);
                    } catch (e) {
                      const w = commWarning(e);
                      if (!w) throw e;
                      setWarned(body.key_messages);
                      throw new ApiError({ status: 400, title: k.warnTitle, detail: k.warnTitle, errors: [{ field: 'key_messages', reason: w.text }] });
                    }
                    setWarned('');
                    await state.reload();
                    return k.commSaved;
                  }}
                >
                  {({ values, set, errors, idOf }) => (
                    <>
                      <RadioGroup id={idOf('owner')} legend={k.fCommOwner} options={owners} value={values.owner} onValue={set('owner')} error={errors.owner} />
                      <TextArea id={idOf('key_messages')} label={k.fKeyMessages} hint={k.fKeyMessagesHint} value={values.key_messages} onValue={set('key_messages')} error={errors.key_messages} rows={5} />
                      {warned && (
                        <Checkbox id={idOf('accept_warnings')} label={k.fAccept} checked={values.accept} onChecked={set('accept')} error={errors.accept_warnings} />
                      )}
                      <TextField id={idOf('audience')} label={k.fAudience} value={values.audience} onValue={set('audience')} error={errors.audience} autocomplete="off" size="lg" maxLength={LIMITS.line} />
                      <TextField id={idOf('decided_date')} label={k.fCommDate} hint={k.fDecidedDateHint} value={values.decided_date} onValue={set('decided_date')} error={errors.decided_date} optional autocomplete="off" size="date" />
                    </>
                  )}
                </CaseForm>
              </section>
            )}
          </>
        );
      }}
    </CaseShell>
  );
}
