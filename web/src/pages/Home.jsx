import { t, ORG_KIND_LABELS, label, roleLabels } from '../i18n/nl.js';
import { tilesFor } from '../permissions.js';
import { Page, Paragraph, Heading, Alert, DataList, StatusBadge } from '../components/ui.jsx';

export function Home({ session }) {
  const user = session.user || {};
  const org = user.organisation || {};
  const tiles = tilesFor(session);
  const orgText = org.name ? `${org.name}${org.kind ? ` (${label(ORG_KIND_LABELS, org.kind)})` : ''}` : t.form.empty;
  return (
    <Page title={t.home.title}>
      <Paragraph lead>{t.home.welcome(user.display_name || user.username)}</Paragraph>
      {org.access_ok === false && (
        <Alert type="error" title={t.home.blockedTitle} id="covenant-warning">
          <Paragraph>{t.home.blockedText(org.name || t.home.organisation)}</Paragraph>
        </Alert>
      )}
      <section aria-labelledby="who-title" class="regie-section">
        <Heading level={2} id="who-title">{t.home.whoTitle}</Heading>
        <DataList
          items={[
            [t.home.name, user.display_name || t.form.empty],
            [t.home.username, user.username || t.form.empty],
            [t.home.organisation, orgText],
            [t.home.roles, roleLabels(user.roles) || t.form.empty],
          ]}
        />
      </section>
      <section aria-labelledby="tasks-title" class="regie-section">
        <Heading level={2} id="tasks-title">{t.home.tasksTitle}</Heading>
        {tiles.length === 0 ? (
          <Paragraph>{t.home.noTasks}</Paragraph>
        ) : (
          <ul class="regie-tiles">
            {tiles.map((tile) => {
              const txt = t.tiles[tile.key];
              return (
                <li class={`regie-tile regie-tile--${tile.state}`} key={tile.key} data-tile={tile.key}>
                  <h3 class="utrecht-heading-3 regie-tile__title">
                    {tile.href ? (
                      <a class="utrecht-link utrecht-link--html-a regie-tile__link" href={tile.href}>{txt.title}</a>
                    ) : (
                      txt.title
                    )}
                  </h3>
                  <p class="utrecht-paragraph regie-tile__text">{txt.text}</p>
                  {tile.state === 'soon' && <StatusBadge status="neutral">{t.home.notYet}</StatusBadge>}
                  {tile.state === 'blocked' && <StatusBadge status="invalid">{t.home.blocked}</StatusBadge>}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Page>
  );
}

