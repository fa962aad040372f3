// Regie browser UI: shell (skip link, header, nav, footer), router and session watcher.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, formatDuration } from './i18n/nl.js';
import { matchRoute, navigate, startRouter, subscribe as subscribeRoute, currentLocation } from './router.js';
import * as session from './session.js';
import {
  canAdminUsers, canAdminOrgs, canSearchAudit, canChangePassword, canListSignals, canCreateSignal, canOpenSignal, canSearchSignals,
  isSignalOfficer as isOfficer, canListMeetings, canListActions, canListCases, canListWorklist,
} from './permissions.js';
import { canListKeyFigures } from './permissions.js';
import { canListRetention } from './permissions.js'; // retention (docs/retention.md)
import { canListBreaches, canReportBreach } from './permissions.js'; // breach register (docs/breaches.md)
import { canListRights, canCreateRights } from './permissions.js'; // rights requests (docs/rights.md)
import { canListInzage } from './permissions.js'; // inzage export (docs/inzage.md)
import { canReadReadiness, canReadSupport } from './permissions.js';
import { canReadDashboard } from './permissions.js';
import { canReadCouncilFigures, isCouncilOnly } from './permissions.js';
import { Page, Paragraph, LinkButton, Dialog, Button, ButtonGroup, LiveRegion, Loading, Alert, announce } from './components/ui.jsx';
import { Login } from './pages/Login.jsx';
import { Activate } from './pages/Activate.jsx';
import { Home } from './pages/Home.jsx';
import { Sessions } from './pages/Sessions.jsx';
import { AdminUsers, NewUser } from './pages/AdminUsers.jsx';
import { AdminOrgs, OrgForm } from './pages/AdminOrgs.jsx';
import { AuditLog, BreakGlassQueue } from './pages/AuditLog.jsx';
import { Account } from './pages/Account.jsx';
import { PurposeGate } from './components/PurposeDialog.jsx'; // purpose binding (docs/purpose.md)

const routes = [
  { path: '/app/inloggen', page: 'login', public: true },
  { path: '/app/activeren', page: 'activate', public: true },
  { path: '/app/start', page: 'home' },
  { path: '/app/sessies', page: 'sessions' },
  { path: '/app/account', page: 'account', guard: canChangePassword },
  { path: '/app/logboek', page: 'audit', guard: canSearchAudit },
  { path: '/app/logboek/break-glass', page: 'auditQueue', guard: canSearchAudit },
  { path: '/app/beheer/gebruikers', page: 'users', guard: canAdminUsers },
  { path: '/app/beheer/gebruikers/nieuw', page: 'newUser', guard: canAdminUsers },
  { path: '/app/beheer/organisaties', page: 'orgs', guard: canAdminOrgs },
  { path: '/app/beheer/organisaties/nieuw', page: 'newOrg', guard: canAdminOrgs },
  { path: '/app/beheer/organisaties/:id', page: 'editOrg', guard: canAdminOrgs },
  { path: '/app/meldingen', page: 'signals', guard: canListSignals },
  { path: '/app/meldingen/nieuw', page: 'signalNew', guard: canCreateSignal },
  { path: '/app/meldingen/:id', page: 'signal', guard: canOpenSignal },
  { path: '/app/meldingen/:id/weging', page: 'weighing', guard: canOpenSignal },
  { path: '/app/meldingen/:id/wegingen', page: 'weighings', guard: canOpenSignal },
  { path: '/app/zoeken', page: 'search', guard: canSearchSignals },
  { path: '/app/melden', page: 'publicIntake', public: true },
  { path: '/app/overleggen', page: 'meetings', guard: canListMeetings },
  { path: '/app/overleggen/:id', page: 'meeting', guard: canListMeetings },
  { path: '/app/overleggen/:id/pakket', page: 'meetingPack', guard: canListMeetings },
  { path: '/app/acties', page: 'actions', guard: canListActions },
  { path: '/app/casussen', page: 'cases', guard: canListCases },
  { path: '/app/casussen/:id', page: 'case', guard: canListCases },
  { path: '/app/casussen/:id/plan', page: 'casePlan', guard: canListCases },
  { path: '/app/casussen/:id/maatregelen/:m', page: 'caseMeasure', guard: canListCases },
  { path: '/app/casussen/:id/checklist', page: 'caseChecklist', guard: canListCases },
  { path: '/app/casussen/:id/beoordelingen', page: 'caseAssessments', guard: canListCases },
  { path: '/app/casussen/:id/familie', page: 'caseFamily', guard: canListCases },
  { path: '/app/casussen/:id/communicatie', page: 'caseCommunication', guard: canListCases },
  { path: '/app/casussen/:id/netwerk', page: 'caseNetwork', guard: canListCases },
  { path: '/app/casussen/:id/informeren', page: 'caseInforming', guard: canListCases }, // informing (docs/informing.md)
  { path: '/app/werklijst', page: 'worklist', guard: canListWorklist },
  { path: '/app/gereedheid', page: 'readiness', guard: canReadReadiness },
  { path: '/app/gereedheid/:id', page: 'readinessDetail', guard: canReadReadiness },
  { path: '/app/steunpunten', page: 'support', guard: canReadSupport },
  { path: '/app/sleutelfiguren', page: 'keyFigures', guard: canListKeyFigures },
  { path: '/app/sleutelfiguren/nieuw', page: 'keyFigureNew', guard: canListKeyFigures },
  { path: '/app/sleutelfiguren/:id', page: 'keyFigure', guard: canListKeyFigures },
  { path: '/app/bewaartermijnen', page: 'retention', guard: canListRetention }, // retention (docs/retention.md)
  { path: '/app/datalekken', page: 'breaches', guard: canListBreaches }, // breach register (docs/breaches.md)
  { path: '/app/datalekken/nieuw', page: 'breachNew', guard: canReportBreach },
  { path: '/app/datalekken/:id', page: 'breach', guard: canListBreaches },
  { path: '/app/verzoeken', page: 'rights', guard: canListRights }, // rights requests (docs/rights.md)
  { path: '/app/verzoeken/nieuw', page: 'rightsNew', guard: canCreateRights },
  { path: '/app/verzoeken/:id', page: 'rightsDetail', guard: canListRights },
  { path: '/app/inzage', page: 'inzage', guard: canListInzage }, // inzage export (docs/inzage.md)
  { path: '/app/inzage/:id', page: 'inzageDetail', guard: canListInzage },
  { path: '/app/cijfers', page: 'dashboard', guard: canReadDashboard },
  { path: '/app/raadsrapportage', page: 'councilReport', guard: canReadCouncilFigures },
];

