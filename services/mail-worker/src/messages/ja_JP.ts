// Japanese mail texts (the default).
import type { MailTexts } from './texts';

export const MAIL_JA_JP: MailTexts = {
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
