/** What a tenant stitches on: a CRM id (plain or a full B2B composite key), a phone number or an email. */
export const STITCH_KEYS = ['EXTERNAL_ID', 'COMPOSITE', 'PHONE_NUMBER', 'EMAIL'] as const;
export type StitchKeyKind = (typeof STITCH_KEYS)[number];

/** The interaction property that holds each kind of key: the one table TypeScript and Cypher share. */
export const STITCH_KEY_FIELD = {
  EXTERNAL_ID: 'externalId',
  COMPOSITE: 'externalId',
  PHONE_NUMBER: 'phoneNumber',
  EMAIL: 'email',
} as const satisfies Record<StitchKeyKind, string>;

export type StitchKeyField = (typeof STITCH_KEY_FIELD)[StitchKeyKind];
