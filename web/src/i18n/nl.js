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
    account: 'Mijn account',
    footer: 'Regie — gemeentelijke aanpak radicalisering. Vertrouwelijke informatie: deel alleen wat nodig is.',
    loading: 'Bezig met laden…',
    titleSuffix: ' — Regie',
  },
  nav: {
    start: 'Start',
    sessions: 'Mijn sessies',
    users: 'Gebruikers',
    orgs: 'Organisaties',
    audit: 'Toegangslogboek',
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
    deputy: 'Plaatsvervanging',
    deputyOf: (name) => `Plaatsvervanger van ${name}`,
    deputies: (names) => `Vervangen door ${names}`,
    deputyButton: 'Plaatsvervanger',
    deputyLabel: (name) => `${name} als plaatsvervanger instellen`,
    deputyTitle: (name) => `Plaatsvervanging voor ${name}`,
    deputyText: (name) => `Kies voor wie ${name} plaatsvervanger is. U kunt alleen gebruikers van dezelfde organisatie kiezen. Kies "Geen" om de plaatsvervanging te beëindigen.`,
    deputyField: (name) => `${name} is plaatsvervanger van`,
    deputyNone: 'Geen',
    deputySaved: (a, b) => `${a} is nu plaatsvervanger van ${b}.`,
    deputyCleared: (a) => `${a} is geen plaatsvervanger meer.`,
    deputyUnknown: (id) => `account ${id}`,
    fDeputy: 'Plaatsvervanger van',
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
  account: {
    title: 'Mijn account',
    intro: 'Hier wijzigt u het wachtwoord waarmee u inlogt. De authenticator-app blijft gekoppeld.',
    pwTitle: 'Wachtwoord wijzigen',
    pwIntro: 'U hebt uw huidige wachtwoord nodig. Na het wijzigen wordt u op andere apparaten en in andere browsers uitgelogd. In deze browser blijft u ingelogd.',
    current: 'Huidig wachtwoord',
    next: 'Nieuw wachtwoord',
    confirm: 'Herhaal het nieuwe wachtwoord',
    submit: 'Wachtwoord wijzigen',
    currentRequired: 'Vul uw huidige wachtwoord in.',
    nextRequired: 'Vul een nieuw wachtwoord in.',
    confirmRequired: 'Vul het nieuwe wachtwoord nog een keer in.',
    mismatch: 'De twee nieuwe wachtwoorden zijn niet hetzelfde. Typ het nieuwe wachtwoord nog een keer.',
    same: 'Het nieuwe wachtwoord is hetzelfde als uw huidige wachtwoord. Kies een ander wachtwoord.',
    done: 'Uw wachtwoord is gewijzigd',
    doneText: 'U blijft ingelogd in deze browser. Op andere apparaten en in andere browsers bent u uitgelogd. Daar logt u voortaan in met uw nieuwe wachtwoord.',
    sessionsLink: 'Bekijk waar u nog bent ingelogd',
  },
  audit: {
    title: 'Toegangslogboek',
    queueTitle: 'Break-glass-wachtrij',
    intro: 'In het toegangslogboek staat wie welke gegevens heeft bekeken, gewijzigd, gezocht of geëxporteerd, en wie heeft geprobeerd in te loggen. Tijden zijn Nederlandse tijd.',
    queueIntro: 'Hier staan de keren dat iemand met break-glass (noodtoegang) gegevens heeft geopend waar hij normaal geen toegang toe heeft. Controleer of die toegang nodig en terecht was. De nieuwste staan bovenaan.',
    loggedTitle: 'Uw zoekopdracht wordt vastgelegd',
    loggedText: 'Elke zoekopdracht in het logboek komt zelf ook in het logboek: wie zocht, wanneer en waarop. Zoek alleen als dat nodig is voor uw toezicht.',
    loggedQueue: 'Het openen van deze wachtrij komt ook in het logboek.',
    views: 'Onderdelen van het toegangslogboek',
    viewSearch: 'Zoeken in het logboek',
    viewQueue: 'Break-glass-wachtrij',
    searchTitle: 'Zoeken in het logboek',
    subjectLegend: 'Zoeken op',
    subjectHint: 'Vul hoogstens één van deze vier velden in. Laat ze leeg om alleen op periode of handeling te zoeken.',
    fPerson: 'Persoon (BSN)',
    fPersonHint: 'Burgerservicenummer van 9 cijfers. U ziet wie gegevens over deze persoon heeft bekeken of gewijzigd.',
    fAccount: 'Betrokken account (nummer)',
    fAccountHint: 'Het nummer van het account waarover gegevens zijn bekeken of gewijzigd.',
    fUser: 'Gebruiker (nummer)',
    fUserHint: 'Het nummer van het account dat de handeling deed.',
    fOrg: 'Organisatie (nummer)',
    fOrgHint: 'Het nummer van de organisatie van wie de handeling deed.',
    fOrgHintKnown: (list) => `Het nummer van de organisatie van wie de handeling deed, bijvoorbeeld ${list}.`,
    periodLegend: 'Periode',
    periodHint: 'Bijvoorbeeld: 17-10-2024. Laat leeg voor alle datums.',
    fFrom: 'Van',
    fTo: 'Tot en met',
    fAction: 'Handeling',
    fActionAll: 'Alle handelingen',
    search: 'Zoeken',
    clear: 'Velden leegmaken',
    oneSubject: 'Vul maar één van deze velden in: persoon, betrokken account, gebruiker of organisatie.',
    bsnFormat: 'Vul een BSN in van 9 cijfers, bijvoorbeeld 123456782.',
    bsnInvalid: 'Dit BSN bestaat niet: controleer de cijfers.',
    idFormat: (what) => `${what}: vul een nummer in, bijvoorbeeld 12.`,
    dateInvalid: (what) => `${what}: vul een datum in zoals 17-10-2024.`,
    toBeforeFrom: 'Tot en met: deze datum ligt voor de datum bij Van. Kies een latere datum.',
    resultsTitle: 'Zoekresultaat',
    queueResultsTitle: 'Break-glass-toegang',
    caption: 'Logregels, nieuwste eerst',
    queueCaption: 'Break-glass-toegang, nieuwste eerst',
    none: 'Er zijn geen regels gevonden.',
    queueNone: 'Er staat niets in de wachtrij: niemand heeft break-glass gebruikt.',
    count: (n, more) => (more ? `U ziet de ${n} nieuwste regels. Er zijn meer regels: kies "Meer laden" onder de tabel.` : n === 1 ? '1 regel gevonden.' : `${n} regels gevonden.`),
    more: 'Meer laden',
    moreAdded: (n) => (n === 1 ? '1 oudere regel toegevoegd.' : `${n} oudere regels toegevoegd.`),
    noMore: 'Er zijn geen oudere regels.',
    cTime: 'Tijdstip',
    cAction: 'Handeling',
    cOutcome: 'Uitkomst',
    cUser: 'Gebruiker',
    cOrg: 'Organisatie',
    cRole: 'Rol',
    cObject: 'Object',
    cSubject: 'Betrokkene',
    cProcessing: 'Verwerking',
    cLegal: 'Grondslag',
    account: (id) => `Account ${id}`,
    org: (id) => `Organisatie ${id}`,
    subjectFull: (kind, id) => `${kind}, pseudoniem ${id}`,
    fields: (f) => `Velden: ${f}`,
    categories: (c) => `Categorieën: ${c}`,
    purpose: (p) => `Doel: ${p}`,
    verifyTitle: 'Integriteit van het logboek',
    verifyIntro: 'Controleer of het logboek volledig is en of er niets in is veranderd. Regie controleert de keten van regels en de ondertekende controlepunten.',
    verify: 'Controleren',
    verifyOk: 'Het logboek is in orde',
    verifyOkText: 'Er ontbreken geen regels en er is niets veranderd.',
    verifyBad: 'Fout: het logboek is niet in orde',
    verifyBadText: 'Regie vond een probleem in het logboek. Meld dit meteen bij de functioneel beheerder en het securityteam, en verander niets aan de server.',
    vStatus: 'Uitkomst',
    vRecords: 'Aantal regels',
    vSize: 'Omvang (posities)',
    vVerified: 'Bewezen met een ondertekend controlepunt (posities)',
    vCheckpoints: 'Gecontroleerde controlepunten',
    vFirstBad: 'Eerste fout bij positie',
    vDetail: 'Technische details',
    vCheckedAt: 'Gecontroleerd op',
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

/** What happened, per access-log record (`regie.action`). */
export const AUDIT_ACTION_LABELS = {
  create: 'Aanmaken',
  read: 'Bekijken',
  update: 'Wijzigen',
  delete: 'Verwijderen',
  search: 'Zoeken',
  export: 'Exporteren',
  print: 'Afdrukken',
  merge: 'Samenvoegen',
  transfer: 'Overdragen',
  login: 'Inloggen',
  login_failed: 'Inloggen mislukt',
  logout: 'Uitloggen',
  authz_denied: 'Toegang geweigerd',
  break_glass: 'Break-glass (noodtoegang)',
  log_view: 'Logboek bekeken',
  purge: 'Opgeschoond (bewaartermijn)',
};
/** The actions one can search for, in the order of the select. */
export const AUDIT_SEARCH_ACTIONS = [
  'create', 'read', 'update', 'delete', 'search', 'export', 'login', 'login_failed', 'logout', 'authz_denied', 'break_glass', 'log_view',
];
export const AUDIT_OUTCOME_LABELS = { ok: 'Gelukt', denied: 'Geweigerd', error: 'Fout' };
export const AUDIT_OBJECT_LABELS = {
  session: 'Sessie',
  user: 'Account',
  organisation: 'Organisatie',
  region: 'Regio',
  audit_log: 'Toegangslogboek',
  person: 'Persoon',
  signal: 'Signaal',
  weighing: 'Weging',
  case: 'Casus',
  plan: 'Plan van aanpak',
  measure: 'Maatregel',
  task: 'Taak',
  network: 'Netwerk',
  meeting: 'Casusoverleg',
  agenda_item: 'Agendapunt',
  decision: 'Besluit',
  minutes: 'Verslag',
  informing: 'Informeren',
  ambtsbericht: 'Ambtsbericht',
  rights_request: 'Verzoek van betrokkene',
  figures: 'Cijfers',
};
export const AUDIT_SUBJECT_TYPE_LABELS = { user: 'Account', person: 'Persoon', pseudonym: 'Pseudoniem' };
/** Searches on the log (`regie.fields` of a log_view record). */
export const AUDIT_VIEW_LABELS = {
  by_period: 'gezocht op periode',
  by_subject: 'gezocht op betrokkene',
  by_user: 'gezocht op gebruiker',
  by_org: 'gezocht op organisatie',
};
export const AUDIT_PROCESSING_LABELS = {
  authenticatie: 'Inloggen en sessies',
  accountbeheer: 'Accountbeheer',
  'toezicht-logging': 'Toezicht op het logboek',
};
export const AUDIT_VERIFY_STATUS_LABELS = {
  ok: 'In orde',
  seq_gap: 'Er ontbreekt een regel, of een regel staat er dubbel in',
  bad_record: 'Een regel is onleesbaar',
  leaf_mismatch: 'Een regel is veranderd',
  chain_mismatch: 'De keten van regels is verbroken',
  root_mismatch: 'Het logboek past niet bij een ondertekend controlepunt',
  bad_checkpoint: 'Een controlepunt is ongeldig',
  bad_signature: 'Een handtekening is ongeldig',
  truncated: 'Het logboek is ingekort',
  behind_witness: 'Het logboek is teruggezet (ouder dan de getuige)',
  fork: 'Er bestaan twee verschillende versies van het logboek',
  consistency: 'De controlepunten zijn niet met elkaar in overeenstemming',
  bad_deletion: 'Een verwijdering van oude regels is ongeldig',
  incomplete: 'De controle kon niet worden afgemaakt',
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

const timeLong = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** RFC 3339 timestamp → "05-03-2024 14:05:09" (Europe/Amsterdam, 24-hour clock, seconds). */
export function formatTimestamp(value) {
  const d = toDate(value);
  if (!d) return '';
  return `${dateShort.format(d)} ${timeLong.format(d)}`;
}

/** Today's calendar date in Europe/Amsterdam as "YYYY-MM-DD". */
export function todayISO(now = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
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