/**
 * The signal screens are loaded on first use (their own chunk), so the first load stays small.
 * While the chunk loads, a "Bezig met laden" text is shown; the h1 focus follows when it arrives.
 */
function lazyPage(load, name) {
  let Comp = null;
  let pending = null;
  function LazyPage(props) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Comp) return undefined;
      let alive = true;
      pending = pending || load().then((m) => {
        Comp = m[name];
      });
      pending.then(() => alive && setReady(1), () => {
        pending = null;
        if (alive) setFailed(true);
      });
      return () => {
        alive = false;
      };
    }, []);
    if (failed) {
      return (
        <Page title={t.errors.unknown}>
          <Alert type="error" id="chunk-error"><Paragraph>{t.errors.network}</Paragraph></Alert>
        </Page>
      );
    }
    return Comp ? <Comp {...props} /> : <Loading />;
  }
  return LazyPage;
}
const Signals = lazyPage(() => import('./pages/Signals.jsx'), 'Signals');
const SignalNew = lazyPage(() => import('./pages/SignalNew.jsx'), 'SignalNew');
const SignalDetail = lazyPage(() => import('./pages/SignalDetail.jsx'), 'SignalDetail');
const SignalWeighingForm = lazyPage(() => import('./pages/SignalWeighing.jsx'), 'SignalWeighingForm');
const SignalWeighingHistory = lazyPage(() => import('./pages/SignalWeighing.jsx'), 'SignalWeighingHistory');
const SignalSearch = lazyPage(() => import('./pages/SignalSearch.jsx'), 'SignalSearch');
const SignalPublicIntake = lazyPage(() => import('./pages/SignalPublicIntake.jsx'), 'SignalPublicIntake');
const Meetings = lazyPage(() => import('./pages/Meetings.jsx'), 'Meetings');
const MeetingDetail = lazyPage(() => import('./pages/MeetingDetail.jsx'), 'MeetingDetail');
const MeetingPack = lazyPage(() => import('./pages/MeetingPack.jsx'), 'MeetingPack');
const Actions = lazyPage(() => import('./pages/Actions.jsx'), 'Actions');
const Cases = lazyPage(() => import('./pages/Cases.jsx'), 'Cases');
const CaseDetail = lazyPage(() => import('./pages/CaseDetail.jsx'), 'CaseDetail');
const CasePlan = lazyPage(() => import('./pages/CasePlan.jsx'), 'CasePlan');
const CaseMeasure = lazyPage(() => import('./pages/CaseMeasure.jsx'), 'CaseMeasure');
const CaseChecklist = lazyPage(() => import('./pages/CaseChecklist.jsx'), 'CaseChecklist');
const CaseAssessments = lazyPage(() => import('./pages/CaseAssessments.jsx'), 'CaseAssessments');
const CaseFamily = lazyPage(() => import('./pages/CaseFamily.jsx'), 'CaseFamily');
const CaseCommunication = lazyPage(() => import('./pages/CaseCommunication.jsx'), 'CaseCommunication');
const CaseNetwork = lazyPage(() => import('./pages/CaseNetwork.jsx'), 'CaseNetwork');
const CaseInforming = lazyPage(() => import('./pages/CaseInforming.jsx'), 'CaseInforming');
const Worklist = lazyPage(() => import('./pages/Worklist.jsx'), 'Worklist');
const Readiness = lazyPage(() => import('./pages/Readiness.jsx'), 'Readiness');
const ReadinessDetail = lazyPage(() => import('./pages/Readiness.jsx'), 'ReadinessDetail');
const Support = lazyPage(() => import('./pages/Support.jsx'), 'Support');
const KeyFigures = lazyPage(() => import('./pages/KeyFigures.jsx'), 'KeyFigures');
const KeyFigureNew = lazyPage(() => import('./pages/KeyFigures.jsx'), 'KeyFigureNew');
const KeyFigureDetail = lazyPage(() => import('./pages/KeyFigures.jsx'), 'KeyFigureDetail');
const Breaches = lazyPage(() => import('./pages/Breaches.jsx'), 'Breaches');
const Retention = lazyPage(() => import('./pages/Retention.jsx'), 'Retention'); // retention
const BreachNew = lazyPage(() => import('./pages/Breaches.jsx'), 'BreachNew');
const BreachDetail = lazyPage(() => import('./pages/Breaches.jsx'), 'BreachDetail');
const Rights = lazyPage(() => import('./pages/Rights.jsx'), 'Rights'); // rights requests
const RightsNew = lazyPage(() => import('./pages/Rights.jsx'), 'RightsNew');
const RightsDetail = lazyPage(() => import('./pages/Rights.jsx'), 'RightsDetail');
const Inzage = lazyPage(() => import('./pages/Inzage.jsx'), 'Inzage'); // inzage export
const InzageDetail = lazyPage(() => import('./pages/Inzage.jsx'), 'InzageDetail');
const Dashboard = lazyPage(() => import('./pages/Dashboard.jsx'), 'Dashboard');
const CouncilReport = lazyPage(() => import('./pages/CouncilReport.jsx'), 'CouncilReport');
const redirects = { '/': '/app/start', '/app': '/app/start', '/app/beheer': '/app/beheer/gebruikers', '/index.html': '/app/start' };

