// Thin Preact components that emit NL Design System (Utrecht) markup.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t, pageTitle } from '../i18n/nl.js';

const cx = (...c) => c.filter(Boolean).join(' ');

/** Sets document.title and renders the page's h1 (focus target after a route change). */
export function Page({ title, children, wide = false }) {
  useEffect(() => {
    document.title = pageTitle(title);
  }, [title]);
  return (
    <div class={cx('regie-page', wide && 'regie-page--wide')}>
      <h1 class="utrecht-heading-1" tabIndex={-1} id="page-title">{title}</h1>
      {children}
    </div>
  );
}

export function Heading({ level = 2, children, id, ...rest }) {
  const Tag = `h${level}`;
  return <Tag class={`utrecht-heading-${level}`} id={id} {...rest}>{children}</Tag>;
}

export function Paragraph({ children, lead = false, small = false, id }) {
  return <p id={id} class={cx('utrecht-paragraph', lead && 'utrecht-paragraph--lead', small && 'utrecht-paragraph--small')}>{children}</p>;
}

export function Button({ variant = 'primary', type = 'button', busy = false, children, class: extra, ...rest }) {
  const v = { primary: 'utrecht-button--primary-action', secondary: 'utrecht-button--secondary-action', subtle: 'utrecht-button--subtle', danger: 'utrecht-button--primary-action utrecht-button--danger' }[variant];
  return (
    <button type={type} class={cx('utrecht-button', v, busy && 'utrecht-button--busy', extra)} aria-disabled={busy ? 'true' : undefined} {...rest}>
      {children}
    </button>
  );
}

export function LinkButton({ href, variant = 'primary', children, ...rest }) {
  const v = { primary: 'utrecht-button-link--primary-action', secondary: 'utrecht-button-link--secondary-action', subtle: 'utrecht-button-link--subtle' }[variant];
  return <a href={href} class={cx('utrecht-button-link utrecht-button-link--html-a', v)} {...rest}>{children}</a>;
}

export function Link({ href, children, ...rest }) {
  return <a href={href} class="utrecht-link utrecht-link--html-a" {...rest}>{children}</a>;
}

export function ButtonGroup({ children }) {
  return <div class="utrecht-button-group utrecht-button-group--row regie-button-group">{children}</div>;
}

/**
 * type: info | ok | warning | error. Give `focusKey` to move focus to the alert whenever it changes.
 */
export function Alert({ type = 'info', title, children, focusKey, id, role }) {
  const ref = useRef(null);
  useEffect(() => {
    if (focusKey && ref.current) ref.current.focus();
  }, [focusKey]);
  const headingId = id ? `${id}-title` : undefined;
  return (
    <div
      ref={ref}
      id={id}
      class={cx('utrecht-alert', `utrecht-alert--${type}`, 'regie-alert')}
      tabIndex={focusKey ? -1 : undefined}
      role={role}
      aria-labelledby={title && headingId ? headingId : undefined}
    >
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">
          {title && <Heading level={2} id={headingId} class="utrecht-heading-2 regie-alert__title">{title}</Heading>}
          {children}
        </div>
      </div>
    </div>
  );
}

/**
 * Error summary at the top of a failed form (GOV.UK/NLDS pattern). Receives focus each time
 * `focusKey` changes (i.e. after every failed submit). items: [{ id, message }] linking to fields.
 */
