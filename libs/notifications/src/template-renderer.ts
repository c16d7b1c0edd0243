import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NotificationKind } from './notification-kinds';

/** Template files live next to this file (`templates/`), copied into dist by the build. */
export const TEMPLATE_DIR = join(__dirname, 'templates');

export type TemplateValues = Record<string, unknown>;

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function lookup(values: TemplateValues, path: string): unknown {
  if (path === '.') return values['.'];
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as TemplateValues)[key] : undefined), values);
}

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * A small mustache: `{{name}}` (HTML-escaped when `html`), `{{{name}}}` raw, `{{#list}}…{{/list}}` repeated per item
 * (or shown when truthy), `{{^name}}…{{/name}}` shown when falsy. Enough for messages; no logic in templates.
 */
export function renderTemplate(template: string, values: TemplateValues, html: boolean): string {
  const section = /\{\{([#^])([\w.]+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
  const withSections = template.replace(section, (_m, kind: string, name: string, inner: string) => {
    const value = lookup(values, name);
    if (kind === '^') return truthy(value) ? '' : renderTemplate(inner, values, html);
    if (Array.isArray(value)) {
      return value
        .map((item) =>
          renderTemplate(
            inner,
            typeof item === 'object' && item ? { ...values, ...item } : { ...values, '.': item },
            html,
          ),
        )
        .join('');
    }
    return truthy(value) ? renderTemplate(inner, values, html) : '';
  });
  return withSections
    .replace(/\{\{\{([\w.]+)\}\}\}/g, (_m, name: string) => String(lookup(values, name) ?? ''))
    .replace(/\{\{([\w.]+)\}\}/g, (_m, name: string) => {
      const value = String(lookup(values, name) ?? '');
      return html ? escapeHtml(value) : value;
    });
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const cache = new Map<string, string>();

function file(name: string): string {
  let content = cache.get(name);
  if (content === undefined) {
    const path = join(TEMPLATE_DIR, name);
    if (!existsSync(path)) throw new Error(`notification template ${name} is missing`);
    content = readFileSync(path, 'utf8');
    cache.set(name, content);
  }
  return content;
}

/** Inbox title and body of a kind (its subject and text templates). */
export function renderInbox(kind: NotificationKind, values: TemplateValues): { title: string; body: string } {
  return {
    title: renderTemplate(file(`${kind}.subject.txt`), values, false).trim(),
    body: renderTemplate(file(`${kind}.text.txt`), values, false).trim(),
  };
}

/**
 * The e-mail of a kind: subject, plain text and HTML, each inside the shared layout (greeting, link to the console,
 * the unsubscribe link that works without login).
 */
export function renderEmail(
  kind: NotificationKind,
  values: TemplateValues & { recipientName: string; link: string | null; unsubscribeUrl: string; kindLabel: string },
): RenderedMessage {
  const subject = renderTemplate(file(`${kind}.subject.txt`), values, false).trim();
  const text = renderTemplate(file(`${kind}.text.txt`), values, false).trim();
  const htmlBody = renderTemplate(file(`${kind}.html`), values, true);
  const layoutValues = { ...values, subject, content: text };
  return {
    subject,
    text: renderTemplate(file('layout.txt'), layoutValues, false),
    html: renderTemplate(file('layout.html'), { ...layoutValues, body: htmlBody }, true),
  };
}
