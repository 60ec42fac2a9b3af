// CSV as spreadsheets open it: a UTF-8 byte-order mark (so Excel reads Chinese right), CRLF
// line ends, fields quoted when they hold a comma, a quote or a line end. Figures are the
// engine's strings as they came; nothing is formatted on the way out.

export const BOM = '\uFEFF';

function field(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text (with its BOM) of a header and rows of raw values. */
export function csvText(header, rows) {
  return `${BOM}${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** The engine's CSV text, with the BOM it should start with (added when missing). */
export function withBom(text) {
  return text.startsWith(BOM) ? text : BOM + text;
}

/** Offers `text` as a file download named `name`. */
export function download(name, text, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
