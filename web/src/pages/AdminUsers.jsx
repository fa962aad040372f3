import { useEffect, useState } from 'preact/hooks';
import { t, ROLE_LABELS, ROLES, USER_STATUS_LABELS, label, roleLabels, formatList } from '../i18n/nl.js';
import { api, get, post, errorView } from '../api.js';
import { navigate } from '../router.js';
import { getState } from '../session.js';
import {
  Page, Paragraph, Button, ButtonGroup, LinkButton, Alert, Table, StatusBadge, Loading, Dialog, TextField, SelectField,
  CheckboxGroup, ErrorSummary, summaryItems, announce,
} from '../components/ui.jsx';

const STATUS_BADGE = { actief: 'valid', wacht_op_activatie: 'warning', geblokkeerd: 'invalid' };

function ActivationCode({ name, code, id = 'activation-code' }) {
  return (
    <Alert type="ok" title={t.users.codeTitle(name)} id={id} focusKey={code}>
      <Paragraph>{t.users.codeText}</Paragraph>
      <p class="utrecht-paragraph">
        <span class="regie-secret__label">{t.users.codeLabel}: </span>
        <code class="utrecht-code regie-secret__value" data-activation-code={code}>{code}</code>
      </p>
    </Alert>
  );
}

async function loadOrgs() {
  const r = await get('/api/orgs');
  return Array.isArray(r?.items) ? r.items : [];
}

