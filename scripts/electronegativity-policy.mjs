// Judges Electronegativity's CSV report: which findings fail the build.
// Electronegativity itself exits 0 whatever it finds.

const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/** RFC 4180 CSV (quoted fields, "" for a quote), as Electronegativity writes it. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** The report's rows as findings, with paths relative to `root`. */
export function findingsFromCsv(text, root) {
  const [header, ...rows] = parseCsv(text);
  const col = (name) => header.findIndex((h) => h.trim() === name);
  const at = { check: col('issue'), severity: col('severity'), file: col('filename'), location: col('location'), sample: col('sample') };
  return rows.map((row) => ({
    check: row[at.check].trim(),
    severity: row[at.severity].trim().toUpperCase(),
    file: row[at.file].trim().replace(`${root.replace(/\/$/, '')}/`, ''),
    location: row[at.location].trim(),
    sample: row[at.sample],
  }));
}

const matches = (exemption, finding) =>
  exemption.check === finding.check && finding.file.endsWith(exemption.file) && finding.sample.includes(exemption.sample);

/**
 * Splits findings into blocking (MEDIUM or higher, not exempted), exempted and
 * informational; an exemption without a written reason exempts nothing, and one
 * that matches no finding is reported as stale.
 */
export function judge(findings, exemptions) {
  const valid = exemptions.filter((e) => typeof e.reason === 'string' && e.reason.trim().length >= 10);
  const blocking = [];
  const exempted = [];
  const info = [];
  for (const finding of findings) {
    if (!BLOCKING.has(finding.severity)) info.push(finding);
    else if (valid.some((e) => matches(e, finding))) exempted.push(finding);
    else blocking.push(finding);
  }
  const stale = exemptions.filter((e) => !findings.some((f) => matches(e, f)));
  const unexplained = exemptions.filter((e) => !valid.includes(e));
  return { blocking, exempted, info, stale, unexplained };
}
