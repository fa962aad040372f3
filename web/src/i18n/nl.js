// @ts-check
// Every Dutch UI string of Regie, plus the format helpers (Intl nl-NL, Europe/Amsterdam).
// Form of address: "u" everywhere. Language level: B1. Required fields get no asterisk;
// optional fields say "(niet verplicht)".

export const APP_NAME = 'Regie';
export const TIME_ZONE = 'Europe/Amsterdam';

export const t = {
  app: {
    name: 'Regie',
    tagline: 'Persoonsgerichte aanpak radicalisering',
    skipLink: 'Direct naar de hoofdinhoud',
    mainNav: 'Hoofdmenu',
    userNav: 'Gebruiker',
    loggedInAs: (name) => `Ingelogd als ${name}`,
    logout: 'Uitloggen',
    footer: 'Regie — gemeentelijke aanpak radicalisering. Vertrouwelijke informatie: deel alleen wat nodig is.',
    loading: 'Bezig met laden…',
    titleSuffix: ' — Regie',
  },
  nav: {
    start: 'Start',
    sessions: 'Mijn sessies',
    users: 'Gebruikers',
    orgs: 'Organisaties',
  },
  form: {
    optional: '(niet verplicht)',
    errorSummaryTitle: (n) => (n === 1 ? 'Er is 1 fout' : `Er zijn ${n} fouten`),
    cancel: 'Annuleren',
    save: 'Opslaan',
    busy: 'Bezig…',
    errorPrefix: 'Fout: ',
    empty: '—',
    dateHint: 'Bijvoorbeeld: 17-10-2024',
  },
  errors: {
    network: 'Er is geen verbinding met de server. Controleer uw verbinding en probeer het opnieuw.',
    server: 'Er ging iets mis aan de kant van de server. Probeer het later opnieuw.',
    forbidden: 'U hebt geen toegang tot deze functie.',
    notFound: 'Dit onderdeel bestaat niet (meer).',
    throttled: 'Te veel pogingen. Wacht een paar minuten en probeer het opnieuw.',
    conflict: 'De gegevens zijn intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
    unknown: 'Er ging iets mis. Probeer het opnieuw.',
    // Reason codes the server may send per field (errors[].reason); unknown reasons are shown as sent.
    reasons: {
      required: 'Vul dit veld in.',
      missing: 'Vul dit veld in.',
      too_short: 'De invoer is te kort.',
      too_long: 'De invoer is te lang.',
      invalid: 'De invoer is niet geldig.',
      invalid_format: 'De invoer heeft niet de juiste vorm.',
      not_found: 'Deze waarde bestaat niet.',
      duplicate: 'Deze waarde is al in gebruik.',
      taken: 'Deze waarde is al in gebruik.',
      exists: 'Deze waarde is al in gebruik.',
      unknown_value: 'Kies een van de mogelijke waarden.',
    },
  },
  login: {
    title: 'Inloggen',
    intro: 'Log in met uw gebruikersnaam, wachtwoord en de verificatiecode uit uw authenticator-app.',
    step1: 'Stap 1 van 2: gebruikersnaam en wachtwoord',
    step2: 'Stap 2 van 2: verificatiecode',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    next: 'Volgende',
    code: 'Verificatiecode',
    codeHint: 'De code van 6 cijfers uit uw authenticator-app. De code verandert elke 30 seconden.',
    submit: 'Inloggen',
    back: 'Terug naar stap 1',
    usernameRequired: 'Vul uw gebruikersnaam in.',
    passwordRequired: 'Vul uw wachtwoord in.',
    codeRequired: 'Vul de verificatiecode in.',
    codeFormat: 'De verificatiecode bestaat uit 6 cijfers, bijvoorbeeld 123456.',
    failed: 'Gebruikersnaam, wachtwoord of code onjuist',
    failedDetail: 'Controleer uw gegevens en probeer het opnieuw. Wacht zo nodig op een nieuwe code.',
    expired: 'U bent automatisch uitgelogd omdat u een tijd niet actief was. Log opnieuw in.',
    expiredAbsolute: 'U bent automatisch uitgelogd omdat de maximale duur van een sessie is bereikt. Log opnieuw in.',
    loggedOut: 'U bent uitgelogd.',
    mustLogin: 'Log in om verder te gaan.',
    activatePrompt: 'Hebt u een activatiecode gekregen van de beheerder?',
    activateLink: 'Account activeren',
  },
  activate: {
    title: 'Account activeren',
    intro: 'Hebt u van de functioneel beheerder een gebruikersnaam en een activatiecode gekregen? Dan activeert u hier uw account. U kiest een wachtwoord en koppelt een authenticator-app.',
    step1: 'Stap 1 van 2: wachtwoord kiezen',
    step2: 'Stap 2 van 2: authenticator-app koppelen',
    username: 'Gebruikersnaam',
    activationCode: 'Activatiecode',
    activationCodeHint: 'De code die u van de functioneel beheerder hebt gekregen.',
    password: 'Nieuw wachtwoord',
    passwordRule: 'Kies een wachtwoord van minimaal 15 en maximaal 1024 tekens. Een zin van een paar woorden is goed te onthouden. Spaties mogen.',
    passwordCount: (n) => `U hebt ${n} ${n === 1 ? 'teken' : 'tekens'} ingevuld.`,
    next: 'Volgende',
    usernameRequired: 'Vul uw gebruikersnaam in.',
    codeRequired: 'Vul de activatiecode in.',
    passwordRequired: 'Kies een wachtwoord.',
    passwordTooShort: (n) => `Het wachtwoord is te kort: minimaal 15 tekens (nu ${n}).`,
    passwordTooLong: 'Het wachtwoord is te lang: maximaal 1024 tekens.',
    secretIntro: 'Open uw authenticator-app (bijvoorbeeld een app van uw organisatie) en voeg een account toe. Typ de geheime sleutel hieronder over, of open de koppeling op een apparaat met een authenticator-app.',
    secretLabel: 'Geheime sleutel',
    secretHint: 'De groepjes van 4 tekens zijn alleen voor het overtypen; de spaties horen er niet bij.',
    uriLabel: 'Koppeling voor authenticator-apps',
    uriLink: 'Open in authenticator-app',
    details: 'Instellingen voor handmatige invoer: tijdgebaseerd (TOTP), 6 cijfers, elke 30 seconden.',
    confirmIntro: 'Vul daarna de code van 6 cijfers in die uw app nu toont. Zo weten we dat de koppeling werkt.',
    code: 'Verificatiecode',
    codeHint: 'De code van 6 cijfers uit uw authenticator-app.',
    confirm: 'Account activeren',
    done: 'Uw account is geactiveerd',
    doneText: 'U kunt nu inloggen met uw gebruikersnaam, uw nieuwe wachtwoord en een code uit uw authenticator-app.',
    toLogin: 'Naar inloggen',
    failed: 'Activeren is niet gelukt',
  },
  home: {
    title: 'Start',
    welcome: (name) => `Welkom, ${name}`,
    whoTitle: 'Uw gegevens',
    name: 'Naam',
    username: 'Gebruikersnaam',
    organisation: 'Organisatie',
    roles: 'Rollen',
    tasksTitle: 'Wat kunt u doen',
    blockedTitle: 'Geen toegang tot casusgegevens',
    blockedText: (org) => `${org} heeft op dit moment geen geldig convenant of privacyprotocol. Daarom zijn alle casusgegevens geblokkeerd voor uw organisatie. Neem contact op met de functioneel beheerder of de privacy-officer van uw organisatie.`,
    notYet: 'Nog niet beschikbaar',
    blocked: 'Geblokkeerd',
    noTasks: 'Er zijn voor uw rol nog geen taken beschikbaar.',
  },
  tiles: {
    sessions: { title: 'Mijn sessies', text: 'Bekijk waar u bent ingelogd en beëindig sessies.' },
    users: { title: 'Gebruikers beheren', text: 'Gebruikers toevoegen, blokkeren of een nieuwe activatiecode maken.' },
    orgs: { title: 'Organisaties beheren', text: 'Partnerorganisaties en hun convenant of privacyprotocol bijhouden.' },
    signals: { title: 'Meldingen', text: 'Signalen van radicalisering registreren en wegen.' },
    signalNew: { title: 'Melding doen', text: 'Een signaal van mogelijke radicalisering doorgeven.' },
    cases: { title: 'Casussen', text: 'Casussen, plannen van aanpak en acties bijhouden.' },
    meetings: { title: 'Casusoverleg', text: 'Agenda, besluiten en acties van het casusoverleg.' },
    reports: { title: 'Rapportages', text: 'Geanonimiseerde cijfers voor bestuur en gemeenteraad.' },
    ambtsberichten: { title: 'Ambtsberichten', text: 'Ambtsberichten ontvangen en vastleggen wie ze mag lezen.' },
    audit: { title: 'Toegangslogboek', text: 'Controleren wie welke gegevens heeft bekeken of gewijzigd.' },
    rights: { title: 'Verzoeken van betrokkenen', text: 'Inzage-, correctie- en verwijderverzoeken afhandelen.' },
  },
  sessions: {
    title: 'Mijn sessies',
    intro: 'Hier ziet u op welke apparaten en in welke browsers u bent ingelogd. Herkent u een sessie niet? Beëindig die dan en meld het bij de functioneel beheerder.',
    caption: 'Uw actieve sessies',
    created: 'Gestart',
    lastSeen: 'Laatst actief',
    client: 'Browser en apparaat',
    actions: 'Actie',
    current: 'Deze sessie',
    end: 'Beëindigen',
    endLabel: (when) => `Sessie beëindigen die is gestart op ${when}`,
    endOthers: 'Alle andere sessies beëindigen',
    ended: 'De sessie is beëindigd.',
    endedOthers: 'Alle andere sessies zijn beëindigd.',
    none: 'Er zijn geen andere actieve sessies.',
    unknownClient: 'Onbekend',
  },
  users: {
    title: 'Gebruikers',
    intro: 'Beheer de accounts van medewerkers. Nieuwe gebruikers krijgen een eenmalige activatiecode. Daarmee kiezen zij zelf een wachtwoord en koppelen zij een authenticator-app.',
    add: 'Gebruiker toevoegen',
    caption: 'Alle gebruikers',
    name: 'Naam',
    username: 'Gebruikersnaam',
    organisation: 'Organisatie',
    roles: 'Rollen',
    status: 'Status',
    actions: 'Acties',
    self: 'Uw eigen account',
    disable: 'Blokkeren',
    disableLabel: (name) => `${name} blokkeren`,
    reset: 'Nieuwe code',
    resetLabel: (name) => `Nieuwe code voor ${name} (activatiecode)`,
    confirmDisableTitle: (name) => `${name} blokkeren?`,
    confirmDisableText: 'De gebruiker kan daarna niet meer inloggen. Alle sessies van deze gebruiker worden beëindigd.',
    confirmDisable: 'Ja, blokkeren',
    confirmResetTitle: (name) => `Nieuwe activatiecode voor ${name}?`,
    confirmResetText: 'Het huidige wachtwoord en de gekoppelde authenticator-app van deze gebruiker werken daarna niet meer. De gebruiker activeert het account opnieuw met de nieuwe code.',
    confirmReset: 'Ja, nieuwe code maken',
    disabled: (name) => `${name} is geblokkeerd.`,
    codeTitle: (name) => `Activatiecode voor ${name}`,
    codeText: 'Geef deze code persoonlijk of via een veilig kanaal aan de gebruiker, samen met de gebruikersnaam. De code wordt maar één keer getoond.',
    codeLabel: 'Activatiecode',
    none: 'Er zijn nog geen gebruikers.',
    newTitle: 'Gebruiker toevoegen',
    newIntro: 'Na het opslaan ziet u een activatiecode. Die geeft u aan de nieuwe gebruiker.',
    fUsername: 'Gebruikersnaam',
    fUsernameHint: 'Kleine letters, cijfers, punt, streepje of liggend streepje. Bijvoorbeeld: j.devries',
    fDisplayName: 'Volledige naam',
    fOrg: 'Organisatie',
    fOrgChoose: 'Kies een organisatie',
    fRoles: 'Rollen',
    fRolesHint: 'Kies een of meer rollen.',
    saved: (name) => `Gebruiker ${name} is toegevoegd`,
    backToList: 'Terug naar gebruikers',
    addAnother: 'Nog een gebruiker toevoegen',
    usernameRequired: 'Vul een gebruikersnaam in.',
    displayNameRequired: 'Vul de volledige naam in.',
    orgRequired: 'Kies een organisatie.',
    rolesRequired: 'Kies minimaal één rol.',
  },
  orgs: {
    title: 'Organisaties',
    intro: 'Partnerorganisaties mogen alleen casusgegevens zien als zij een geldig convenant, privacyprotocol of een wettelijke grondslag hebben.',
    add: 'Organisatie toevoegen',
    caption: 'Alle organisaties',
    name: 'Naam',
    kind: 'Soort',
    region: 'Regio',
    instrument: 'Grondslag',
    instrumentDate: 'Datum',
    instrumentStatus: 'Status grondslag',
    access: 'Toegang tot casussen',
    accessOk: 'Toegestaan',
    accessBlocked: 'Geblokkeerd',
    actions: 'Actie',
    edit: 'Grondslag wijzigen',
    editHidden: (name) => ` van ${name}`,
    none: 'Er zijn nog geen organisaties.',
    newTitle: 'Organisatie toevoegen',
    editTitle: (name) => `Grondslag wijzigen: ${name}`,
    fName: 'Naam',
    fKind: 'Soort organisatie',
    fRegion: 'Regio',
    fChoose: 'Maak een keuze',
    fInstrument: 'Grondslag voor gegevensdeling',
    fInstrumentHint: 'Op grond waarvan mag deze organisatie casusgegevens delen?',
    fDate: 'Datum van ondertekening',
    fStatus: 'Status',
    saved: (name) => `Organisatie ${name} is opgeslagen.`,
    nameRequired: 'Vul de naam van de organisatie in.',
    kindRequired: 'Kies de soort organisatie.',
    regionRequired: 'Kies een regio.',
    instrumentRequired: 'Kies een grondslag.',
    statusRequired: 'Kies een status.',
    dateInvalid: 'Vul een datum in zoals 17-10-2024.',
    notFound: 'Deze organisatie bestaat niet.',
    backToList: 'Terug naar organisaties',
  },
  timeout: {
    title: (left) => `Uw sessie verloopt over ${left}`,
    text: (left) => `Over ${left} wordt u automatisch uitgelogd omdat u niet actief bent. Wilt u ingelogd blijven?`,
    absoluteTitle: 'Uw sessie eindigt binnenkort',
    absoluteText: (left) => `Over ${left} eindigt uw sessie, omdat u al lang bent ingelogd. Sla uw werk op. Daarna moet u opnieuw inloggen.`,
    stay: 'Ingelogd blijven',
    logout: 'Nu uitloggen',
    extended: 'U blijft ingelogd.',
  },
  notFound: {
    title: 'Pagina niet gevonden',
    text: 'Deze pagina bestaat niet. Controleer het adres of ga naar de startpagina.',
    home: 'Naar de startpagina',
  },
  forbidden: {
    title: 'Geen toegang',
    text: 'U hebt geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op met de functioneel beheerder.',
  },
};