export function ErrorSummary({ title, message, items = [], focusKey, id = 'error-summary' }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) ref.current.focus();
  }, [focusKey]);
  const heading = title || t.form.errorSummaryTitle(items.length || 1);
  return (
    <div ref={ref} class="utrecht-alert utrecht-alert--error regie-error-summary" tabIndex={-1} aria-labelledby={`${id}-title`} id={id}>
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">
          <h2 class="utrecht-heading-2 regie-alert__title" id={`${id}-title`}>{heading}</h2>
          {message && <p class="utrecht-paragraph">{message}</p>}
          {items.length > 0 && (
            <ul class="utrecht-unordered-list regie-error-summary__list">
              {items.map((it) => (
                <li class="utrecht-unordered-list__item" key={it.id}>
                  <a
                    class="utrecht-link utrecht-link--html-a"
                    href={`#${it.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const el = document.getElementById(it.id);
                      if (el) {
                        el.focus();
                        el.scrollIntoView({ block: 'center' });
                      }
                    }}
                  >
                    {it.message}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

/** Builds the summary items from a field-error map, in the order of `fieldOrder`. */
export function summaryItems(fieldErrors, fieldOrder, idOf) {
  const names = [...fieldOrder, ...Object.keys(fieldErrors).filter((k) => !fieldOrder.includes(k))];
  return names.filter((n) => fieldErrors[n]).map((n) => ({ id: idOf(n), message: fieldErrors[n] }));
}

function FieldShell({ id, label, hint, error, children, optional, type = 'text' }) {
  return (
    <div class={cx('utrecht-form-field', `utrecht-form-field--${type}`, 'utrecht-form-field--distanced', error && 'utrecht-form-field--invalid')}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
          {optional && <span class="regie-optional"> {t.form.optional}</span>}
        </label>
      </div>
      {hint && (
        <div class="utrecht-form-field__description utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>
          <span class="regie-visually-hidden">{t.form.errorPrefix}</span>
          {error}
        </div>
      )}
      <div class="utrecht-form-field__input">{children}</div>
    </div>
  );
}

function describedBy(id, hint, error, extra) {
  return [hint && `${id}-hint`, extra, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

export function TextField({ id, label, hint, error, value, onValue, type = 'text', optional = false, size, extraDescribedBy, after, ...rest }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        name={rest.name || id}
        type={type}
        class={cx('utrecht-textbox utrecht-textbox--html-input', error && 'utrecht-textbox--invalid', size && `regie-textbox--${size}`, type === 'password' && 'utrecht-textbox--password')}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error, extraDescribedBy)}
        spellcheck={false}
        {...rest}
      />
      {after}
    </FieldShell>
  );
}

/** A select; `groups` ([{ label, options }]) renders <optgroup>s instead of the flat `options`. */
export function SelectField({ id, label, hint, error, value, onValue, options = [], groups, placeholder, optional = false, ...rest }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        {...rest}
        id={id}
        name={rest.name || id}
        class={cx('utrecht-select utrecht-select--html-select', error && 'utrecht-select--invalid')}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {placeholder && <option value="">{placeholder}</option>}
        {Array.isArray(groups)
          ? groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>{o.label}</option>
              ))}
            </optgroup>
          ))
          : options.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
      </select>
    </FieldShell>
  );
}

/** The fieldset of a choice (checkboxes, radios): legend with "(niet verplicht)", hint and error. */
function ChoiceFieldset({ id, legend, hint, error, optional, children }) {
  return (
    <div class={cx('utrecht-form-field', 'utrecht-form-field--distanced', error && 'utrecht-form-field--invalid')}>
      <fieldset
        class={cx('utrecht-form-fieldset utrecht-form-fieldset--html-fieldset', error && 'utrecht-form-fieldset--invalid')}
        aria-describedby={describedBy(id, hint, error)}
      >
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {legend}
          {optional && <span class="regie-optional"> {t.form.optional}</span>}
        </legend>
        {hint && <div class="utrecht-form-field-description" id={`${id}-hint`}>{hint}</div>}
        {error && (
          <div class="utrecht-form-field-error-message" id={`${id}-error`}>
            <span class="regie-visually-hidden">{t.form.errorPrefix}</span>
            {error}
          </div>
        )}
        {children}
      </fieldset>
    </div>
  );
}

/** A group of checkboxes in a fieldset; `id` is given to the first checkbox (error-summary target). */
export function CheckboxGroup({ id, legend, hint, error, options, values, onValues, optional = false }) {
  const toggle = (v, on) => onValues(on ? [...values, v] : values.filter((x) => x !== v));
  return (
    <ChoiceFieldset id={id} legend={legend} hint={hint} error={error} optional={optional}>
      {options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${o.value}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox" key={o.value}>
            <div class="utrecht-form-field__input">
              <input
                type="checkbox"
                id={oid}
                name={id}
                value={o.value}
                class={cx('utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom', error && 'utrecht-checkbox--invalid')}
                checked={values.includes(o.value)}
                onChange={(e) => toggle(o.value, e.currentTarget.checked)}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={oid}>{o.label}</label>
            </div>
          </div>
        );
      })}
    </ChoiceFieldset>
  );
}

/**
 * A fieldset around related fields ("Zoeken op", "Periode") with an optional group-level hint and
 * error message (e.g. "fill in only one of these").
 */
export function Fieldset({ id, legend, hint, error, optional = false, children, class: extra }) {
  return (
    <div class={cx('utrecht-form-field', 'utrecht-form-field--distanced', error && 'utrecht-form-field--invalid', extra)}>
      <fieldset
        id={id}
        class={cx('utrecht-form-fieldset utrecht-form-fieldset--html-fieldset', error && 'utrecht-form-fieldset--invalid')}
        aria-describedby={describedBy(id, hint, error)}
      >
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {legend}
          {optional && <span class="regie-optional"> {t.form.optional}</span>}
        </legend>
        {hint && <div class="utrecht-form-field-description" id={`${id}-hint`}>{hint}</div>}
        {error && (
          <div class="utrecht-form-field-error-message" id={`${id}-error`}>
            <span class="regie-visually-hidden">{t.form.errorPrefix}</span>
            {error}
          </div>
        )}
        {children}
      </fieldset>
    </div>
  );
}

/** Secondary navigation between the parts of one section (e.g. search / queue). */
export function SubNav({ label: name, links, current }) {
  return (
    <nav class="regie-subnav" aria-label={name}>
      <ul class="regie-subnav__list" role="list">
        {links.map((l) => (
          <li class="regie-subnav__item" key={l.href}>
            <a class="utrecht-link utrecht-link--html-a regie-subnav__link" href={l.href} aria-current={l.href === current ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StatusBadge({ status = 'neutral', children }) {
  return <span class={`utrecht-status-badge utrecht-status-badge--${status}`}>{children}</span>;
}

export function DataList({ items }) {
  return (
    <dl class="utrecht-data-list utrecht-data-list--rows regie-data-list">
      {items.map(([k, v]) => (
        <div class="utrecht-data-list__item" key={k}>
          <dt class="utrecht-data-list__item-key">{k}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A data table with caption and column scopes, inside a horizontally scrollable container. */
/** compact: tighter cell padding (many columns); small: also a smaller font (dense log data). */
export function Table({ id = 'table', caption, columns, rows, rowKey, rowHeader = 0, busy = false, compact = false, small = false }) {
  return (
    <div class="utrecht-table__container regie-table-container" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id} class={cx('utrecht-table utrecht-table--html-table', busy && 'utrecht-table--busy', compact && 'regie-table--compact', small && 'regie-table--small')} aria-busy={busy ? 'true' : undefined}>
        <caption class="utrecht-table__caption" id={`${id}-caption`}>{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {columns.map((c) => (
              <th class="utrecht-table__header-cell" scope="col" key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map((r) => (
            <tr class="utrecht-table__row" key={rowKey(r)}>
              {columns.map((c, i) =>
                i === rowHeader ? (
                  <th class="utrecht-table__header-cell regie-row-header" scope="row" key={c.key}>{c.render(r)}</th>
                ) : (
                  <td class="utrecht-table__cell" key={c.key}>{c.render(r)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Native modal <dialog>. Focus goes to the element with [data-autofocus] (or the first button);
 * on close, focus returns to whatever had it before. Esc calls onCancel.
 */
export function Dialog({ open, title, children, onCancel, id = 'dialog', role = 'dialog' }) {
  const ref = useRef(null);
  const opener = useRef(null);
  // Layout effect: the dialog must be closed (and the page no longer inert) before ordinary effects
  // run, so that e.g. a result message rendered in the same update can take the focus.
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      const target = d.querySelector('[data-autofocus]') || d.querySelector('button');
      if (target) target.focus();
    } else if (!open && d.open) {
      d.close();
      const o = opener.current;
      opener.current = null;
      if (o && o.isConnected && typeof o.focus === 'function') o.focus();
      else document.getElementById('page-title')?.focus();
    }
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      id={id}
      class="regie-dialog"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel?.();
      }}
    >
      {open && (
        <div class="regie-dialog__body">
          <h2 class="utrecht-heading-2" id={`${id}-title`}>{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Polite live region for short status messages ("Sessie beëindigd"). */
let announceFn = () => {};
export function announce(msg) {
  announceFn(msg);
}
export function LiveRegion() {
  const ref = useRef(null);
  useEffect(() => {
    announceFn = (msg) => {
      const el = ref.current;
      if (!el) return;
      el.textContent = '';
      window.setTimeout(() => {
        el.textContent = msg;
      }, 50);
    };
    return () => {
      announceFn = () => {};
    };
  }, []);
  return <div ref={ref} class="regie-visually-hidden" role="status" aria-live="polite" aria-atomic="true" />;
}

export function Loading() {
  return <p class="utrecht-paragraph regie-loading" role="status">{t.app.loading}</p>;
}

/**
 * Radio buttons in a fieldset with a legend. `id` goes to the first radio (error-summary target).
 * options: [{ value, label, hint? }]. Conditional follow-up fields go in `children` (shown below).
 */
export function RadioGroup({ id, legend, hint, error, options, value, onValue, optional = false, name, children }) {
  return (
    <ChoiceFieldset id={id} legend={legend} hint={hint} error={error} optional={optional}>
      {options.map((o, i) => {
        const oid = i === 0 ? id : `${id}-${String(o.value).replace(/[^A-Za-z0-9_-]/g, '_')}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--radio" key={o.value}>
            <div class="utrecht-form-field__input">
              <input
                type="radio"
                id={oid}
                name={name || id}
                value={o.value}
                class={cx('utrecht-radio-button utrecht-radio-button--html-input', error && 'utrecht-radio-button--invalid')}
                checked={value === o.value}
                aria-describedby={o.hint ? `${oid}-hint` : undefined}
                onChange={(e) => {
                  if (e.currentTarget.checked) onValue(o.value);
                }}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label utrecht-form-label--radio" for={oid}>{o.label}</label>
              {o.hint && <div class="utrecht-form-field-description" id={`${oid}-hint`}>{o.hint}</div>}
            </div>
          </div>
        );
      })}
      {children}
    </ChoiceFieldset>
  );
}

/** Multi-line text input with label, hint, error and "(niet verplicht)". */
export function TextArea({ id, label: text, hint, error, value, onValue, optional = false, rows = 5, ...rest }) {
  return (
    <FieldShell id={id} label={text} hint={hint} error={error} optional={optional} type="textarea">
      <textarea
        id={id}
        name={rest.name || id}
        rows={rows}
        class={cx('utrecht-textarea utrecht-textarea--html-textarea', error && 'utrecht-textarea--invalid', 'regie-textbox--lg')}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
    </FieldShell>
  );
}

/** One checkbox with its label to the right (e.g. "De weging is gedaan in een overleg"). */
export function Checkbox({ id, label: text, hint, error, checked, onChecked, ...rest }) {
  return (
    <div class={cx('utrecht-form-field', 'utrecht-form-field--checkbox', 'utrecht-form-field--distanced', error && 'utrecht-form-field--invalid')}>
      <div class="utrecht-form-field__input">
        <input
          type="checkbox"
          id={id}
          name={rest.name || id}
          class={cx('utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom', error && 'utrecht-checkbox--invalid')}
          checked={!!checked}
          onChange={(e) => onChecked(e.currentTarget.checked)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...rest}
        />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>{text}</label>
        {hint && <div class="utrecht-form-field-description" id={`${id}-hint`}>{hint}</div>}
        {error && (
          <div class="utrecht-form-field-error-message" id={`${id}-error`}>
            <span class="regie-visually-hidden">{t.form.errorPrefix}</span>
            {error}
          </div>
        )}
      </div>
    </div>
  );
}

/** Previous / next links for a paged list, with "Pagina 2 van 5". hrefFor(page) builds the link. */
export function Pager({ label: name, page, pages, hrefFor, prevLabel, nextLabel, pageText }) {
  if (pages <= 1) return null;
  return (
    <nav class="regie-pager" aria-label={name}>
      <p class="utrecht-paragraph">{pageText}</p>
      <div class="utrecht-button-group utrecht-button-group--row regie-button-group">
        {page > 1 && <LinkButton variant="secondary" href={hrefFor(page - 1)} rel="prev">{prevLabel}</LinkButton>}
        {page < pages && <LinkButton variant="secondary" href={hrefFor(page + 1)} rel="next">{nextLabel}</LinkButton>}
      </div>
    </nav>
  );
}
