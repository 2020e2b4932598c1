// Pure: no I/O.
/**
 * Text for a spreadsheet cell that no spreadsheet will run as a formula (CSV/formula injection): a value
 * that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a name such
 * as `=HYPERLINK(…)` stays text even when a user later edits the cell.
 */
export function textCell(v: string | null | undefined): string {
  if (!v) return '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The text a cell written by `textCell` stood for: a workbook we wrote, uploaded again, reads as it was. */
export function fromTextCell(v: string): string {
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}
