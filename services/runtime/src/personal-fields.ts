// The field names that carry personal data wherever they sit in a payload: e-mail
// addresses, phone numbers, names, PIN HMACs, and personalId (the customer's id in
// the CRM). The logger censors them (logger.ts); the operator console masks them all
// but personalId, the id an operator looks a customer up by.
export const PERSONAL_FIELDS = [
  'email',
  'phone',
  'phoneNumber',
  'phoneE164',
  'name',
  'cardPinHmac',
  'personalId',
] as const;