/** Subscribes to a tiny store; re-reads it after subscribing so an update in between is not lost. */
function useStore(subscribe, get) {
  const [v, setV] = useState(get);
  useEffect(() => {
    const unsubscribe = subscribe(setV);
    setV(get());
    return unsubscribe;
  }, []);
  return v;
}

function Logo() {
  return (
    <svg class="regie-logo__mark" viewBox="0 0 32 32" width="40" height="40" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" class="regie-logo__bg" />
      <path d="M10 24V8h7a5 5 0 0 1 1 9.9L23 24h-3.6l-4.4-6H13v6zm3-9h4a2 2 0 0 0 0-4h-4z" class="regie-logo__fg" />
    </svg>
  );
}

function Header({ s, path }) {
  const user = s.session?.user;
  return (
    <header class="utrecht-page-header regie-header">
      <div class="utrecht-page-header__content regie-header__content">
        <a class="regie-logo" href={user ? '/app/start' : '/app/inloggen'}>
          <Logo />
          <span class="regie-logo__text">
            <span class="regie-logo__name">{t.app.name}</span>
            <span class="regie-logo__tagline">{user?.organisation?.name || t.app.tagline}</span>
          </span>
        </a>
        {user && (
          <div class="regie-user" role="group" aria-label={t.app.userNav}>
            <span class="regie-user__name">{t.app.loggedInAs(user.display_name || user.username)}</span>
            {canChangePassword(s.session) && (
              <a class="utrecht-link utrecht-link--html-a regie-user__link" href="/app/account" aria-current={path === '/app/account' ? 'page' : undefined}>
                {t.app.account}
              </a>
            )}
            <Button variant="secondary" onClick={() => session.logout()}>{t.app.logout}</Button>
          </div>
        )}
      </div>
    </header>
  );
}

