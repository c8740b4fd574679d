// Renders the notification mail: subject, plain text and HTML (every interpolated
// value HTML-escaped). Pure; the link is the contact's linkUrl or, without one,
// the configured My Page URL.
import type { ContactKind } from '../domain/types';
import { MAIL_EN_US } from './en_US';
import { MAIL_JA_JP } from './ja_JP';
import type { MailLocale, MailTexts } from './texts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const TEXTS: Readonly<Record<MailLocale, MailTexts>> = { ja_JP: MAIL_JA_JP, en_US: MAIL_EN_US };

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderMail(kind: ContactKind, link: string, locale: MailLocale): RenderedMail {
  const t = TEXTS[locale];
  const lang = locale === 'ja_JP' ? 'ja' : 'en';
  const text = [t.lead[kind], '', t.linkIntro, link, '', t.footer, ''].join('\n');
  const html = [
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject[kind])}</title></head><body>`,
    `<p>${escapeHtml(t.lead[kind])}</p>`,
    `<p>${escapeHtml(t.linkIntro)}<br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p><small>${escapeHtml(t.footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t.subject[kind], text, html };
}

/** The link a mail points to. */
export function mailLink(linkUrl: string | null, myPageUrl: string): string {
  return linkUrl?.trim() ? linkUrl.trim() : myPageUrl;
}
