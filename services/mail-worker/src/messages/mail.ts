// The notification mail: its localized texts (ja_JP, the default, and en_US) and how
// they are rendered into a subject, plain text and HTML (every interpolated value
// HTML-escaped). Pure; the link is the contact's linkUrl or, without one, the
// configured My Page URL.
//
// Deliberately small: the mail only says that something new is on My Page and links to
// it. It never carries the contact's body, policy number or anything contractual, and
// not its title either: titles are free text written by CRM operators and may name a
// policy or a payment problem, and an e-mail leaves our systems unencrypted and can be
// forwarded. The customer reads the title on My Page after signing in.
import type { ContactKind } from '../domain/types';

export interface MailTexts {
  subject: Readonly<Record<ContactKind, string>>;
  /** First paragraph: what is new. */
  lead: Readonly<Record<ContactKind, string>>;
  /** Before the link. */
  linkIntro: string;
  /** Last paragraph: this address does not take replies. */
  footer: string;
}

export const MAIL_LOCALES = ['ja_JP', 'en_US'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** Japanese (the default). */
const MAIL_JA_JP: MailTexts = {
  subject: {
    NOTICE: '【マイページ】新しいお知らせがあります',
    ACTION_REQUEST: '【マイページ】ご対応をお願いする事項があります',
  },
  lead: {
    NOTICE: 'いつもご利用いただきありがとうございます。マイページに新しいお知らせを掲載しました。',
    ACTION_REQUEST:
      'いつもご利用いただきありがとうございます。マイページにお客さまへのご対応のお願い（対応依頼）を掲載しました。',
  },
  linkIntro: '内容は下記のリンクからマイページにログインしてご確認ください。',
  footer: '※本メールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできませんのでご了承ください。',
};

/** English (US). */
const MAIL_EN_US: MailTexts = {
  subject: {
    NOTICE: '[My Page] You have a new notice',
    ACTION_REQUEST: '[My Page] An action is requested from you',
  },
  lead: {
    NOTICE: 'Thank you for being our customer. A new notice has been posted on your My Page.',
    ACTION_REQUEST: 'Thank you for being our customer. A request for action has been posted on your My Page.',
  },
  linkIntro: 'Please sign in to My Page through the link below to read it.',
  footer: 'This message was sent from a send-only address. Replies to it are not read.',
};

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
