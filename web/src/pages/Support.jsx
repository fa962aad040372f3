// Steunpunten (docs/preparedness.md): the support directory of the factsheet's last page (VNG,
// NCTV, Expertise-unit Sociale Stabiliteit, School en Veiligheid, NGB, Toolbox Extremisme, LPLP,
// RAN, the own police unit). Every role that may read it sees the list; links open in a new tab
// (rel=noopener noreferrer, and only https links are shown as links). The beheerder adds,
// changes and removes entries (a removal asks for confirmation first).
import { useEffect, useState } from 'preact/hooks';
import { get, post, patch, del, errorView } from '../api.js';
import { S, SUPPORT_FIELDS, emptySupportForm, supportForm, validateSupport, safeUrl, LIMITS } from '../readiness.js';
import {
  Page, Paragraph, Button, ButtonGroup, Alert, Table, Loading, TextField, TextArea, Dialog, announce,
} from '../components/ui.jsx';
import { CaseForm } from './CaseParts.jsx';
import { Disclosure } from './MeetingParts.jsx';

const LABELS = { name: S.fName, description: S.fDescription, contact: S.fContact, url: S.fUrl, sort: S.fSort };

function SupportFields({ values, set, errors, idOf }) {
  return (
    <>
      <TextField id={idOf('name')} label={S.fName} value={values.name} onValue={set('name')} error={errors.name} size="lg" maxLength={LIMITS.name} autocomplete="off" />
      <TextArea id={idOf('description')} label={S.fDescription} value={values.description} onValue={set('description')} error={errors.description} optional rows={3} maxLength={LIMITS.description} />
      <TextField id={idOf('contact')} label={S.fContact} value={values.contact} onValue={set('contact')} error={errors.contact} optional size="lg" maxLength={LIMITS.contact} autocomplete="off" />
      <TextField id={idOf('url')} label={S.fUrl} hint={S.fUrlHint} type="url" value={values.url} onValue={set('url')} error={errors.url} optional size="lg" maxLength={LIMITS.url} autocomplete="off" />
      <TextField id={idOf('sort')} label={S.fSort} hint={S.fSortHint} inputMode="numeric" value={values.sort} onValue={set('sort')} error={errors.sort} optional autocomplete="off" />
    </>
  );
}

function WebLink({ url }) {
  const href = safeUrl(url);
  if (!href) return <span class="regie-muted">{S.noLink}</span>;
  return (
    <a class="utrecht-link utrecht-link--html-a regie-break" href={href} target="_blank" rel="noopener noreferrer">
      {href.replace(/^https:\/\//, '')}
      <span class="regie-visually-hidden">{` ${S.newTab}`}</span>
    </a>
  );
}

export function Support() {
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const [gen, setGen] = useState(0);
  const [editing, setEditing] = useState(null);
  const [removing, setRemoving] = useState(null);
  const [msg, setMsg] = useState(null);
  useEffect(() => {
    let alive = true;
    get('/api/support')
      .then((r) => alive && setList(r || { items: [] }))
      .catch((e) => alive && setError(errorView(e).summary));
    return () => {
      alive = false;
    };
  }, [gen]);
  const reload = () => setGen((g) => g + 1);
  const items = Array.isArray(list?.items) ? list.items : [];
  const canEdit = !!list?.can_edit;
  const remove = async () => {
    const x = removing;
    setRemoving(null);
    try {
      await del(`/api/support/${encodeURIComponent(x.id)}`);
      setMsg({ type: 'ok', text: S.removed, key: Date.now() });
      announce(S.removed);
      reload();
    } catch (e) {
      setMsg({ type: 'error', text: errorView(e).summary, key: Date.now() });
    }
  };
  return (
    <Page title={S.title} wide>
      <Paragraph lead>{S.intro}</Paragraph>
      {error && <Alert type="error" id="sp-error" focusKey={error}><Paragraph>{error}</Paragraph></Alert>}
      {msg && <Alert type={msg.type} id="sp-msg" focusKey={msg.key}><Paragraph>{msg.text}</Paragraph></Alert>}
      {!list && !error && <Loading />}
      {list && items.length === 0 && <Paragraph>{S.none}</Paragraph>}
      {items.length > 0 && (
        <Table
          id="sp-table"
          caption={S.caption}
          rows={items}
          rowKey={(x) => x.id}
          columns={[
            { key: 'name', label: S.cName, render: (x) => <span class="regie-break">{x.name}</span> },
            { key: 'desc', label: S.cDescription, render: (x) => <span class="regie-break">{x.description}</span> },
            { key: 'contact', label: S.cContact, render: (x) => <span class="regie-break">{x.contact || '—'}</span> },
            { key: 'url', label: S.cLink, render: (x) => <WebLink url={x.url} /> },
            ...(canEdit ? [{
              key: 'act',
              label: 'Actie',
              render: (x) => (
                <ButtonGroup>
                  <Button variant="secondary" aria-label={S.editLabel(x.name)} onClick={() => setEditing(x)}>{S.edit}</Button>
                  <Button variant="secondary" aria-label={S.removeLabel(x.name)} onClick={() => setRemoving(x)}>{S.remove}</Button>
                </ButtonGroup>
              ),
            }] : []),
          ]}
        />
      )}
      {canEdit && editing && (
        <section class="regie-section regie-panel" aria-labelledby="sp-edit-heading" key={`e${editing.id}`}>
          <CaseForm
            name="sp-edit"
            title={S.editTitle(editing.name)}
            headingLevel={2}
            fields={SUPPORT_FIELDS}
            initial={supportForm(editing)}
            keep
            validate={(v) => validateSupport(v, true)}
            labels={LABELS}
            submitLabel={S.save}
            send={async (body) => {
              await patch(`/api/support/${encodeURIComponent(editing.id)}`, body);
              reload();
              return S.saved;
            }}
          >
            {(p) => <SupportFields {...p} />}
          </CaseForm>
          <Button variant="subtle" onClick={() => setEditing(null)}>{S.cancel}</Button>
        </section>
      )}
      {canEdit && (
        <Disclosure id="sp-add" summary={S.addTitle}>
          <CaseForm
            name="sp-new"
            formLabel={S.addTitle}
            fields={SUPPORT_FIELDS}
            initial={emptySupportForm()}
            validate={(v) => validateSupport(v, false)}
            labels={LABELS}
            submitLabel={S.add}
            send={async (body) => {
              await post('/api/support', body);
              reload();
              return S.added;
            }}
          >
            {(p) => <SupportFields {...p} />}
          </CaseForm>
        </Disclosure>
      )}
      <Dialog id="sp-remove" open={!!removing} title={S.removeTitle} onCancel={() => setRemoving(null)}>
        {removing && (
          <>
            <Paragraph>{S.removeText(removing.name)}</Paragraph>
            <ButtonGroup>
              <Button variant="danger" onClick={remove}>{S.removeConfirm}</Button>
              <Button variant="secondary" data-autofocus onClick={() => setRemoving(null)}>{S.cancel}</Button>
            </ButtonGroup>
          </>
        )}
      </Dialog>
    </Page>
  );
}
