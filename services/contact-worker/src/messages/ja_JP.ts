// Japanese reply texts (the default language), one per contact or account code;
// codes common to both domains share one text.
import type { AccountCode, ContactCode } from '../domain/codes';

export const MESSAGES_JA_JP: Readonly<Record<ContactCode | AccountCode, string>> = {
  Success: '正常に処理しました。',
  ValidationFailed: 'リクエストの内容に誤りがあります。',
  PolicyNumberRequired: 'この対応依頼種類では証券番号が必須です。',
  ContactNotFound: '指定された連絡IDの連絡が見つかりません。',
  ContactDeleted: 'この連絡は削除済みです。',
  ContactAlreadyAnswered: 'この連絡は回答済みのため更新できません。',
  ContactAlreadyApproved: 'この連絡は承認済みです。',
  SelfApprovalNotAllowed: '連絡の作成者または最後に内容を更新した人は承認できません。別の担当者が承認してください。',
  ContactAlreadyExists: '指定された連絡IDは既に使用されています。',
  VersionConflict: 'この連絡は他の更新により変更されています。最新の内容を確認してから再度更新してください。',
  AccountNotFound: '指定されたアカウントが見つかりません。',
  PersonalIdMismatch: '個人IDがアカウントと一致しません。',
  DuplicateRequestId: '同じリクエストIDで内容の異なるリクエストを受け付け済みです。',
  MalformedRequest: 'リクエストを読み取れませんでした。',
  InternalError: '予期しないエラーが発生しました。',
};
