/**
 * Spreadsheet formula-injection guard (OWASP "CSV injection"): a text cell that starts like a
 * formula would be evaluated when the file is opened in Excel or LibreOffice, so it gets a
 * leading apostrophe, which spreadsheets show as plain text. Only text goes through here:
 * numbers stay numbers.
 */

/** Characters that make a spreadsheet treat a cell as a formula (or start one after a tab/CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text, with a leading `'` when it would otherwise start a formula. */
export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}
