// The card worker's collection (its entity store): one document per card, holding
// its customer too. Operator tools (`ops rekey`) read and rewrite its encrypted phone.
export const CARDS = 'cards';
