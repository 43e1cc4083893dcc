// The rows certify-client judges and the one-line fix it prints under each. The rules themselves live in the
// reference (a refusal carries its catalogue id); here is only what to tell a client's author.

/**
 * Every row certify-client reports, with the fix it prints under a red cell: the ids the reference's refusals
 * carry, and the rows judged from the order of requests (CLIENT-*, AWS-PAGE-01, AWS-GROUP-01).
 */
export const FIX: Record<string, string> = {
  'AP-USER-01': 'Send userName, name.givenName, name.familyName and displayName, none of them empty, on every user.',
  'AP-USER-02': 'Mark the user\'s one email "primary": true.',
  'AP-USER-03': 'Send at most one value in emails, phoneNumbers, addresses and roles: keep the primary one.',
  'AP-ENABLE-01': 'Enable automatic provisioning before the client sends requests.',
  'AP-ENABLE-02': 'Remove the trailing "/" from the SCIM endpoint the AWS console shows.',
  'AP-TOKEN-02': 'The token was deleted: switch the client to the new token before deleting the old one.',
  'AP-TOKEN-05': 'The token expired (one year after it was made): generate a new one and rotate before the expiry date.',
  'AWS-TENANT-01': 'Use the SCIM endpoint of the tenant the token belongs to, as the console shows it (less the trailing "/").',
  'AWS-OPS-01': 'Change groups with PATCH (AWS has no Group PUT) and send plain requests instead of /Bulk, /.search and /Me.',
  'AWS-FILTER-01': 'Filter only with eq (joined by and) on userName, externalId, groups.value or id and manager (users), displayName, externalId or id and members (groups); filter the rest on the client.',
  'AWS-PAGE-01': 'Page with ?cursor and then each answer\'s nextCursor, count 1 to 100: AWS ignores startIndex and says nothing of more pages unless asked with cursor.',
  'AWS-GROUP-01': 'Read membership with GET /Groups?filter=id eq "G" and members eq "U": AWS returns groups with an empty members list.',
  'AWS-GROUP-02': 'Send at most 100 membership changes in one PATCH (split bigger ones) and remove members by value, never all at once.',
  'AWS-PATCH-01': 'Put at most one operation on userName or active in a PATCH, never remove them, and PATCH groups only on displayName, members and externalId (no id in the value).',
  'AWS-CHARS-01': 'Leave an empty attribute out instead of sending "", and keep < > ; : % tabs and line breaks out of names, titles and address parts.',
  'RFC-AUTH-01': 'Send "Authorization: Bearer <access token>" on every request.',
  'CLIENT-ATTR-01': 'Drop what AWS does not support (password, ims, photos, x509Certificates, entitlements, display sub-attributes, attributes outside its schema) and set membership on the group, not as groups on the user.',
  'CLIENT-VALID-01': 'Send requests RFC 7643/7644 allow: the answer and the reference\'s reason below say what was wrong.',
  'CLIENT-RETRY-01': 'After a 429, wait the Retry-After seconds (or back off exponentially when there are none) before the next request.',
  'CLIENT-CONFLICT-01': 'After a 409, look the resource up (filter on userName, externalId or displayName) and update it instead of creating it again.',
  'CLIENT-AUTH-01': 'After a 401, stop and ask for a new token instead of sending the refused one again.',
};

/** Every row a certify-client report shows, refused or not, in catalogue order when the report is built. */
export const REPORTED_ROWS = Object.keys(FIX);

/** The catalogue ids certify-client judges: every `judges: client` row must be one of them (support/catalog/lint.ts). */
export const CLIENT_JUDGED_IDS: ReadonlySet<string> = new Set(REPORTED_ROWS);
