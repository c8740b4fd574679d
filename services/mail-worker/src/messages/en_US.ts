// English (US) mail texts.
import type { MailTexts } from './texts';

export const MAIL_EN_US: MailTexts = {
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
