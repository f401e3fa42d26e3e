// CSV field quoting (RFC 4180), with a guard against spreadsheet formula injection.

/** Quotes a CSV cell; cells starting with = + - @ get a leading apostrophe so spreadsheets don't run them. */
export function csvCell(value: unknown): string {
  let text =
    value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}
