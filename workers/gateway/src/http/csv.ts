export type CsvCell = string | number | boolean | null;

/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell !== "string") return String(cell);
  // User ids come from identity providers and API-key admins: defuse formulas, as OWASP advises, before quoting.
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 text: a header record, then one record per row, CRLF after each;
 * a field holding a comma, a double quote, CR or LF is quoted and its quotes
 * doubled. Text cells that would start a spreadsheet formula get a leading `'`.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((record) => `${record.map(field).join(",")}\r\n`).join("");
}
