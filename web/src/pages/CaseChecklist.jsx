// Checklist of a case, grouped the way the factsheets group it (Per casus, Dreigende uitreis,
// Uitgereisd, Terugkeer, Overlijden, Minderjarige, Paspoort): state (open, gedaan, niet van
// toepassing with a reason), owner, due date ("te laat" in text) and evidence. Who may update an
// item (`can_update`) changes it in a dialog; only the municipality assigns and plans.
import { useState } from 'preact/hooks';
import { t, CASE_TASK_STATE_LABELS, EVIDENCE_KIND_LABELS } from '../i18n/nl.js';
import { patch } from '../api.js';
import {
  groupTasks, taskForm, TASK_FIELDS, validateTask, taskOwnerOptions, evidenceText, optionsOrTable, taskStateLabel,
  formatMediumDate, LIMITS,
} from '../cases.js';
import {
  Paragraph, Heading, Alert, Table, Button, StatusBadge, TextField, SelectField, TextArea, RadioGroup, Dialog, announce,
} from '../components/ui.jsx';
import { useCase, CaseShell, CaseForm, DueCell, casePath, who } from './CaseParts.jsx';

function TaskState({ task, options }) {
  const k = t.cases;
  const s = task.state;
  return (
    <span class="regie-cell-stack">
      <StatusBadge status={s === 'done' ? 'valid' : s === 'nvt' ? 'inactive' : 'active'}>{task.state_label || taskStateLabel(options, s)}</StatusBadge>
      {s === 'nvt' && task.reason && <span class="regie-cell-note regie-break">{k.reasonLine(task.reason)}</span>}
      {s === 'done' && task.done_date && <span class="regie-cell-note">{k.doneOn(formatMediumDate(task.done_date))}</span>}
    </span>
  );
}

function TaskDialog({ c, task, options, onClose, onSaved }) {
  const k = t.cases;
  const municipal = !!c.can?.checklist;
  const states = optionsOrTable(options?.task_states, CASE_TASK_STATE_LABELS);
  const kinds = optionsOrTable(options?.evidence_kinds, EVIDENCE_KIND_LABELS);
  const owners = taskOwnerOptions(options?.people, c);
  return (
    <Dialog id="task-dialog" open={!!task} title={task ? k.taskDialogTitle(task.code) : ''} onCancel={onClose}>
      {task && (
        <>
          <p class="utrecht-paragraph regie-break" id="task-dialog-text">{task.title}</p>
          <CaseForm
            key={task.id}
            name="tk"
            fields={TASK_FIELDS}
            initial={taskForm(task)}
            keep
            validate={(v) => validateTask(v, task, { municipal })}
            labels={{
              state: k.fTaskState, reason: k.fReason, owner_id: k.fTaskOwner, due_date: k.fTaskDue, evidence: k.fEvidenceKind,
              'evidence.kind': k.fEvidenceKind, 'evidence.text': k.fEvidenceText,
            }}
            submitLabel={k.saveTask}
            variant="primary"
            send={async (body) => {
              await patch(`${casePath(c.id)}/checklist/${encodeURIComponent(task.id)}`, body);
              await onSaved(k.taskSaved(task.code));
              return '';
            }}
          >
            {({ values, set, errors, idOf }) => (
              <>
                <RadioGroup id={idOf('state')} legend={k.fTaskState} options={states} value={values.state} onValue={set('state')} error={errors.state} />
                {values.state === 'nvt' && (
                  <TextArea id={idOf('reason')} label={k.fReason} value={values.reason} onValue={set('reason')} error={errors.reason} rows={2} maxLength={LIMITS.item} />
                )}
                {municipal && owners.length > 0 && (
                  <SelectField id={idOf('owner_id')} label={k.fTaskOwner} value={values.owner_id} onValue={set('owner_id')} error={errors.owner_id} placeholder={k.fChoosePerson} options={owners} />
                )}
                {municipal && (
                  <TextField id={idOf('due_date')} label={k.fTaskDue} hint={t.form.dateHint} value={values.due_date} onValue={set('due_date')} error={errors.due_date} optional autocomplete="off" size="date" />
                )}
                <SelectField id={idOf('evidence.kind')} label={k.fEvidenceKind} value={values.evidence_kind} onValue={set('evidence_kind')} error={errors['evidence.kind'] || errors.evidence} placeholder={k.fEvidenceNone} options={kinds} optional />
                {values.evidence_kind && (
                  <TextField id={idOf('evidence.text')} label={k.fEvidenceText} hint={k.fEvidenceTextHint} value={values.evidence_text} onValue={set('evidence_text')} error={errors['evidence.text']} autocomplete="off" size="lg" maxLength={LIMITS.item} />
                )}
              </>
            )}
          </CaseForm>
          <Button variant="secondary" onClick={onClose}>{t.form.cancel}</Button>
        </>
      )}
    </Dialog>
  );
}