export const ROLE_LABELS = {
  beheerder: 'Functioneel beheerder',
  dossierhouder: 'Dossierhouder',
  voorzitter: 'Voorzitter',
  partner: 'Partner',
  melder: 'Melder',
  burgemeester: 'Burgemeester',
  raadslid: 'Raadslid',
  fg: 'Functionaris gegevensbescherming',
};
export const ROLES = Object.keys(ROLE_LABELS);

export const ORG_KIND_LABELS = {
  gemeente: 'Gemeente',
  politie: 'Politie',
  om: 'Openbaar Ministerie',
  rvdk: 'Raad voor de Kinderbescherming',
  reclassering: 'Reclassering',
  jeugdzorg: 'Jeugdzorg',
  ggz: 'Geestelijke gezondheidszorg (ggz)',
  zvh: 'Zorg- en Veiligheidshuis',
  nctv: 'NCTV',
  overig: 'Overig',
};
export const INSTRUMENT_LABELS = {
  convenant: 'Convenant',
  privacyprotocol: 'Privacyprotocol',
  wet: 'Wettelijke grondslag',
  geen: 'Geen',
};
export const INSTRUMENT_STATUS_LABELS = {
  getekend: 'Getekend',
  verlopen: 'Verlopen',
  ingetrokken: 'Ingetrokken',
  niet_getekend: 'Niet getekend',
};
export const USER_STATUS_LABELS = {
  actief: 'Actief',
  wacht_op_activatie: 'Wacht op activatie',
  geblokkeerd: 'Geblokkeerd',
};