export function AdminUsers() {
  const [users, setUsers] = useState(null);
  const [orgs, setOrgs] = useState([]);
  const [error, setError] = useState('');
  const [errorKey, setErrorKey] = useState(0);
  const [confirm, setConfirm] = useState(null); // { kind: 'disable'|'reset', user }
  const [result, setResult] = useState(null); // { kind, user, code? }
  const [busy, setBusy] = useState(false);
  const [deputy, setDeputy] = useState(null); // { user, value, error, key }

  const showError = (e) => {
    setError(errorView(e).summary);
    setErrorKey((k) => k + 1);
  };
  const load = async () => {
    try {
      const [u, o] = await Promise.all([get('/api/users'), loadOrgs()]);
      setUsers(Array.isArray(u?.items) ? u.items : []);
      setOrgs(o);
    } catch (e) {
      showError(e);
    }
  };
  useEffect(() => {
    load();
  }, []);

  const orgName = (id) => orgs.find((o) => String(o.id) === String(id))?.name || t.form.empty;
  const nameOf = (u) => u.display_name || u.username;

  const doConfirm = async () => {
    const { kind, user } = confirm;
    setBusy(true);
    setError('');
    try {
      if (kind === 'disable') {
        await api('POST', `/api/users/${encodeURIComponent(user.id)}/disable`);
        setResult({ kind, user });
        announce(t.users.disabled(nameOf(user)));
      } else {
        const r = await api('POST', `/api/users/${encodeURIComponent(user.id)}/reset`);
        setResult({ kind, user, code: r?.activation_code });
      }
      setConfirm(null);
      await load();
    } catch (e) {
      setConfirm(null);
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const userName = (id) => {
    const u = (users || []).find((x) => String(x.id) === String(id));
    return u ? nameOf(u) : t.users.deputyUnknown(id);
  };
  const candidates = (u) => (users || []).filter((x) => String(x.org_id) === String(u.org_id) && String(x.id) !== String(u.id));
  const openDeputy = (u) => setDeputy({ user: u, value: u.deputy_of ? String(u.deputy_of) : '', error: '', key: 0 });

  const saveDeputy = async (e) => {
    e?.preventDefault();
    if (!deputy || busy) return;
    const { user, value } = deputy;
    setBusy(true);
    setError('');
    try {
      const id = value ? Number(value) : null;
      await post(`/api/users/${encodeURIComponent(user.id)}/deputy`, { deputy_of: id });
      setDeputy(null);
      setResult({ kind: 'deputy', user, deputyOf: id });
      announce(id ? t.users.deputySaved(nameOf(user), userName(id)) : t.users.deputyCleared(nameOf(user)));
      await load();
    } catch (err) {
      const v = errorView(err, {}, { deputy_of: t.users.fDeputy });
      if (v.status === 400 || v.fields.deputy_of) {
        setDeputy((d) => d && { ...d, error: v.fields.deputy_of || v.summary, key: d.key + 1 });
      } else {
        setDeputy(null);
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const deputyText = (u) => {
    const lines = [];
    if (u.deputy_of) lines.push(t.users.deputyOf(userName(u.deputy_of)));
    const standIns = (users || []).filter((x) => String(x.deputy_of) === String(u.id)).map(nameOf);
    if (standIns.length) lines.push(t.users.deputies(formatList(standIns)));
    return (
      <div class="regie-cell-stack">
        {lines.length ? lines.map((l) => <span class="regie-cell-line" key={l}>{l}</span>) : <span class="regie-muted">{t.form.empty}</span>}
        <Button variant="secondary" aria-label={t.users.deputyLabel(nameOf(u))} onClick={() => openDeputy(u)}>
          {t.users.deputyButton}
        </Button>
      </div>
    );
  };

  return (
    <Page title={t.users.title} wide>
      <Paragraph lead>{t.users.intro}</Paragraph>
      {error && (
        <Alert type="error" id="users-error" focusKey={errorKey}>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      {result?.kind === 'reset' && result.code && <ActivationCode name={nameOf(result.user)} code={result.code} />}
      {result?.kind === 'disable' && (
        <Alert type="ok" id="users-message" focusKey={`d${result.user.id}`}>
          <Paragraph>{t.users.disabled(nameOf(result.user))}</Paragraph>
        </Alert>
      )}
      {result?.kind === 'deputy' && (
        <Alert type="ok" id="users-message" focusKey={`p${result.user.id}-${result.deputyOf}`}>
          <Paragraph>
            {result.deputyOf ? t.users.deputySaved(nameOf(result.user), userName(result.deputyOf)) : t.users.deputyCleared(nameOf(result.user))}
          </Paragraph>
        </Alert>
      )}
      <ButtonGroup>
        <LinkButton href="/app/beheer/gebruikers/nieuw">{t.users.add}</LinkButton>
      </ButtonGroup>
      {users === null && !error ? (
        <Loading />
      ) : users && users.length === 0 ? (
        <Paragraph>{t.users.none}</Paragraph>
      ) : (
        users && (
          <Table
            id="users-table"
            compact
            caption={t.users.caption}
            rows={users}
            rowKey={(u) => u.id}
            columns={[
              { key: 'name', label: t.users.name, render: (u) => u.display_name || t.form.empty },
              { key: 'username', label: t.users.username, render: (u) => <code class="utrecht-code">{u.username}</code> },
              { key: 'org', label: t.users.organisation, render: (u) => orgName(u.org_id) },
              { key: 'roles', label: t.users.roles, render: (u) => roleLabels(u.roles) },
              { key: 'status', label: t.users.status, render: (u) => <StatusBadge status={STATUS_BADGE[u.status] || 'neutral'}>{label(USER_STATUS_LABELS, u.status)}</StatusBadge> },
              { key: 'deputy', label: t.users.deputy, render: deputyText },
              {
                key: 'actions',
                label: t.users.actions,
                render: (u) => {
                  if (String(u.id) === String(getState().session?.user?.id)) return <span class="regie-muted">{t.users.self}</span>;
                  return (
                    <div class="regie-row-actions">
                      {u.status !== 'geblokkeerd' && (
                        <Button variant="secondary" aria-label={t.users.disableLabel(nameOf(u))} onClick={() => setConfirm({ kind: 'disable', user: u })}>
                          {t.users.disable}
                        </Button>
                      )}
                      <Button variant="secondary" aria-label={t.users.resetLabel(nameOf(u))} onClick={() => setConfirm({ kind: 'reset', user: u })}>
                        {t.users.reset}
                      </Button>
                    </div>
                  );
                },
              },
            ]}
          />
        )
      )}
      <Dialog
        id="confirm-dialog"
        open={!!confirm}
        role="alertdialog"
        title={confirm ? (confirm.kind === 'disable' ? t.users.confirmDisableTitle(nameOf(confirm.user)) : t.users.confirmResetTitle(nameOf(confirm.user))) : ''}
        onCancel={() => setConfirm(null)}
      >
        {confirm && (
          <>
            <p class="utrecht-paragraph" id="confirm-dialog-text">{confirm.kind === 'disable' ? t.users.confirmDisableText : t.users.confirmResetText}</p>
            <ButtonGroup>
              <Button variant={confirm.kind === 'disable' ? 'danger' : 'primary'} onClick={doConfirm} busy={busy}>
                {confirm.kind === 'disable' ? t.users.confirmDisable : t.users.confirmReset}
              </Button>
              <Button variant="secondary" data-autofocus onClick={() => setConfirm(null)}>{t.form.cancel}</Button>
            </ButtonGroup>
          </>
        )}
      </Dialog>
      <Dialog
        id="deputy-dialog"
        open={!!deputy}
        title={deputy ? t.users.deputyTitle(nameOf(deputy.user)) : ''}
        onCancel={() => setDeputy(null)}
      >
        {deputy && (
          <DeputyForm
            deputy={deputy}
            candidates={candidates(deputy.user)}
            nameOf={nameOf}
            busy={busy}
            onValue={(value) => setDeputy((d) => ({ ...d, value }))}
            onSubmit={saveDeputy}
            onCancel={() => setDeputy(null)}
          />
        )}
      </Dialog>
    </Page>
  );
}

function DeputyForm({ deputy, candidates, nameOf, busy, onValue, onSubmit, onCancel }) {
  const name = nameOf(deputy.user);
  useEffect(() => {
    if (deputy.key) document.getElementById('deputy-of')?.focus();
  }, [deputy.key]);
  return (
    <form class="utrecht-form regie-form" noValidate onSubmit={onSubmit}>
      <p class="utrecht-paragraph" id="deputy-dialog-text">{t.users.deputyText(name)}</p>
      <SelectField
        id="deputy-of"
        label={t.users.deputyField(name)}
        value={deputy.value}
        onValue={onValue}
        error={deputy.error}
        placeholder={t.users.deputyNone}
        options={candidates.map((c) => ({ value: String(c.id), label: nameOf(c) }))}
        data-autofocus
      />
      <ButtonGroup>
        <Button type="submit" busy={busy}>{busy ? t.form.busy : t.form.save}</Button>
        <Button variant="secondary" onClick={onCancel}>{t.form.cancel}</Button>
      </ButtonGroup>
    </form>
  );
}

const newIds = { username: 'user-username', display_name: 'user-display-name', org_id: 'user-org', roles: 'user-roles' };

export function NewUser() {
  const [orgs, setOrgs] = useState([]);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [roles, setRoles] = useState([]);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);

  useEffect(() => {
    loadOrgs().then(setOrgs).catch((e) => {
      setSummary({ message: errorView(e).summary });
      setFocusKey((k) => k + 1);
    });
  }, []);

  const fail = (fe, sum = {}) => {
    setErrors(fe);
    setSummary(sum);
    setFocusKey((k) => k + 1);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const fe = {};
    if (!username.trim()) fe.username = t.users.usernameRequired;
    if (!displayName.trim()) fe.display_name = t.users.displayNameRequired;
    if (!orgId) fe.org_id = t.users.orgRequired;
    if (roles.length === 0) fe.roles = t.users.rolesRequired;
    if (Object.keys(fe).length) return fail(fe);
    setBusy(true);
    try {
      const org = orgs.find((o) => String(o.id) === orgId);
      const r = await post('/api/users', {
        username: username.trim(),
        display_name: displayName.trim(),
        org_id: org ? org.id : orgId,
        roles: ROLES.filter((x) => roles.includes(x)),
      });
      setCreated({ user: r?.user || { username, display_name: displayName }, code: r?.activation_code });
      setErrors({});
      setSummary(null);
    } catch (err) {
      const v = errorView(err, {}, { username: t.users.fUsername, display_name: t.users.fDisplayName, org_id: t.users.fOrg, roles: t.users.fRoles });
      fail(v.fields, { message: v.summary });
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setCreated(null);
    setUsername('');
    setDisplayName('');
    setOrgId('');
    setRoles([]);
    window.setTimeout(() => document.getElementById(newIds.username)?.focus(), 0);
  };

  if (created) {
    const name = created.user.display_name || created.user.username;
    return (
      <Page title={t.users.newTitle}>
        <Alert type="ok" title={t.users.saved(name)} id="user-created" focusKey={created.code || 'created'}>
          <Paragraph>{t.users.codeText}</Paragraph>
          <p class="utrecht-paragraph">
            <span class="regie-secret__label">{t.users.fUsername}: </span>
            <code class="utrecht-code">{created.user.username}</code>
          </p>
          <p class="utrecht-paragraph">
            <span class="regie-secret__label">{t.users.codeLabel}: </span>
            <code class="utrecht-code regie-secret__value" data-activation-code={created.code}>{created.code}</code>
          </p>
        </Alert>
        <ButtonGroup>
          <LinkButton href="/app/beheer/gebruikers">{t.users.backToList}</LinkButton>
          <Button variant="secondary" onClick={reset}>{t.users.addAnother}</Button>
        </ButtonGroup>
      </Page>
    );
  }

  const items = summaryItems(errors, ['username', 'display_name', 'org_id', 'roles'], (n) => newIds[n] || `user-${n}`);
  return (
    <Page title={t.users.newTitle}>
      {summary && <ErrorSummary message={summary.message} items={items} focusKey={focusKey} title={items.length ? undefined : t.errors.unknown} />}
      <Paragraph lead>{t.users.newIntro}</Paragraph>
      <form class="utrecht-form regie-form" noValidate onSubmit={submit}>
        <TextField id={newIds.username} name="username" label={t.users.fUsername} hint={t.users.fUsernameHint} value={username} onValue={setUsername} error={errors.username} autocomplete="off" autocapitalize="none" size="md" />
        <TextField id={newIds.display_name} name="display_name" label={t.users.fDisplayName} value={displayName} onValue={setDisplayName} error={errors.display_name} autocomplete="off" size="lg" />
        <SelectField
          id={newIds.org_id}
          label={t.users.fOrg}
          value={orgId}
          onValue={setOrgId}
          error={errors.org_id}
          placeholder={t.users.fOrgChoose}
          options={orgs.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <CheckboxGroup
          id={newIds.roles}
          legend={t.users.fRoles}
          hint={t.users.fRolesHint}
          error={errors.roles}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          values={roles}
          onValues={setRoles}
        />
        <ButtonGroup>
          <Button type="submit" busy={busy}>{busy ? t.form.busy : t.form.save}</Button>
          <Button variant="secondary" onClick={() => navigate('/app/beheer/gebruikers')}>{t.form.cancel}</Button>
        </ButtonGroup>
      </form>
    </Page>
  );
}