function Nav({ s, path }) {
  if (s.status !== 'auth') return null;
  const links = [
    { href: '/app/start', label: t.nav.start },
  ];
  if (canListSignals(s.session)) {
    const mine = !isOfficer(s.session) && !(s.session?.user?.roles || []).includes('partner');
    links.push({ href: '/app/meldingen', label: mine ? t.nav.mySignals : t.nav.signals });
  }
  if (canCreateSignal(s.session) && !isOfficer(s.session)) links.push({ href: '/app/meldingen/nieuw', label: t.nav.newSignal });
  if (canSearchSignals(s.session)) links.push({ href: '/app/zoeken', label: t.nav.search });
  if (canListCases(s.session)) links.push({ href: '/app/casussen', label: t.nav.cases });
  if (canListMeetings(s.session)) links.push({ href: '/app/overleggen', label: t.nav.meetings });
  if (canListWorklist(s.session)) links.push({ href: '/app/werklijst', label: t.nav.worklist });
  if (canListActions(s.session)) links.push({ href: '/app/acties', label: t.nav.actions });
  if (canReadReadiness(s.session)) links.push({ href: '/app/gereedheid', label: 'Gereedheid' });
  if (canListKeyFigures(s.session)) links.push({ href: '/app/sleutelfiguren', label: 'Sleutelfiguren' });
  if (canListRetention(s.session)) links.push({ href: '/app/bewaartermijnen', label: 'Bewaartermijnen' }); // retention
  if (canListBreaches(s.session)) links.push({ href: '/app/datalekken', label: 'Datalekken' });
  else if (canReportBreach(s.session)) links.push({ href: '/app/datalekken/nieuw', label: 'Datalek melden' });
  if (canListRights(s.session)) links.push({ href: '/app/verzoeken', label: 'Verzoeken betrokkenen' }); // docs/rights.md
  if (canListInzage(s.session)) links.push({ href: '/app/inzage', label: 'Inzage' }); // docs/inzage.md
  if (canReadDashboard(s.session)) links.push({ href: '/app/cijfers', label: 'Cijfers' });
  if (canReadCouncilFigures(s.session)) links.push({ href: '/app/raadsrapportage', label: 'Raadsrapportage' });
  if (canReadSupport(s.session)) links.push({ href: '/app/steunpunten', label: 'Steunpunten' });
  if (canSearchAudit(s.session)) links.push({ href: '/app/logboek', label: t.nav.audit });
  links.push({ href: '/app/sessies', label: t.nav.sessions });
  if (canAdminUsers(s.session)) links.push({ href: '/app/beheer/gebruikers', label: t.nav.users });
  if (canAdminOrgs(s.session)) links.push({ href: '/app/beheer/organisaties', label: t.nav.orgs });
  return (
    <nav class="utrecht-nav-bar regie-nav" aria-label={t.app.mainNav}>
      <div class="utrecht-nav-bar__content">
        <ul class="utrecht-nav-list" role="list">
          {links.map((l) => {
            // the most specific link is current ("Melding doen" on /app/meldingen/nieuw, not "Mijn meldingen")
            const hit = (h) => path === h || path.startsWith(`${h}/`);
            const best = links.filter((x) => hit(x.href)).sort((a, b) => b.href.length - a.href.length)[0];
            const current = best === l;
            return (
              <li class="utrecht-nav-list__item" key={l.href}>
                <a class="utrecht-nav-list__link utrecht-link utrecht-link--html-a regie-nav__link" href={l.href} aria-current={current ? 'page' : undefined}>
                  {l.label}
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}

function Footer() {
  return (
    <footer class="utrecht-page-footer regie-footer">
      <div class="utrecht-page-footer__content">
        <p class="utrecht-paragraph regie-footer__text">{t.app.footer}</p>
      </div>
    </footer>
  );
}

function SkipLink() {
  return (
    <a
      class="utrecht-skip-link utrecht-skip-link--visible-on-focus"
      href="#main"
      onClick={(e) => {
        e.preventDefault();
        const m = document.getElementById('main');
        m?.focus();
        m?.scrollIntoView();
      }}
    >
      {t.app.skipLink}
    </a>
  );
}

function TimeoutDialog({ s }) {
  const w = s.warning;
  const [busy, setBusy] = useState(false);
  const stay = async () => {
    setBusy(true);
    try {
      await session.extend();
      announce(t.timeout.extended);
    } catch {
      /* a 401 already sent the user to the login page */
    } finally {
      setBusy(false);
    }
  };
  const left = w ? formatDuration(w.seconds) : '';
  const absolute = w?.kind === 'absolute';
  return (
    <Dialog
      id="timeout-dialog"
      role="alertdialog"
      open={!!w}
      title={absolute ? t.timeout.absoluteTitle : t.timeout.title(left)}
      onCancel={() => (absolute ? session.dismissWarning() : stay())}
    >
      {w && (
        <>
          <p class="utrecht-paragraph" id="timeout-dialog-text">{absolute ? t.timeout.absoluteText(left) : t.timeout.text(left)}</p>
          <ButtonGroup>
            {!absolute && (
              <Button data-autofocus onClick={stay} busy={busy}>{t.timeout.stay}</Button>
            )}
            <Button variant="secondary" data-autofocus={absolute ? true : undefined} onClick={() => session.logout()}>{t.timeout.logout}</Button>
          </ButtonGroup>
        </>
      )}
    </Dialog>
  );
}

function NotFound() {
  return (
    <Page title={t.notFound.title}>
      <Paragraph>{t.notFound.text}</Paragraph>
      <LinkButton href="/app/start">{t.notFound.home}</LinkButton>
    </Page>
  );
}

function Forbidden() {
  return (
    <Page title={t.forbidden.title}>
      <Paragraph>{t.forbidden.text}</Paragraph>
      <LinkButton href="/app/start">{t.notFound.home}</LinkButton>
    </Page>
  );
}

function Content({ s, path, params, route, search }) {
  if (!route) return <NotFound />;
  if (route.page === 'login') return <Login notice={s.notice} />;
  if (route.page === 'activate') return <Activate />;
  if (route.page === 'publicIntake') return <SignalPublicIntake />;
  if (route.guard && !route.guard(s.session)) return <Forbidden />;
  switch (route.page) {
    // the council member's start page is the council report (the only thing the role may see)
    case 'home': return isCouncilOnly(s.session) ? <CouncilReport search={search} /> : <Home session={s.session} />;
    case 'sessions': return <Sessions />;
    case 'account': return <Account />;
    case 'audit': return <AuditLog />;
    case 'auditQueue': return <BreakGlassQueue />;
    case 'users': return <AdminUsers />;
    case 'newUser': return <NewUser />;
    case 'orgs': return <AdminOrgs />;
    case 'newOrg': return <OrgForm />;
    case 'editOrg': return <OrgForm id={params.id} />;
    case 'signals': return <Signals search={search} />;
    case 'signalNew': return <SignalNew key={path} />;
    case 'signal': return <SignalDetail id={params.id} key={params.id} />;
    case 'weighing': return <SignalWeighingForm id={params.id} search={search} key={`${params.id}${search}`} />;
    case 'weighings': return <SignalWeighingHistory id={params.id} key={params.id} />;
    case 'search': return <SignalSearch />;
    case 'meetings': return <Meetings />;
    case 'meeting': return <MeetingDetail id={params.id} key={params.id} />;
    case 'meetingPack': return <MeetingPack id={params.id} search={search} key={`${params.id}${search}`} />;
    case 'actions': return <Actions search={search} />;
    case 'cases': return <Cases search={search} />;
    case 'case': return <CaseDetail id={params.id} key={params.id} />;
    case 'casePlan': return <CasePlan id={params.id} key={params.id} />;
    case 'caseMeasure': return <CaseMeasure id={params.id} measureId={params.m} key={`${params.id}-${params.m}`} />;
    case 'caseChecklist': return <CaseChecklist id={params.id} key={params.id} />;
    case 'caseAssessments': return <CaseAssessments id={params.id} key={params.id} />;
    case 'caseFamily': return <CaseFamily id={params.id} key={params.id} />;
    case 'caseCommunication': return <CaseCommunication id={params.id} key={params.id} />;
    case 'caseNetwork': return <CaseNetwork id={params.id} key={params.id} />;
    case 'caseInforming': return <CaseInforming id={params.id} key={params.id} />;
    case 'worklist': return <Worklist />;
    case 'readiness': return <Readiness />;
    case 'readinessDetail': return <ReadinessDetail id={params.id} key={params.id} />;
    case 'support': return <Support />;
    case 'keyFigures': return <KeyFigures search={search} />;
    case 'keyFigureNew': return <KeyFigureNew />;
    case 'keyFigure': return <KeyFigureDetail id={params.id} key={params.id} />;
    case 'retention': return <Retention />; // retention (docs/retention.md)
    case 'breaches': return <Breaches />;
    case 'breachNew': return <BreachNew />;
    case 'breach': return <BreachDetail id={params.id} key={params.id} />;
    case 'rights': return <Rights search={search} />; // rights requests (docs/rights.md)
    case 'rightsNew': return <RightsNew />;
    case 'rightsDetail': return <RightsDetail id={params.id} key={params.id} />;
    case 'inzage': return <Inzage />; // inzage export (docs/inzage.md)
    case 'inzageDetail': return <InzageDetail id={params.id} key={params.id} />;
    case 'dashboard': return <Dashboard />;
    case 'councilReport': return <CouncilReport search={search} />;
    default: return <NotFound />;
  }
}

function App() {
  const s = useStore(session.subscribe, session.getState);
  const loc = useStore(subscribeRoute, currentLocation);
  const path = loc.path;
  const m = matchRoute(routes, path);
  const route = m?.route;

  // Redirects: bare paths, protected pages without a session, login page with a session.
  let redirect = redirects[path] || null;
  if (!redirect && s.status === 'anon' && route && !route.public) redirect = '/app/inloggen';
  if (!redirect && s.status === 'auth' && route?.page === 'login') redirect = '/app/start';
  useEffect(() => {
    if (!redirect) return;
    if (redirect === '/app/inloggen' && s.status === 'anon' && !s.notice && !s.returnTo) {
      // remember where the user wanted to go
      session.rememberReturnTo(path + loc.search);
    }
    navigate(redirect, { replace: true, focus: false });
  }, [redirect]);

  // Focus the new page's h1 after a client-side navigation (not on the first load).
  // A lazily loaded page renders its h1 a little later: keep trying for a short while.
  useEffect(() => {
    if (loc.navCount === 0) return;
    let tries = 0;
    let id = 0;
    const attempt = () => {
      const h1 = document.querySelector('#main h1');
      if (h1) h1.focus();
      else if (tries++ < 40) id = window.setTimeout(attempt, 50);
    };
    id = window.setTimeout(attempt, 0);
    return () => window.clearTimeout(id);
  }, [loc.navCount, path]);

  const ready = s.status !== 'loading' && !redirect;
  return (
    <div class="utrecht-page-layout regie-layout">
      <SkipLink />
      <Header s={s} path={path} />
      <Nav s={s} path={path} />
      <main id="main" tabIndex={-1} class="utrecht-page-body regie-main">
        <div class="utrecht-page-body__content">
          {ready ? (
            // purpose binding (docs/purpose.md): the case pages ask why the dossier is opened first
            <PurposeGate key={route?.page?.startsWith('case') ? m.params.id : ''} caseId={s.status === 'auth' && /^case[A-Z]|^case$/.test(route?.page || '') && (!route.guard || route.guard(s.session)) ? m.params.id : null}>
              <Content s={s} path={path} params={m?.params || {}} route={route} search={loc.search} />
            </PurposeGate>
          ) : <Loading />}
        </div>
      </main>
      <Footer />
      {s.status === 'auth' && <TimeoutDialog s={s} />}
      <LiveRegion />
    </div>
  );
}

startRouter();
session.initSession({ navigateToLogin: (to) => navigate(to, { replace: false, focus: true }) });
session.refresh().catch(() => {});
render(<App />, document.getElementById('app'));