/** Label for a code from one of the tables above; falls back to the code itself. */
export function label(table, code) {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : String(code ?? '');
}

export function roleLabels(roles) {
  return formatList((roles || []).map((r) => label(ROLE_LABELS, r)));
}

// ---------------------------------------------------------------------------------------------
// Formatting (pure; unit-tested in test/unit/format.test.mjs)

const dateLong = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const timeShort = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateShort = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const listFmt = new Intl.ListFormat('nl', { type: 'conjunction' });

function toDate(value) {
  if (value == null || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** RFC 3339 timestamp → "5 maart 2024 om 14:05" (Europe/Amsterdam). Empty string for no value. */
export function formatDateTime(value) {
  const d = toDate(value);
  if (!d) return '';
  return `${dateLong.format(d)} om ${timeShort.format(d)}`;
}

/** "2024-03-05" (calendar date, no zone) → "05-03-2024"; a full timestamp is converted to Amsterdam first. */
export function formatDate(value) {
  if (value == null || value === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  const d = toDate(value);
  return d ? dateShort.format(d) : '';
}

/**
 * Parses a date typed the Dutch way: d-m-jjjj, with "-", "/", "." or spaces as separators.
 * Returns "YYYY-MM-DD", or null when the input is not a real calendar date.
 */
export function parseDutchDate(input) {
  const m = /^\s*(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4})\s*$/.exec(String(input ?? ''));
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2999) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function formatList(items) {
  return listFmt.format(items.filter((x) => x != null && x !== ''));
}

/** Seconds → "2 minuten", "1 minuut", "45 seconden" (rounded up to whole minutes from 1 minute). */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.ceil(Number(seconds) || 0));
  if (s < 60) return s === 1 ? '1 seconde' : `${s} seconden`;
  const min = Math.ceil(s / 60);
  return min === 1 ? '1 minuut' : `${min} minuten`;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (for reading aloud and retyping). */
export function groupSecret(secret, size = 4) {
  const clean = String(secret ?? '').replace(/[\s-]/g, '').toUpperCase();
  const parts = [];
  for (let i = 0; i < clean.length; i += size) parts.push(clean.slice(i, i + size));
  return parts.join(' ');
}

/** A short Dutch description of a User-Agent string: "Chrome 156 op Linux". Falls back to the raw text. */
export function describeClient(ua) {
  const s = String(ua ?? '').trim();
  if (!s) return t.sessions.unknownClient;
  const os = /Windows/.test(s) ? 'Windows'
    : /Android/.test(s) ? 'Android'
      : /iPhone|iPad|iOS/.test(s) ? 'iOS'
        : /Mac OS X|Macintosh/.test(s) ? 'macOS'
          : /CrOS/.test(s) ? 'ChromeOS'
            : /Linux/.test(s) ? 'Linux' : '';
  let m;
  let browser = '';
  if ((m = /Edg(?:e|A|iOS)?\/(\d+)/.exec(s))) browser = `Edge ${m[1]}`;
  else if ((m = /Firefox\/(\d+)/.exec(s))) browser = `Firefox ${m[1]}`;
  else if ((m = /HeadlessChrome\/(\d+)/.exec(s))) browser = `Chrome ${m[1]} (headless)`;
  else if ((m = /Chrom(?:e|ium)\/(\d+)/.exec(s))) browser = `Chrome ${m[1]}`;
  else if ((m = /Version\/(\d+)[^ ]* .*Safari\//.exec(s))) browser = `Safari ${m[1]}`;
  if (!browser && !os) return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  return os ? `${browser || 'Browser'} op ${os}` : browser;
}

/** Page title: "Mijn sessies — Regie". */
export function pageTitle(title) {
  return title ? `${title}${t.app.titleSuffix}` : APP_NAME;
}
