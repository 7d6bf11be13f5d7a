// Judges Electronegativity's findings: which fail the build.
// Electronegativity itself exits 0 whatever it finds.

const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/**
 * Electronegativity's issues (as its runner returns them) as findings, with
 * paths relative to `root`.
 */
export function findingsFromIssues(issues, root) {
  const prefix = `${root.replace(/\/$/, '')}/`;
  return issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name.toUpperCase(),
    file: issue.file.replace(prefix, ''),
    location: `${issue.location.line}:${issue.location.column}`,
    sample: issue.sample ?? '',
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
