export type IdentifierKind =
  | "email"
  | "phone"
  | "name"
  | "iban"
  | "address"
  | "birth_date"
  | "national_id";

/**
 * Column names that usually hold direct identifiers (GDPR Art. 4(1)), in English and German.
 * Matched against the name's words (split at _, -, space, dot and camelCase), so "username"
 * style compounds are caught by the compound list and "rename_flag" is not a name.
 */
const WORDS: Record<IdentifierKind, readonly string[]> = {
  email: ["email", "e-mail", "mail", "emailaddress", "mailadresse", "emailadresse"],
  phone: [
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "telefon",
    "telefonnummer",
    "handy",
    "mobil",
    "mobilnummer",
    "phonenumber",
    "fax",
  ],
  name: [
    "name",
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "forename",
    "givenname",
    "familyname",
    "vorname",
    "nachname",
    "familienname",
    "username",
  ],
  iban: [
    "iban",
    "bic",
    "swift",
    "accountnumber",
    "kontonummer",
    "creditcard",
    "cardnumber",
    "kreditkarte",
  ],
  address: [
    "address",
    "street",
    "addr",
    "adresse",
    "anschrift",
    "strasse",
    "straße",
    "hausnummer",
    "postcode",
    "zipcode",
    "zip",
    "plz",
    "postleitzahl",
  ],
  birth_date: ["dob", "birthdate", "dateofbirth", "birthday", "geburtsdatum", "geburtstag"],
  national_id: [
    "ssn",
    "passport",
    "taxid",
    "steuerid",
    "personalausweis",
    "sozialversicherungsnummer",
    "svnr",
    "nationalid",
  ],
};

/** Compound names that the word split would not see as one word. */
const COMPOUNDS: readonly [string, IdentifierKind][] = Object.entries(WORDS).flatMap(
  ([kind, words]) =>
    words.map(
      (w) => [w.replace(/[^a-zß]/g, ""), kind as IdentifierKind] as [string, IdentifierKind],
    ),
);

export function identifierKind(column: string): IdentifierKind | null {
  const spaced = column.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const words = spaced.split(/[^a-z0-9äöüß]+/).filter((w) => w !== "");
  const joined = words.join("");
  for (const [kind, list] of Object.entries(WORDS) as [IdentifierKind, readonly string[]][]) {
    if (words.some((w) => list.includes(w))) return kind;
  }
  for (const [compound, kind] of COMPOUNDS)
    if (compound.length >= 4 && joined === compound) return kind;
  // "first name", "e mail", "phone number": adjacent words forming a listed compound
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]}${words[i + 1]}`;
    const hit = COMPOUNDS.find(([c]) => c === pair);
    if (hit) return hit[1];
  }
  return null;
}

/**
 * Data minimisation: columns in the input that look like direct identifiers and that the audit
 * did not need. The report names them (column names only, never values) so whoever exports the
 * data can leave them out next time.
 */
export function findIdentifierColumns(
  headers: readonly { displayName: string; columns: readonly string[] }[],
  reads: readonly { file: string; column: string }[],
): { file: string; column: string }[] {
  const out: { file: string; column: string }[] = [];
  for (const h of headers) {
    for (const column of h.columns) {
      if (reads.some((r) => r.file === h.displayName && r.column === column)) continue;
      if (identifierKind(column) !== null) out.push({ file: h.displayName, column });
    }
  }
  return out;
}