function Group({ g, c, options, onEdit }) {
  const k = t.cases;
  const gid = `group-${g.group.replace(/[^A-Za-z]+/g, '-').toLowerCase()}`;
  const anyEdit = g.items.some((x) => x.can_update);
  return (
    <section class="regie-section" aria-labelledby={`${gid}-title`} id={gid}>
      <Heading level={2} id={`${gid}-title`}>{g.group}</Heading>
      <Paragraph small>{k.openItemsCount(g.open, g.overdue)}</Paragraph>
      <Table
        id={`${gid}-table`}
        caption={k.groupCaption(g.group)}
        rows={g.items}
        rowKey={(x) => x.id}
        columns={[
          {
            key: 'task',
            label: k.cTask,
            render: (x) => (
              <span class="regie-break"><strong>{x.code}</strong> {x.title}</span>
            ),
          },
          { key: 'state', label: k.cTaskState, render: (x) => <TaskState task={x} options={options} /> },
          { key: 'owner', label: k.cTaskOwner, render: (x) => `${who(x.owner)}${x.owner_org?.name ? `, ${x.owner_org.name}` : ''}` },
          { key: 'due', label: k.cTaskDue, render: (x) => (x.state === 'open' ? <DueCell item={x} /> : x.due_date ? <span class="regie-nowrap">{formatMediumDate(x.due_date)}</span> : <span class="regie-muted">{k.noDue}</span>) },
          { key: 'evidence', label: k.cEvidence, render: (x) => (x.evidence ? <span class="regie-break">{evidenceText(x.evidence, options, c.measures)}</span> : <span class="regie-muted">{t.form.empty}</span>) },
          ...(anyEdit ? [{
            key: 'edit',
            label: k.cChange,
            render: (x) => (x.can_update ? (
              <Button variant="secondary" aria-label={k.changeTaskLabel(x.code, x.title)} onClick={() => onEdit(x)}>{k.changeTask}</Button>
            ) : <span class="regie-muted">{t.form.empty}</span>),
          }] : []),
        ]}
      />
    </section>
  );
}

export function CaseChecklist({ id }) {
  const k = t.cases;
  const state = useCase(id, 'checklist');
  const [editing, setEditing] = useState(null);
  const [saved, setSaved] = useState('');
  return (
    <CaseShell state={state} part="checklist" title={(c) => k.checklistTitle(c.reference)}>
      {(c, options) => {
        if (!Array.isArray(c.tasks)) return <Paragraph id="part-no-access">{k.noAccessPart}</Paragraph>;
        const groups = groupTasks(c.tasks);
        return (
          <>
            <Paragraph lead>{k.checklistIntro}</Paragraph>
            {saved && <Alert type="ok" id="checklist-saved"><Paragraph>{saved}</Paragraph></Alert>}
            {groups.length === 0 && <Paragraph>{k.checklistNone}</Paragraph>}
            {groups.map((g) => <Group key={g.group} g={g} c={c} options={options} onEdit={setEditing} />)}
            <TaskDialog
              c={c}
              task={editing}
              options={options}
              onClose={() => setEditing(null)}
              onSaved={async (msg) => {
                await state.reload();
                setEditing(null);
                setSaved(msg);
                announce(msg);
              }}
            />
          </>
        );
      }}
    </CaseShell>
  );
}
